package dev.basalt.voice.discord.fake;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fake voice server against a scripted client that does everything by hand: first a correct session end to
 * end (TLS through the default trust store, v8 gateway, IP discovery, both AEAD modes, real Opus), then the
 * mistakes the fake must catch.
 */
class FakeDiscordVoiceServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<AutoCloseable> resources = new ArrayList<>();

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(0, resource);
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private FakeDiscordVoiceServer server(FakeDiscordVoiceServer.Builder builder) {
        return track(builder.start());
    }

    private ScriptedVoiceClient connect(FakeDiscordVoiceServer server) {
        return track(ScriptedVoiceClient.connect(server.gatewayUri()));
    }

    /** Everything up to (and including) Session Description. */
    private record Established(ScriptedVoiceClient client, JsonNode ready, JsonNode description, long ssrc,
                               byte[] key) {
    }

    private Established establish(FakeDiscordVoiceServer server, String mode) throws Exception {
        ScriptedVoiceClient client = connect(server);
        client.expect(8, WAIT);
        client.identify(server);
        JsonNode ready = client.expect(2, WAIT).path("d");
        long ssrc = ready.path("ssrc").asLong();
        ScriptedVoiceClient.Discovered discovered = client.discover(ready.path("ip").asString(),
                ready.path("port").asInt(), ssrc);
        client.selectProtocol(discovered.address(), discovered.port(), mode);
        JsonNode description = client.expect(4, WAIT).path("d");
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) description.path("secret_key").get(i).asInt();
        }
        return new Established(client, ready, description, ssrc, key);
    }

    @ParameterizedTest
    @ValueSource(strings = {TransportCrypto.AES_GCM, TransportCrypto.XCHACHA})
    void aCorrectSessionEndToEnd(String mode) throws Exception {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder().heartbeatInterval(500.5)
                .clientsConnect("3000000000000000003"));
        ScriptedVoiceClient client = connect(server);

        JsonNode hello = client.expect(8, WAIT);
        assertThat(hello.has("seq")).as("Hello is not numbered").isFalse();
        assertThat(hello.path("d").path("heartbeat_interval").isFloatingPointNumber()).isTrue();
        assertThat(hello.path("d").path("heartbeat_interval").asDouble()).isEqualTo(500.5);
        client.startHeartbeats(hello.path("d").path("heartbeat_interval").asDouble());

        client.identify(server);
        JsonNode ready = client.expect(2, WAIT);
        assertThat(ready.path("seq").asInt()).isEqualTo(1);
        JsonNode readyData = ready.path("d");
        long ssrc = readyData.path("ssrc").asLong();
        assertThat(ssrc).isEqualTo(server.ssrc()).isBetween(1L << 31, (1L << 32) - 1);
        assertThat(readyData.path("ip").asString()).isEqualTo("127.0.0.1");
        assertThat(readyData.path("port").asInt()).isEqualTo(server.udpPort());
        assertThat(readyData.path("modes").valueStream().map(JsonNode::asString).toList())
                .containsExactlyElementsOf(FakeDiscordVoiceServer.DEFAULT_MODES);
        assertThat(readyData.path("heartbeat_interval").asDouble()).as("Ready's bogus interval")
                .isNotEqualTo(500.5);
        JsonNode clientsConnect = client.expect(11, WAIT);
        assertThat(clientsConnect.path("seq").asInt()).isEqualTo(2);
        assertThat(clientsConnect.path("d").path("user_ids").get(0).asString()).isEqualTo("3000000000000000003");

        FakeDiscordVoiceServer.Identify identify = server.awaitIdentify(WAIT);
        assertThat(identify.serverId()).isEqualTo(server.guildId());
        assertThat(identify.maxDaveProtocolVersion()).isEqualTo(1);
        assertThat(identify.otherFields()).isEmpty();

        ScriptedVoiceClient.Discovered discovered = client.discover("127.0.0.1", readyData.path("port").asInt(), ssrc);
        assertThat(discovered.address()).isEqualTo("127.0.0.1");
        assertThat(discovered.port()).isPositive();
        client.selectProtocol(discovered.address(), discovered.port(), mode);
        JsonNode description = client.expect(4, WAIT);
        assertThat(description.path("seq").asInt()).isEqualTo(3);
        assertThat(description.path("d").path("mode").asString()).isEqualTo(mode);
        assertThat(description.path("d").path("dave_protocol_version").asInt()).isZero();
        assertThat(description.path("d").path("secret_key").size()).isEqualTo(32);
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) description.path("d").path("secret_key").get(i).asInt();
        }
        assertThat(key).isEqualTo(server.secretKey());
        assertThat(server.awaitSelectProtocol(WAIT).port()).isEqualTo(discovered.port());

        client.speaking(1, ssrc);
        JsonNode echo = client.expect(5, WAIT);
        assertThat(echo.path("seq").asInt()).isEqualTo(4);
        assertThat(server.awaitSpeaking(WAIT).speaking()).isEqualTo(1);

        ScriptedVoiceClient.AudioSender sender = new ScriptedVoiceClient.AudioSender(client, mode, key, ssrc);
        for (byte[] frame : OpusTone.sine(440, 50)) {
            sender.send(frame);
        }
        for (int i = 0; i < 5; i++) {
            sender.send(FakeDiscordVoiceServer.SILENCE_FRAME);
        }
        client.speaking(0, ssrc);
        client.expect(5, WAIT);

        AudioSnapshot audio = server.awaitAudioPauses(1, WAIT);
        assertThat(audio.packetCount()).isEqualTo(55);
        assertThat(audio.sequenceGaps()).isZero();
        assertThat(audio.timestampDiscontinuities()).isZero();
        assertThat(audio.silenceFrames()).isEqualTo(5);
        assertThat(audio.trailingSilenceFrames()).isEqualTo(5);
        assertThat(server.trailingSilenceFrames()).isEqualTo(5);
        assertThat(audio.pcmSamplesPerChannel()).isEqualTo(55 * 960);
        assertThat(audio.dominantFrequency(0)).isCloseTo(440, within(5.0));
        assertThat(audio.dominantFrequency(1)).isCloseTo(440, within(5.0));
        assertThat(audio.rms()).as("a 0.5 sine has RMS 0.354").isCloseTo(0.354, within(0.05));
        assertThat(audio.interArrivalP50Millis()).isCloseTo(20, within(5.0));
        assertThat(audio.packets()).allSatisfy(p -> assertThat(p.mode()).isEqualTo(mode));

        // heartbeats keep coming and acknowledge the echo's seq 5
        int seen = server.heartbeats();
        server.awaitHeartbeats(seen + 2, WAIT);
        assertThat(server.heartbeatRecords()).allSatisfy(h -> assertThat(h.seqAckValid()).isTrue());
        assertThat(server.heartbeatRecords().get(server.heartbeats() - 1).seqAck()).isEqualTo(5);
        assertThat(server.heartbeatIntervalsMillis()).isNotEmpty()
                .allSatisfy(ms -> assertThat(ms).isCloseTo(500.5, within(150.0)));
        assertThat(server.heartbeatAcksSent()).isEqualTo(server.heartbeats());
        assertThat(server.speakingTimeline()).extracting(FakeDiscordVoiceServer.Speaking::speaking)
                .containsExactly(1, 0);
        assertThat(server.identifies()).isEqualTo(1);
        assertThat(server.resumes()).isZero();
        assertThat(server.audioBeforeSpeaking()).isZero();
        assertThat(server.decryptFailures()).isZero();
        server.assertNoViolations();
    }

    @Test
    void theTlsCertificateIsTrustedThroughTheDefaultTrustStoreForLocalhost() throws Exception {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        // the JDK client verifies chain and host name against the JVM default trust store (set by the build)
        assertThat(System.getProperty("javax.net.ssl.trustStore")).endsWith("tls/test-truststore.p12");
        ScriptedVoiceClient client = connect(server);
        assertThat(client.expect(8, WAIT).path("d").path("heartbeat_interval").asLong()).isEqualTo(41_250);
        assertThat(server.endpoint()).isEqualTo("localhost:" + server.gatewayPort());
        // the certificate also names 127.0.0.1
        ScriptedVoiceClient byAddress = track(ScriptedVoiceClient.connect(
                URI.create("wss://127.0.0.1:" + server.gatewayPort() + "/?v=8")));
        byAddress.expect(8, WAIT);
        assertThat(server.connections()).isEqualTo(2);
    }

    @Test
    void aClientThatTrustsOnlyThePublicCasIsRefused() throws Exception {
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        assumeTrue(Files.isReadable(cacerts), "the JDK's own cacerts is needed as a trust store without the test CA");
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        TrustManagerFactory publicCas = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        publicCas.init(KeyStore.getInstance(cacerts.toFile(), (char[]) null));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, publicCas.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(context).build();
        assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(server.gatewayUri(), new WebSocket.Listener() {
        }).join()).hasCauseInstanceOf(SSLHandshakeException.class).hasMessageContaining("PKIX path building failed");
        assertThat(server.identifies()).isZero();
    }

    @Test
    void wrongTokenIsClosedWith4004() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        ScriptedVoiceClient client = connect(server);
        client.expect(8, WAIT);
        client.identify(server.guildId(), server.userId(), server.sessionId(), "not-the-token");
        assertThat(client.awaitClose(WAIT)).isEqualTo(4004);
        assertThat(server.awaitCloses(1, WAIT).get(0).code()).isEqualTo(4004);
        assertThat(server.identifies()).isZero();
        assertThat(server.violations()).as("wrong credentials are a scenario, not a protocol mistake").isEmpty();
    }

    @Test
    void aHeartbeatWithTheWrongSeqAckIsAViolation() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        ScriptedVoiceClient client = connect(server);
        client.expect(8, WAIT);
        client.identify(server);
        int seq = client.expect(2, WAIT).path("seq").asInt();

        client.heartbeat(seq + 5);
        JsonNode ack = client.expect(6, WAIT);
        assertThat(ack.has("seq")).as("Heartbeat ACK is not numbered").isFalse();
        assertThat(server.heartbeatRecords()).extracting(FakeDiscordVoiceServer.Heartbeat::seqAckValid)
                .containsExactly(false);
        assertThat(server.violations()).singleElement().asString().contains("seq_ack " + (seq + 5));
    }

    @Test
    void resumeAfterADropIsAnsweredWithResumedAndMissedMessages() throws Exception {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        Established first = establish(server, TransportCrypto.AES_GCM);
        int acked = first.client().lastSeq();
        assertThat(acked).isEqualTo(server.lastSeq());

        server.closeGateway(4015, "Voice server crashed");
        assertThat(first.client().awaitClose(WAIT)).isEqualTo(4015);
        server.awaitCloses(1, WAIT);
        int missed = server.sendClientsConnect("4000000000000000004");
        byte[] payload = {1, 2, 3};
        int missedBinary = server.sendBinary(25, payload);

        ScriptedVoiceClient second = connect(server);
        second.expect(8, WAIT);
        second.resume(server, acked);
        JsonNode resumed = second.expect(9, WAIT);
        assertThat(resumed.path("d").isNull()).isTrue();
        JsonNode replayed = second.expect(11, WAIT);
        assertThat(replayed.path("seq").asInt()).isEqualTo(missed).isEqualTo(acked + 1);
        byte[] frame = second.expectBinary(WAIT);
        assertThat(frame).containsExactly(0, missedBinary, 25, 1, 2, 3);
        assertThat(second.lastSeq()).isEqualTo(missedBinary);
        server.awaitResumes(1, WAIT);

        // the session carries on: heartbeats acknowledge the replayed seq, audio still decrypts with the same key
        second.heartbeat(second.lastSeq());
        second.expect(6, WAIT);
        second.speaking(1, first.ssrc());
        ScriptedVoiceClient.AudioSender sender =
                new ScriptedVoiceClient.AudioSender(first.client(), TransportCrypto.AES_GCM, first.key(), first.ssrc());
        for (byte[] opus : OpusTone.sine(440, 10)) {
            sender.send(opus);
        }
        server.awaitPackets(10, WAIT);
        assertThat(server.identifies()).isEqualTo(1);
        assertThat(server.resumes()).isEqualTo(1);
        server.assertNoViolations();
    }

    @Test
    void resumingAnInvalidatedSessionIsClosedWith4006() throws Exception {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        Established first = establish(server, TransportCrypto.AES_GCM);
        server.invalidateSession();
        server.closeGateway(1006, "network");
        assertThat(first.client().awaitClose(WAIT)).isEqualTo(1006);

        ScriptedVoiceClient second = connect(server);
        second.expect(8, WAIT);
        second.resume(server, first.client().lastSeq());
        assertThat(second.awaitClose(WAIT)).isEqualTo(4006);
        assertThat(server.resumes()).isZero();
        assertThat(server.rejectedResumes()).isEqualTo(1);
        assertThat(server.violations()).isEmpty();

        // a new session identifies again and gets a new SSRC and key
        Established fresh = establish(server, TransportCrypto.AES_GCM);
        assertThat(fresh.key()).isNotEqualTo(first.key());
        assertThat(server.identifies()).isEqualTo(2);
        server.assertNoViolations();
    }

    @Test
    void aDeprecatedModeIsClosedWith4016() throws Exception {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        ScriptedVoiceClient client = connect(server);
        client.expect(8, WAIT);
        client.identify(server);
        JsonNode ready = client.expect(2, WAIT).path("d");
        ScriptedVoiceClient.Discovered discovered = client.discover("127.0.0.1", ready.path("port").asInt(),
                ready.path("ssrc").asLong());
        client.selectProtocol(discovered.address(), discovered.port(), "xsalsa20_poly1305");
        assertThat(client.awaitClose(WAIT)).isEqualTo(4016);
        assertThat(server.violations()).singleElement().asString().contains("xsalsa20_poly1305");
    }

    @Test
    void aModeThatWasNotOfferedIsClosedWith4016() throws Exception {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder()
                .offeredModes(TransportCrypto.XCHACHA));
        ScriptedVoiceClient client = connect(server);
        client.expect(8, WAIT);
        client.identify(server);
        JsonNode ready = client.expect(2, WAIT).path("d");
        assertThat(ready.path("modes").size()).isEqualTo(1);
        ScriptedVoiceClient.Discovered discovered = client.discover("127.0.0.1", ready.path("port").asInt(),
                ready.path("ssrc").asLong());
        client.selectProtocol(discovered.address(), discovered.port(), TransportCrypto.AES_GCM);
        assertThat(client.awaitClose(WAIT)).isEqualTo(4016);
        assertThat(server.violations()).singleElement().asString().contains("did not offer");
    }

    @Test
    void gatewayMistakesGetTheirCloseCodes() {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());

        ScriptedVoiceClient beforeIdentify = connect(server);
        beforeIdentify.expect(8, WAIT);
        beforeIdentify.send("{\"op\":5,\"d\":{\"speaking\":1,\"delay\":0,\"ssrc\":1}}");
        assertThat(beforeIdentify.awaitClose(WAIT)).isEqualTo(4003);

        ScriptedVoiceClient unknownOp = connect(server);
        unknownOp.expect(8, WAIT);
        unknownOp.send("{\"op\":42,\"d\":{}}");
        assertThat(unknownOp.awaitClose(WAIT)).isEqualTo(4001);

        ScriptedVoiceClient badJson = connect(server);
        badJson.expect(8, WAIT);
        badJson.send("{\"op\":0,\"d\":");
        assertThat(badJson.awaitClose(WAIT)).isEqualTo(4002);

        ScriptedVoiceClient twice = connect(server);
        twice.expect(8, WAIT);
        twice.identify(server);
        twice.expect(2, WAIT);
        twice.identify(server);
        assertThat(twice.awaitClose(WAIT)).isEqualTo(4005);

        ScriptedVoiceClient noVersion = track(ScriptedVoiceClient.connect(
                URI.create("wss://" + server.endpoint() + "/")));
        assertThat(noVersion.awaitClose(WAIT)).isEqualTo(4020);

        assertThat(server.violations()).hasSize(5)
                .anySatisfy(v -> assertThat(v).contains("-> closed 4003"))
                .anySatisfy(v -> assertThat(v).contains("-> closed 4001"))
                .anySatisfy(v -> assertThat(v).contains("-> closed 4002"))
                .anySatisfy(v -> assertThat(v).contains("-> closed 4005"))
                .anySatisfy(v -> assertThat(v).contains("without v=8"));
    }

    @Test
    void audioBeforeSpeakingAndMissingHeartbeatsAreViolations() throws Exception {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder().heartbeatInterval(200));
        Established session = establish(server, TransportCrypto.AES_GCM);
        ScriptedVoiceClient.AudioSender sender = new ScriptedVoiceClient.AudioSender(session.client(),
                TransportCrypto.AES_GCM, session.key(), session.ssrc());
        for (int i = 0; i < 3; i++) {
            sender.send(FakeDiscordVoiceServer.SILENCE_FRAME);
        }
        server.awaitPackets(3, WAIT);
        server.awaitCondition("a late-heartbeat violation", WAIT,
                () -> server.violations().stream().anyMatch(v -> v.contains("no heartbeat")));
        assertThat(server.violations())
                .anySatisfy(v -> assertThat(v).contains("before the first non-zero Speaking"))
                .anySatisfy(v -> assertThat(v).contains("no heartbeat"));
        assertThat(server.audioBeforeSpeaking()).isEqualTo(3);
    }

    @Test
    void udpDropsKeepAlivesAndRtcpAreAccountedFor() throws Exception {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder());
        server.dropUdp(1); // the first discovery request is lost: the client has to retry
        Established session = establish(server, TransportCrypto.XCHACHA);
        assertThat(server.droppedDatagrams()).isEqualTo(1);
        session.client().speaking(1, session.ssrc());
        server.awaitSpeaking(WAIT);

        ScriptedVoiceClient.AudioSender sender = new ScriptedVoiceClient.AudioSender(session.client(),
                TransportCrypto.XCHACHA, session.key(), session.ssrc());
        List<byte[]> frames = OpusTone.sine(440, 10);
        for (int i = 0; i < frames.size(); i++) {
            if (i == 4) {
                server.awaitPackets(4, WAIT); // drops apply where the server reads, so let it catch up first
                server.dropUdp(2);
            }
            sender.send(frames.get(i));
        }
        session.client().sendDatagram(ByteBuffer.allocate(8).putInt(Integer.reverseBytes(1)).array());
        session.client().sendDatagram(new byte[]{(byte) 0x80, (byte) 0xC9, 0, 1, 0, 0, 0, 0});
        session.client().sendDatagram(new byte[]{(byte) 0x81, (byte) 0xC8, 0, 6, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
                12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28});
        server.awaitCondition("keep-alive and RTCP counted", WAIT,
                () -> server.rtcpPackets() == 2 && server.keepAlives() == 1);

        AudioSnapshot audio = server.awaitPackets(8, WAIT);
        assertThat(audio.packetCount()).isEqualTo(8);
        assertThat(audio.sequenceGaps()).as(audio.packets().toString()).isEqualTo(1);
        assertThat(audio.missingPackets()).isEqualTo(2);
        assertThat(audio.timestampDiscontinuities()).as("960 per sequence step across the gap").isZero();
        assertThat(server.droppedDatagrams()).isEqualTo(3);
        server.assertNoViolations();
    }

    @Test
    void binaryFramesCarryTheSeqThatHeartbeatsMustAcknowledge() throws Exception {
        FakeDiscordVoiceServer server = server(FakeDiscordVoiceServer.builder().firstSeq(65534));
        Established session = establish(server, TransportCrypto.AES_GCM);
        assertThat(session.client().lastSeq()).as("Ready 65534, Session Description 65535").isEqualTo(65535);
        int seq = server.sendBinary(29, new byte[]{9, 8});
        assertThat(seq).as("the counter wraps").isZero();
        assertThat(session.client().expectBinary(WAIT)).containsExactly(0, 0, 29, 9, 8);
        session.client().heartbeat(session.client().lastSeq());
        session.client().expect(6, WAIT);

        session.client().sendBinary(new byte[]{26, 1, 2, 3});
        server.awaitCondition("binary frame recorded", WAIT, () -> !server.binaryFrames().isEmpty());
        FakeDiscordVoiceServer.BinaryFrame frame = server.binaryFrames().get(0);
        assertThat(frame.op()).isEqualTo(26);
        assertThat(frame.payload()).containsExactly(1, 2, 3);
        server.assertNoViolations();
    }

    @Test
    void twoInstancesModelAnEndpointMove() throws Exception {
        FakeDiscordVoiceServer before = server(FakeDiscordVoiceServer.builder());
        FakeDiscordVoiceServer after = server(FakeDiscordVoiceServer.builder()
                .credentials("1100000000000000001", "1200000000000000002", "moved-session", "moved-token"));
        assertThat(after.endpoint()).isNotEqualTo(before.endpoint());
        assertThat(after.udpPort()).isNotEqualTo(before.udpPort());
        establish(before, TransportCrypto.AES_GCM);
        before.closeGateway(4014, "Disconnected");
        establish(after, TransportCrypto.AES_GCM);
        assertThat(after.awaitIdentify(WAIT).sessionId()).isEqualTo("moved-session");
        assertThat(after.awaitConnections(1, WAIT)).isEqualTo(1);
        before.assertNoViolations();
        after.assertNoViolations();
    }
}
