package dev.basalt.player.filter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.basalt.support.AudioServer;
import dev.basalt.support.BotSessionTest;
import dev.basalt.support.NodeTest;
import dev.basalt.voice.discord.fake.AudioSnapshot;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static dev.basalt.support.SessionSocket.event;
import static dev.basalt.support.SessionSocket.op;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Filters end to end: a bot's PATCH on a playing track, the MP3 decoded and filtered by the node, and the Opus that
 * reaches the fake Discord voice server decoded and measured.
 */
@NodeTest
class FilterPlaybackTest extends BotSessionTest {

    private FakeDiscordVoiceServer play(String guild, String extra) {
        return play(guild, "sine-440hz-30s.mp3", extra);
    }

    private FakeDiscordVoiceServer play(String guild, String fixture, String extra) {
        return bot.play(guild, AudioServer.url(fixture), extra);
    }

    /** The left channel of the last {@code seconds} of decoded non-silent audio. */
    private static float[] latest(AudioSnapshot audio, double seconds) {
        short[] pcm = audio.voicedPcm();
        int frames = pcm.length / 2;
        int n = Math.min(frames, (int) (seconds * Signals.RATE));
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = pcm[(frames - n + i) * 2] / 32768f;
        }
        return x;
    }

    @Test
    void pitchTwoOnAPlayingTrackBringsThe440HzToneTo880Hz() {
        FakeDiscordVoiceServer server = play("9101", "");
        server.awaitPackets(25, WAIT);
        assertThat(Signals.dominantFrequency(latest(server.audio(), 0.3))).isCloseTo(440, within(3.0));

        long changed = System.nanoTime();
        var response = node.patch(path("9101"), "{\"filters\":{\"timescale\":{\"pitch\":2.0}}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("filters").toString())
                .isEqualTo("{\"timescale\":{\"speed\":1.0,\"pitch\":2.0,\"rate\":1.0}}");
        // the frame buffer still holds audio filtered before the change (up to frameBufferDurationMs, 5 s)
        server.awaitCondition("the tone at 880 Hz", Duration.ofSeconds(15), () -> {
            float[] tail = latest(server.audio(), 0.3);
            return tail.length > 9600 && Signals.amplitude(tail, 880) > 10 * Signals.amplitude(tail, 440);
        });
        System.out.printf("pitch change audible after %d ms%n", (System.nanoTime() - changed) / 1_000_000);
        server.awaitPackets(server.audio().packetCount() + 25, WAIT);
        AudioSnapshot audio = server.audio();
        assertThat(Signals.dominantFrequency(latest(audio, 0.4))).isCloseTo(880, within(3.0));
        assertThat(audio.sequenceGaps()).isZero();
        node.delete(path("9101"));
    }

    @Test
    void aSeekToTheCurrentPositionAfterAFilterChangeSkipsTheBufferedAudio() {
        FakeDiscordVoiceServer server = play("9105", "");
        server.awaitPackets(50, WAIT);
        long changed = System.nanoTime();
        assertThat(node.patch(path("9105"), "{\"filters\":{\"timescale\":{\"pitch\":2.0}}}").statusCode())
                .isEqualTo(200);
        long position = json(node.get(path("9105")).body()).path("state").path("position").asLong();
        assertThat(node.patch(path("9105"), "{\"position\":" + position + "}").statusCode()).isEqualTo(200);
        server.awaitCondition("the tone at 880 Hz", Duration.ofSeconds(15), () -> {
            float[] tail = latest(server.audio(), 0.3);
            return tail.length > 9600 && Signals.amplitude(tail, 880) > 10 * Signals.amplitude(tail, 440);
        });
        long elapsedMs = (System.nanoTime() - changed) / 1_000_000;
        System.out.printf("pitch change with a seek audible after %d ms%n", elapsedMs);
        // without the seek the 5 s frame buffer plays out first (see the test above)
        assertThat(elapsedMs).isLessThan(4000);
        node.delete(path("9105"));
    }

    /** Sizes of the Opus audio packets of an Ogg Opus file, in order (the two header packets left out). */
    private static List<Integer> oggOpusPacketSizes(byte[] file) {
        List<Integer> sizes = new ArrayList<>();
        int pos = 0;
        int current = 0;
        while (pos + 27 <= file.length) {
            int segments = file[pos + 26] & 0xFF;
            for (int i = 0; i < segments; i++) {
                int lacing = file[pos + 27 + i] & 0xFF;
                current += lacing;
                if (lacing < 255) {
                    sizes.add(current);
                    current = 0;
                }
            }
            int body = 0;
            for (int i = 0; i < segments; i++) {
                body += file[pos + 27 + i] & 0xFF;
            }
            pos += 27 + segments + body;
        }
        return sizes.subList(2, sizes.size());
    }

    private List<Integer> playedOpusSizes(String guild, String filters, int expected) {
        byte[] file = AudioServer.fixture("sine-440hz-2s.opus");
        AudioServer.instance().stubFor(WireMock.get("/sine-440hz-2s.opus").willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "audio/ogg").withHeader("Content-Length", Integer.toString(file.length))
                .withBody(file)));
        FakeDiscordVoiceServer server = play(guild, "sine-440hz-2s.opus", ",\"filters\":" + filters);
        socket.await(m -> event("TrackEndEvent").test(m) && m.path("guildId").asString().equals(guild), WAIT);
        server.awaitCondition(expected + " audio packets", WAIT, () -> sizes(server).size() >= expected);
        return sizes(server);
    }

    private static List<Integer> sizes(FakeDiscordVoiceServer server) {
        return server.audio().packets().stream().filter(p -> !p.silence()).map(AudioSnapshot.Packet::opusLength)
                .toList();
    }

    @Test
    void neutralFiltersKeepOpusPassthroughAndAnActiveOneTranscodes() {
        List<Integer> fixture = oggOpusPacketSizes(AudioServer.fixture("sine-440hz-2s.opus"));
        // neutral values of four filters: no filter chain, so lavaplayer forwards the file's own Opus packets
        List<Integer> neutral = playedOpusSizes("9103", "{\"volume\":1.0,\"timescale\":{},"
                + "\"equalizer\":[{\"band\":3,\"gain\":0}],\"tremolo\":{\"depth\":0}}", fixture.size());
        assertThat(neutral).isEqualTo(fixture);
        // an active filter decodes, filters and encodes again: other packets
        List<Integer> filtered = playedOpusSizes("9104", "{\"volume\":0.9}", fixture.size() - 5);
        assertThat(filtered).isNotEqualTo(fixture);
    }

    @Test
    void underSpeedTwoThePositionAdvancesTwiceAsFastAsTheClock() {
        FakeDiscordVoiceServer server = play("9102", ",\"filters\":{\"timescale\":{\"speed\":2.0}}");
        server.awaitPackets(25, WAIT);
        JsonNode first = socket.await(m -> op("playerUpdate").test(m) && m.path("guildId").asString().equals("9102")
                && m.path("state").path("position").asLong() > 500, WAIT);
        long firstTime = first.path("state").path("time").asLong();
        JsonNode later = socket.await(m -> op("playerUpdate").test(m) && m.path("guildId").asString().equals("9102")
                && m.path("state").path("time").asLong() >= firstTime + 2500, WAIT);
        double rate = (double) (later.path("state").path("position").asLong()
                - first.path("state").path("position").asLong())
                / (later.path("state").path("time").asLong() - firstTime);
        System.out.printf("position advanced %.3f s per second under speed 2.0%n", rate);
        assertThat(rate).isCloseTo(2.0, within(0.25));
        // the tempo doubled, not the pitch
        assertThat(Signals.dominantFrequency(latest(server.audio(), 0.4))).isCloseTo(440, within(3.0));
        node.delete(path("9102"));
        socket.await(event("TrackEndEvent"), WAIT);
    }
}
