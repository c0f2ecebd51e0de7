package dev.basalt.voice.discord;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.basalt.voice.OpusFrameSource;
import dev.basalt.voice.VoiceClose;
import dev.basalt.voice.VoiceComponent;
import dev.basalt.voice.VoiceConnection;
import dev.basalt.voice.VoiceCredentials;
import dev.basalt.voice.VoiceEvent;
import dev.basalt.voice.discord.fake.AudioSnapshot;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import dev.basalt.voice.discord.fake.OpusTone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.basalt.voice.discord.VoiceCall.WAIT;
import static dev.basalt.voice.discord.VoiceCall.GUILD;
import static dev.basalt.voice.discord.VoiceCall.USER;
import static dev.basalt.voice.discord.VoiceCall.SESSION;
import static dev.basalt.voice.discord.VoiceCall.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Discord voice connection against {@link FakeDiscordVoiceServer}: real TLS WebSocket, real UDP, real Opus,
 * decrypted and decoded by an independent implementation on the server side.
 */
class DiscordVoiceConnectionTest {

    private static List<byte[]> tone;

    private final VoiceCall call = new VoiceCall();
    private final List<VoiceClose> closes = call.closes();

    @BeforeAll
    static void encodeTone() {
        tone = OpusTone.sine(440, 500);
    }

    @AfterEach
    void tearDown() throws Exception {
        call.close();
    }

    private FakeDiscordVoiceServer server(FakeDiscordVoiceServer.Builder builder) {
        return call.server(builder);
    }

    private VoiceComponent component(int bufferDurationMs) {
        return call.component(call.transport(bufferDurationMs, true));
    }

    private static VoiceCredentials credentials(FakeDiscordVoiceServer server, Long channelId) {
        return new VoiceCredentials(TOKEN, server.endpoint(), SESSION, channelId);
    }

    private VoiceConnection connect(VoiceComponent component, FakeDiscordVoiceServer server) {
        component.deliver(GUILD, credentials(server, 1234567890123456789L));
        return component.connectTo(GUILD, WAIT).join();
    }

    /** Plays {@code frames} of the tone, then nothing. */
    private static OpusFrameSource play(int frames) {
        return VoiceCall.play(tone, frames);
    }

    @Test
    void tenSecondsOfA440HzToneArriveIntactThroughTheNativeQueue() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        VoiceConnection connection = connect(component(400), server);
        connection.attach(play(500));

        AudioSnapshot audio = server.awaitPackets(505, Duration.ofSeconds(20));
        server.awaitSpeakingState(0, 1, WAIT);
        assertThat(audio.packetCount() - audio.silenceFrames()).isGreaterThanOrEqualTo(495);
        assertThat(audio.sequenceGaps()).isZero();
        assertThat(audio.timestampDiscontinuities()).isZero();
        assertThat(audio.dominantFrequency(0)).isBetween(435.0, 445.0);
        assertThat(audio.dominantFrequency(1)).isBetween(435.0, 445.0);
        // the last silence frame counts as trailing once the pause after it is long enough to be one
        server.awaitCondition("five silence frames after the audio", WAIT, () -> server.trailingSilenceFrames() == 5);
        assertThat(audio.interArrivalP99Millis()).isLessThan(25.0);

        FakeDiscordVoiceServer.Identify identify = server.awaitIdentify(WAIT);
        assertThat(identify.serverId()).isEqualTo(Long.toString(GUILD));
        assertThat(identify.userId()).isEqualTo(Long.toString(USER));
        assertThat(identify.sessionId()).isEqualTo(SESSION);
        assertThat(identify.maxDaveProtocolVersion().intValue()).as("DAVE offered: the channel id is known").isEqualTo(1);
        assertThat(server.selectedMode()).isEqualTo("aead_aes256_gcm_rtpsize");
        server.awaitHeartbeats(2, WAIT);
        assertThat(connection.isGatewayOpen()).isTrue();
        assertThat(connection.ping()).isGreaterThanOrEqualTo(0);
        assertThat(server.decryptFailures()).isZero();
        server.assertNoViolations();
    }

    @Test
    void xchachaIsUsedWhenAesIsNotOfferedAndTheJavaSenderWorksToo() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder()
                .offeredModes("aead_xchacha20_poly1305_rtpsize", "xsalsa20_poly1305"));
        VoiceConnection connection = connect(component(0), server);
        connection.attach(play(100));
        AudioSnapshot audio = server.awaitPackets(105, WAIT);
        assertThat(server.selectedMode()).isEqualTo("aead_xchacha20_poly1305_rtpsize");
        assertThat(audio.sequenceGaps()).isZero();
        assertThat(audio.dominantFrequency(0)).isBetween(435.0, 445.0);
        assertThat(((DiscordVoiceConnection) connection).frameCounts().sent()).isGreaterThanOrEqualTo(105);
        server.assertNoViolations();
    }

    @Test
    void binaryFramesCountInTheAcknowledgedSequence() {
        // without Speaking echoes the binary frame stays the last numbered message
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder().speakingEcho(false));
        connect(component(400), server);
        int heartbeats = server.heartbeats();
        int seq = server.sendBinary(25, new byte[]{1, 2, 3});
        server.awaitHeartbeats(heartbeats + 2, WAIT);
        assertThat(server.heartbeatRecords().get(server.heartbeatRecords().size() - 1).seqAck()).isEqualTo(seq);
        server.assertNoViolations();
    }

    @Test
    void anIdleConnectionSendsKeepAlives() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        connect(component(0), server);
        server.awaitCondition("a UDP keep-alive", Duration.ofSeconds(8), () -> server.keepAlives() >= 1);
        assertThat(server.audio().silenceFrames()).as("the five frames that end the initial Speaking").isEqualTo(5);
        server.assertNoViolations();
    }

    @Test
    void aFrameSourceThatStallsForLessThanTheBufferLosesNothingOnTheWire() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        VoiceConnection connection = connect(component(400), server);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stalled = new AtomicBoolean();
        connection.attach(target -> {
            int index = next.getAndIncrement();
            if (index >= 150) {
                return false;
            }
            if (index == 60 && stalled.compareAndSet(false, true)) {
                // a stop-the-world pause on the thread that feeds the native queue
                pause(300);
            }
            target.put(tone.get(index));
            return true;
        });
        AudioSnapshot audio = server.awaitPackets(155, WAIT);
        assertThat(stalled).isTrue();
        assertThat(audio.sequenceGaps()).isZero();
        assertThat(audio.interArrivalMaxMillis()).isLessThan(60.0);
    }

    @ParameterizedTest(name = "close {0} is resumed silently and audio keeps flowing")
    @ValueSource(ints = {1001, 4015, 3000})
    void resumableClosesResume(int code) {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        VoiceConnection connection = connect(component(400), server);
        connection.attach(play(250));
        server.awaitPackets(50, WAIT);
        server.closeGateway(code, "test close");
        FakeDiscordVoiceServer.Resume resume = server.awaitResumes(1, WAIT);
        assertThat(resume.accepted()).isTrue();
        assertThat(resume.sessionId()).isEqualTo(SESSION);
        assertThat(resume.seqAck()).isEqualTo(server.resumeRecords().get(0).seqAck());
        AudioSnapshot audio = server.awaitPackets(255, WAIT);
        assertThat(audio.sequenceGaps()).as("UDP audio does not stop for a resume").isZero();
        assertThat(server.identifies()).isEqualTo(1);
        assertThat(closes).isEmpty();
        server.awaitCondition("gateway open again", WAIT, connection::isGatewayOpen);
        server.assertNoViolations();
    }

    @Test
    void unansweredHeartbeatsDropTheSocketAndResume() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        connect(component(400), server);
        server.setHeartbeatAcks(false);
        server.awaitResumes(1, WAIT);
        assertThat(closes).isEmpty();
        assertThat(server.identifies()).isEqualTo(1);
    }

    @ParameterizedTest(name = "close {0} starts a new session")
    @ValueSource(ints = {4000, 4001, 4002, 4003, 4005, 4006, 4009})
    void sessionLossStartsANewSession(int code) {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        connect(component(400), server);
        server.closeGateway(code, "test close");
        server.awaitIdentifies(2, WAIT);
        server.awaitCondition("second session selected its protocol", WAIT,
                () -> server.selectProtocolRecords().size() == 2);
        if (code == 4006 || code == 4009) {
            assertThat(closes).extracting(VoiceClose::code, VoiceClose::byRemote, VoiceClose::reconnecting)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(code, true, true));
        } else {
            assertThat(closes).isEmpty();
        }
        assertThat(server.resumes()).isZero();
    }

    @Test
    void aProtocolErrorIsRetriedOnlyOnce() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        connect(component(400), server);
        server.closeGateway(4001, "unknown opcode");
        server.awaitIdentifies(2, WAIT);
        server.awaitCondition("second session ready", WAIT, () -> server.selectProtocolRecords().size() == 2);
        server.closeGateway(4001, "unknown opcode");
        awaitClose(4001);
        assertThat(closes.get(0).reconnecting()).isFalse();
    }

    @ParameterizedTest(name = "close {0} stops and is reported")
    @ValueSource(ints = {1000, 4004, 4011, 4012, 4014, 4016, 4020, 4021, 4022})
    void fatalClosesStopAndAreReported(int code) {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        VoiceConnection connection = connect(component(400), server);
        server.closeGateway(code, "fatal " + code);
        VoiceClose close = awaitClose(code);
        assertThat(close.reason()).isEqualTo("fatal " + code);
        assertThat(close.byRemote()).isTrue();
        assertThat(close.reconnecting()).isFalse();
        assertThat(connection.isGatewayOpen()).isFalse();
        assertThat(connection.ping()).isEqualTo(-1);
        // nothing reconnects by itself
        pause(500);
        assertThat(server.identifies()).isEqualTo(1);
        assertThat(server.resumes()).isZero();
    }

    @Test
    void e2eeRequiredSaysWhyThisNodeCouldNotOfferIt() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        VoiceComponent component = component(400);
        component.deliver(GUILD, credentials(server, null));
        component.connectTo(GUILD, WAIT).join();
        assertThat(server.awaitIdentify(WAIT).maxDaveProtocolVersion().intValue())
                .as("no channelId: DAVE cannot start, so it is not offered").isZero();
        server.closeGateway(4017, "E2EE/DAVE protocol required");
        VoiceClose close = awaitClose(4017);
        assertThat(close.reason()).startsWith("E2EE/DAVE protocol required").contains("channelId")
                .doesNotContain("basalt.dave.enabled");
        assertThat(close.reconnecting()).isFalse();
    }

    @Test
    void daveDisabledByConfigIdentifiesWithoutItAndA4017IsFatalWithAClearReason() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        VoiceComponent component = call.component(call.transport(400, false));
        connect(component, server);
        assertThat(server.awaitIdentify(WAIT).maxDaveProtocolVersion().intValue()).isZero();

        server.closeGateway(4017, "E2EE/DAVE protocol required");
        VoiceClose close = awaitClose(4017);
        assertThat(close.reason()).startsWith("E2EE/DAVE protocol required")
                .contains("disabled on this node by config (basalt.dave.enabled=false)");
        assertThat(close.byRemote()).isTrue();
        assertThat(close.reconnecting()).isFalse();
        pause(300);
        assertThat(server.identifies()).as("fatal: no new session").isEqualTo(1);
    }

    @Test
    void newCredentialsMoveTheConnectionAndANullEndpointWaits() {
        FakeDiscordVoiceServer first = server(FakeDiscordVoiceServer.builder());
        FakeDiscordVoiceServer second = server(FakeDiscordVoiceServer.builder());
        VoiceComponent component = component(400);
        VoiceConnection connection = connect(component, first);

        connection.notify(new VoiceEvent.VoiceServerUpdate(GUILD, TOKEN, null));
        first.awaitCloses(1, WAIT);
        assertThat(first.closes().get(0).byClient()).isTrue();
        assertThat(first.closes().get(0).code()).isEqualTo(1000);

        VoiceConnection moved = component.deliver(GUILD, credentials(second, 1234567890123456789L));
        assertThat(moved).isSameAs(connection);
        second.awaitIdentify(WAIT);
        component.connectTo(GUILD, WAIT).join();
        connection.attach(play(50));
        assertThat(second.awaitPackets(50, WAIT).dominantFrequency(0)).isBetween(435.0, 445.0);
        assertThat(first.identifies()).isEqualTo(1);
        assertThat(closes).isEmpty();
    }

    @Test
    void identicalCredentialsDoNotReconnect() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        VoiceComponent component = component(400);
        connect(component, server);
        component.deliver(GUILD, credentials(server, 1234567890123456789L));
        pause(300);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void anUnreachableServerIsGivenUpAfterTheAttemptLimit() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        String endpoint = server.endpoint();
        server.stop();
        VoiceComponent component = component(400);
        component.deliver(GUILD, new VoiceCredentials(TOKEN, endpoint, SESSION, 1L));
        assertThatThrownBy(() -> component.connectTo(GUILD, WAIT).join()).isInstanceOf(CompletionException.class);
        VoiceClose close = awaitClose(1006);
        assertThat(close.reason()).startsWith("Could not connect");
        assertThat(close.byRemote()).isFalse();
    }

    @Test
    void lostDiscoveryPacketsAreResent() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        server.dropUdp(2);
        VoiceConnection connection = connect(component(400), server);
        assertThat(connection.isGatewayOpen()).isTrue();
        assertThat(server.droppedDatagrams()).isEqualTo(2);
    }

    @Test
    void disconnectClosesTheGatewayNormally() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        VoiceComponent component = component(400);
        connect(component, server);
        component.disconnect(GUILD);
        List<FakeDiscordVoiceServer.GatewayClose> closed = server.awaitCloses(1, WAIT);
        assertThat(closed.get(0).code()).isEqualTo(1000);
        assertThat(closed.get(0).byClient()).isTrue();
        assertThat(component.connections()).isEmpty();
        assertThat(closes).isEmpty();
    }

    private VoiceClose awaitClose(int code) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (VoiceClose close : closes) {
                if (close.code() == code) {
                    return close;
                }
            }
            pause(20);
        }
        throw new AssertionError("no close " + code + " reported; got " + closes);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
