package dev.basalt.voice.discord;

import java.time.Duration;
import java.util.List;

import dev.basalt.voice.OpusFrameSource;
import dev.basalt.voice.VoiceClose;
import dev.basalt.voice.VoiceComponent;
import dev.basalt.voice.VoiceConnection;
import dev.basalt.voice.VoiceCredentials;
import dev.basalt.voice.discord.dave.DaveCounters;
import dev.basalt.voice.discord.fake.AudioSnapshot;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import dev.basalt.voice.discord.fake.OpusTone;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static dev.basalt.voice.discord.VoiceCall.WAIT;
import static dev.basalt.voice.discord.VoiceCall.GUILD;
import static dev.basalt.voice.discord.VoiceCall.USER;
import static dev.basalt.voice.discord.VoiceCall.SESSION;
import static dev.basalt.voice.discord.VoiceCall.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DAVE end to end against the fake voice server in DAVE mode: Basalt joins the call's MLS group through a
 * Welcome, commits a second member in and applies the commit that removes it again, executes each transition, and
 * the members hear the 440 Hz tone Basalt plays, decrypted with the keys of their own MLS view, throughout.
 */
class DaveEndToEndTest {

    private static final long CHANNEL = 1234567890123456789L;
    private static final long ANCHOR = 500000000000000001L;
    private static final long JOINER = 500000000000000002L;
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

    private FakeDiscordVoiceServer daveServer() {
        return call.server(FakeDiscordVoiceServer.builder().dave(CHANNEL, ANCHOR));
    }

    private DiscordVoiceTransport transport(boolean daveEnabled) {
        return call.transport(400, daveEnabled);
    }

    private VoiceComponent component(DiscordVoiceTransport transport) {
        return call.component(transport);
    }

    private static OpusFrameSource play(int frames) {
        return VoiceCall.play(tone, frames);
    }

    @Test
    void membersHearTheToneThroughWelcomeJoinLeaveAndTheirTransitions() {
        FakeDiscordVoiceServer server = daveServer();
        DiscordVoiceTransport transport = transport(true);
        VoiceComponent component = component(transport);
        component.deliver(GUILD, new VoiceCredentials(TOKEN, server.endpoint(), SESSION, CHANNEL));
        VoiceConnection connection = component.connectTo(GUILD, WAIT).join();
        assertThat(server.awaitIdentify(WAIT).maxDaveProtocolVersion().intValue()).isEqualTo(1);

        // joined through the anchor's Welcome; transition 1 executed after Basalt's op 23
        server.awaitCondition("Welcome transition executed", WAIT, () -> server.daveExecutedTransitions().size() == 1);
        assertThat(server.daveEpoch()).isEqualTo(1);
        assertThat(server.daveKeyPackages()).isEqualTo(1);

        // the gateway sent op 22; audio made before Basalt executes it would be held back (counted below)
        server.awaitCondition("Basalt executed it", WAIT, () -> transport.daveCounters().transitionsExecuted() == 1);
        connection.attach(play(450));
        server.awaitCondition("audio decrypted", WAIT, () -> server.daveDecryptedFrames() >= 50);

        // mid-stream: a member joins through Basalt's commit and Welcome, then leaves through the anchor's commit
        server.daveMemberJoins(JOINER);
        server.awaitCondition("join transition executed", WAIT, () -> server.daveExecutedTransitions().size() == 2);
        assertThat(server.daveCommitsFromClient()).isEqualTo(1);
        assertThat(server.daveMembers(List.of(USER, ANCHOR, JOINER))).containsExactly(USER, ANCHOR, JOINER);
        server.awaitCondition("audio in epoch 2", WAIT, () -> server.daveDecryptedFrames() >= 150);
        server.daveMemberLeaves(JOINER);
        server.awaitCondition("leave transition executed", WAIT, () -> server.daveExecutedTransitions().size() == 3);
        assertThat(server.daveMembers(List.of(USER, ANCHOR, JOINER))).containsExactly(USER, ANCHOR);
        assertThat(server.daveEpoch()).isEqualTo(3);

        AudioSnapshot audio = server.awaitPackets(455, Duration.ofSeconds(20));
        server.awaitSpeakingState(0, 1, WAIT);
        assertThat(audio.dominantFrequency(0)).isBetween(435.0, 445.0);
        assertThat(audio.dominantFrequency(1)).isBetween(435.0, 445.0);
        // every tone frame sent was heard: none fails to decrypt, none is plain
        assertThat(server.daveUndecryptableFrames()).isZero();
        assertThat(server.davePlainFrames()).isZero();
        assertThat(server.daveDecryptorDisagreements()).as("Basalt's DaveFrameDecryptor opens every frame too").isZero();
        DaveCounters counters = transport.daveCounters();
        // frames lost to transitions: every tone frame is either heard or counted as held back for want of a key,
        // and the key switches of a running stream lose none
        assertThat(server.daveDecryptedFrames() + counters.framesWithoutKey()).isEqualTo(450);
        assertThat(counters.framesWithoutKey()).isLessThanOrEqualTo(2);
        assertThat(counters.epochChanges()).isEqualTo(3);
        assertThat(counters.transitionsExecuted()).isEqualTo(3);
        assertThat(counters.mlsFailures()).isZero();
        assertThat(server.daveInvalidReports()).isEmpty();
        assertThat(closes).isEmpty();
        server.assertNoViolations();
    }

    @Test
    void aDowngradeSwitchesToPlainOpusAtTheTransition() {
        FakeDiscordVoiceServer server = daveServer();
        DiscordVoiceTransport transport = transport(true);
        VoiceComponent component = component(transport);
        component.deliver(GUILD, new VoiceCredentials(TOKEN, server.endpoint(), SESSION, CHANNEL));
        VoiceConnection connection = component.connectTo(GUILD, WAIT).join();
        server.awaitCondition("Welcome transition executed", WAIT, () -> transport.daveCounters().transitionsExecuted() == 1);
        connection.attach(play(300));
        server.awaitCondition("audio decrypted", WAIT, () -> server.daveDecryptedFrames() >= 50);

        server.daveDowngrade();
        server.awaitCondition("downgrade executed", WAIT, () -> server.daveExecutedTransitions().size() == 2);
        server.awaitCondition("plain audio", WAIT, () -> server.davePlainFrames() >= 50);
        AudioSnapshot audio = server.awaitPackets(305, Duration.ofSeconds(20));
        assertThat(audio.dominantFrequency(0)).isBetween(435.0, 445.0);
        assertThat(server.daveUndecryptableFrames()).isZero();
        server.assertNoViolations();
    }

    @Test
    void anUnusableWelcomeIsReportedAndBasaltIsReAddedWithAFreshKeyPackage() {
        FakeDiscordVoiceServer server = daveServer();
        server.daveCorruptNextWelcome();
        DiscordVoiceTransport transport = transport(true);
        VoiceComponent component = component(transport);
        component.deliver(GUILD, new VoiceCredentials(TOKEN, server.endpoint(), SESSION, CHANNEL));
        VoiceConnection connection = component.connectTo(GUILD, WAIT).join();

        server.awaitCondition("re-added and executed", WAIT, () -> transport.daveCounters().transitionsExecuted() == 1);
        assertThat(server.daveInvalidReports()).containsExactly(1);
        assertThat(server.daveKeyPackages()).isEqualTo(2);
        assertThat(server.daveExecutedTransitions()).containsExactly(2);
        assertThat(server.daveEpoch()).as("removal of the old leaf and the re-add in one commit").isEqualTo(2);
        assertThat(server.daveMembers(List.of(USER, ANCHOR))).containsExactly(USER, ANCHOR);
        assertThat(transport.daveCounters().mlsFailures()).isEqualTo(1);

        connection.attach(play(100));
        AudioSnapshot audio = server.awaitPackets(105, Duration.ofSeconds(20));
        assertThat(audio.dominantFrequency(0)).isBetween(435.0, 445.0);
        assertThat(server.daveDecryptedFrames()).isEqualTo(100);
        assertThat(server.daveUndecryptableFrames()).isZero();
        assertThat(closes).isEmpty();
    }

    @Test
    void withoutChannelIdTheCallThatRequiresDaveClosesWithAReasonNamingIt() {
        FakeDiscordVoiceServer server = daveServer();
        VoiceComponent component = component(transport(true));
        component.deliver(GUILD, new VoiceCredentials(TOKEN, server.endpoint(), SESSION, null));
        server.awaitIdentify(WAIT);
        assertThat(server.identifyRecords().get(0).maxDaveProtocolVersion().intValue()).isZero();
        server.awaitCondition("4017 reported", WAIT, () -> !closes.isEmpty());
        assertThat(closes.get(0).code()).isEqualTo(4017);
        assertThat(closes.get(0).reason()).contains("channelId");
        assertThat(closes.get(0).reconnecting()).isFalse();
    }
}
