package dev.basalt.player;

import java.time.Duration;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.basalt.support.AudioServer;
import dev.basalt.support.BotSessionTest;
import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.VoiceServers;
import dev.basalt.voice.discord.fake.AudioSnapshot;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static dev.basalt.support.SessionSocket.event;
import static dev.basalt.support.SessionSocket.op;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Playback end to end: REST and socket as a bot uses them, audio served over HTTP, and what arrives at a fake Discord
 * voice server decrypted and decoded. Each test has its own guild, so its own voice server.
 */
@NodeTest
class PlaybackTest extends BotSessionTest {

    /** Starts {@code fixture} on {@code guild} with voice credentials and returns that guild's voice server. */
    private FakeDiscordVoiceServer play(String guild, String identifier, String extra) {
        return bot.play(guild, identifier, extra);
    }

    @Test
    void aMp3Tone440HzArrivesAs440Hz() {
        FakeDiscordVoiceServer server = play("9001", AudioServer.url("sine-440hz-2s.mp3"), "");
        socket.await(event("TrackEndEvent"), WAIT);
        // the track ends when its last frame is queued; the wire is up to the 400 ms buffer behind
        server.awaitCondition("five silence frames after the track", WAIT, () -> server.trailingSilenceFrames() == 5);
        AudioSnapshot audio = server.audio();
        assertThat(audio.dominantFrequency(0)).isBetween(435.0, 445.0);
        assertThat(audio.dominantFrequency(1)).isBetween(435.0, 445.0);
        assertThat(audio.sequenceGaps()).isZero();
        assertThat(audio.timestampDiscontinuities()).isZero();
        assertThat(audio.packetCount() - audio.silenceFrames()).isBetween(98, 106);
        server.assertNoViolations();
    }

    @Test
    void volume50IsAboutHalfTheLevelOf100() {
        FakeDiscordVoiceServer full = play("9002", AudioServer.url("sine-440hz-2s.wav"), "");
        socket.await(event("TrackEndEvent"), WAIT);
        double fullRms = full.awaitPackets(100, WAIT).rms();
        FakeDiscordVoiceServer half = play("9003", AudioServer.url("sine-440hz-2s.wav"), ",\"volume\":50");
        socket.await(event("TrackEndEvent"), WAIT);
        double halfRms = half.awaitPackets(100, WAIT).rms();
        // lavaplayer's volume curve is perceptual: 50 % is a factor of about 0.41, not exactly 0.5
        assertThat(halfRms / fullRms).isBetween(0.35, 0.6);
    }

    @Test
    void pausingStopsThePacketsAndResumingBringsThemBack() {
        FakeDiscordVoiceServer server = play("9004", AudioServer.url("sine-440hz-30s.mp3"), "");
        server.awaitPackets(50, WAIT);
        node.patch(path("9004"), "{\"paused\":true}");
        // the packets already queued ahead (at most the 400 ms buffer) and five silence frames still arrive
        server.awaitCondition("audio stopped", WAIT, () -> quietFor(server, Duration.ofMillis(600)));
        int whilePaused = server.audio().packetCount();
        pause(1000);
        assertThat(server.audio().packetCount()).as("no packets while paused").isEqualTo(whilePaused);
        node.patch(path("9004"), "{\"paused\":false}");
        AudioSnapshot resumed = server.awaitPackets(whilePaused + 50, WAIT);
        assertThat(resumed.dominantFrequency(0)).isBetween(435.0, 445.0);
        assertThat(resumed.sequenceGaps()).isZero();
        node.delete(path("9004"));
    }

    @Test
    void seekingJumpsThePosition() {
        play("9005", AudioServer.url("sine-440hz-30s.mp3"), "");
        socket.await(event("TrackStartEvent"), WAIT);
        node.patch(path("9005"), "{\"position\":20000}");
        JsonNode update = socket.await(m -> op("playerUpdate").test(m)
                && m.path("state").path("position").asLong() >= 20000, WAIT);
        assertThat(update.path("state").path("connected").asBoolean()).isTrue();
        JsonNode later = socket.await(m -> op("playerUpdate").test(m)
                && m.path("state").path("position").asLong() >= 21000, WAIT);
        assertThat(later.path("state").path("position").asLong()).isLessThan(29000);
        node.delete(path("9005"));
    }

    @Test
    void endTimeFinishesAtTheRightTime() {
        play("9006", AudioServer.url("sine-440hz-30s.mp3"), ",\"endTime\":1500");
        long started = System.nanoTime();
        socket.await(event("TrackStartEvent"), WAIT);
        JsonNode end = socket.await(event("TrackEndEvent"), WAIT);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(end.path("reason").asString()).isEqualTo("finished");
        assertThat(end.path("track").path("info").path("position").asLong()).isBetween(1400L, 1700L);
        assertThat(elapsedMs).as("about 1.5 s of audio played").isBetween(1000L, 3500L);
    }

    @Test
    void aStreamThatStopsGivingDataIsReportedStuck() {
        // 2 s of audio trickled out over 20 s: playback starves between chunks (threshold 1000 ms in tests)
        byte[] body = AudioServer.fixture("sine-440hz-2s.mp3");
        AudioServer.instance().stubFor(WireMock.get("/trickle.mp3").willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "audio/mpeg").withBody(body).withChunkedDribbleDelay(10, 20_000)));
        play("9007", AudioServer.url("trickle.mp3"), "");
        JsonNode stuck = socket.await(event("TrackStuckEvent"), Duration.ofSeconds(15));
        assertThat(stuck.path("thresholdMs").asLong()).isEqualTo(1000);
        assertThat(stuck.path("track").path("info").path("uri").asString()).endsWith("/trickle.mp3");
        socket.await(op("playerUpdate"), WAIT);
        node.delete(path("9007"));
    }

    @Test
    void aVoiceServerThatDisconnectsUsReachesTheClient() {
        FakeDiscordVoiceServer server = play("9008", AudioServer.url("sine-440hz-30s.mp3"), "");
        server.awaitPackets(10, WAIT);
        server.closeGateway(4014, "Disconnected.");
        JsonNode closed = socket.await(event("WebSocketClosedEvent"), WAIT);
        assertThat(closed.toString()).isEqualTo("{\"op\":\"event\",\"type\":\"WebSocketClosedEvent\","
                + "\"guildId\":\"9008\",\"code\":4014,\"reason\":\"Disconnected.\",\"byRemote\":true,"
                + "\"reconnecting\":false}");
        JsonNode update = socket.await(op("playerUpdate"), WAIT);
        assertThat(update.path("state").path("connected").asBoolean()).isFalse();
        // the bot re-sends its voice state: the node connects again
        int identifies = server.identifies();
        node.patch(path("9008"), "{\"voice\":" + VoiceServers.voiceJson("9008", NodeClient.USER_ID) + "}");
        server.awaitIdentifies(identifies + 1, WAIT);
        assertThat(json(node.get(path("9008")).body()).path("state").path("connected").asBoolean()).isTrue();
        node.delete(path("9008"));
    }

    @Test
    void deletingThePlayerClosesItsVoiceConnection() {
        FakeDiscordVoiceServer server = play("9009", AudioServer.url("sine-440hz-30s.mp3"), "");
        server.awaitPackets(10, WAIT);
        int closes = server.closes().size();
        node.delete(path("9009"));
        FakeDiscordVoiceServer.GatewayClose close = server.awaitCloses(closes + 1, WAIT).get(closes);
        assertThat(close.code()).isEqualTo(1000);
        assertThat(close.byClient()).isTrue();
    }

    private static boolean quietFor(FakeDiscordVoiceServer server, Duration quiet) {
        var packets = server.audio().packets();
        return !packets.isEmpty()
                && System.nanoTime() - packets.get(packets.size() - 1).arrivalNanos() > quiet.toNanos();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
