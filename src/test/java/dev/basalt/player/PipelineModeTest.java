package dev.basalt.player;

import java.util.function.Supplier;

import dev.basalt.support.AudioServer;
import dev.basalt.support.BotSessionTest;
import dev.basalt.support.NodeTest;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which pipeline a player runs in (Opus passthrough or transcoding) shows in its player JSON as the extra field
 * {@code pipelineMode} and in the log, and follows what lavaplayer actually does.
 */
@NodeTest
@ExtendWith(OutputCaptureExtension.class)
class PipelineModeTest extends BotSessionTest {

    private FakeDiscordVoiceServer play(String guild, String fixture) {
        return bot.play(guild, AudioServer.url(fixture), "");
    }

    private JsonNode player(String guild) {
        return json(node.get(path(guild)).body());
    }

    private void awaitMode(String guild, String expected) {
        awaitTrue("pipelineMode " + expected, () -> expected.equals(player(guild).path("pipelineMode").asString(null)));
    }

    @Test
    void anOpusSourceAtVolume100IsPassedThroughAndAVolumeChangeSwitchesToTranscoding(CapturedOutput output) {
        FakeDiscordVoiceServer server = play("9301", "sine-440hz-30s.opus");
        awaitMode("9301", "passthrough");
        assertThat(server.awaitPackets(50, WAIT).dominantFrequency(0)).isBetween(435.0, 445.0);
        awaitTrue("passthrough logged", () -> output.getOut().contains(
                "Guild 9301 sends the Opus packets of 'Basalt Test Tone' as they are (passthrough, no decoding)"));

        node.patch(path("9301"), "{\"volume\":50}");
        awaitMode("9301", "transcode");
        awaitTrue("transcoding logged", () -> output.getOut().contains(
                "Guild 9301 decodes and re-encodes 'Basalt Test Tone' (transcoding: volume is 50)"));

        node.patch(path("9301"), "{\"volume\":100}");
        awaitMode("9301", "passthrough");
        node.delete(path("9301"));
    }

    @Test
    void activeFiltersTranscodeAndNeutralFiltersPassThroughAgain(CapturedOutput output) {
        play("9304", "sine-440hz-30s.opus");
        awaitMode("9304", "passthrough");

        node.patch(path("9304"), "{\"filters\":{\"timescale\":{\"pitch\":1.5}}}");
        awaitMode("9304", "transcode");
        awaitTrue("reason logged", () -> output.getOut().contains(
                "Guild 9304 decodes and re-encodes 'Basalt Test Tone' (transcoding: filters are active)"));

        node.patch(path("9304"), "{\"filters\":{\"volume\":1.0,\"timescale\":{\"speed\":1.0,\"pitch\":1.0,\"rate\":1.0}}}");
        awaitMode("9304", "passthrough");
        node.delete(path("9304"));
    }

    @Test
    void anMp3IsTranscoded() {
        play("9302", "sine-440hz-30s.mp3");
        awaitMode("9302", "transcode");
        node.delete(path("9302"));
    }

    @Test
    void aPlayerWithoutATrackHasNoMode() {
        assertThat(node.patch(path("9303"), "{\"volume\":100}").statusCode()).isEqualTo(200);
        JsonNode player = player("9303");
        assertThat(player.has("pipelineMode")).as("an idle player looks exactly like Lavalink's").isFalse();
    }

    private static void awaitTrue(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
