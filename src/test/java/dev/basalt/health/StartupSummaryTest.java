package dev.basalt.health;

import java.util.List;
import java.util.Map;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import dev.basalt.config.LavalinkServerProperties;
import dev.basalt.support.NodeTest;
import dev.basalt.voice.discord.DiscordVoiceTransport;
import dev.basalt.voice.discord.ReconnectTiming;
import dev.basalt.web.RequestLogSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/** The startup summary names what is on, what is off, and why. */
@NodeTest
class StartupSummaryTest {

    @LocalServerPort
    int port;
    @Autowired
    StartupSummary summary;
    @Autowired
    AudioPlayerManager audio;
    @Autowired
    Environment environment;
    @Autowired
    ObjectProvider<BuildProperties> build;

    @Test
    void theNodesSummarySaysWhatIsOn() {
        List<String> lines = summary.lines();
        assertThat(lines.get(0)).matches("Basalt \\S+ is ready on port " + port
                + "; it speaks the Lavalink 4\\.\\d+\\.\\d+ protocol");
        // the test node: youtube and local on, twitch off (NodeTest), nico off by default
        assertThat(lines).contains(
                "Sources on: youtube, soundcloud, bandcamp, vimeo, local, http; off in the configuration: twitch, nico",
                "Filters on: volume, equalizer, karaoke, timescale, tremolo, vibrato, distortion, rotation, channelMix, "
                        + "lowPass; off in the configuration: none",
                "DAVE: on (end-to-end encryption protocol 1, offered on every voice connection whose player update "
                        + "carried voice.channelId)",
                "Request logging: on (method, path, status, query string, body up to 10000 bytes); passwords and "
                        + "voice tokens are never logged",
                "Health probes: /actuator/health/liveness and /actuator/health/readiness answer without a password");
        // natives load on linux x86-64 and aarch64; elsewhere the line must say why not
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                "Voice sending: (udp-queue's native sender \\(natives loaded\\), 20 packets \\(400 ms\\) buffered per "
                        + "connection, \\d+ native sending thread\\(s\\)|a Java thread, because udp-queue's native library did not load \\(.+\\); audio "
                        + "will stutter when the JVM pauses)"));
    }

    @Test
    void whatIsOffIsSaidWithTheReason() throws Exception {
        LavalinkServerProperties server = new LavalinkServerProperties();
        server.getSources().setSoundcloud(false);
        server.setFilters(Map.of("channel_mix", false, "karaoke", false));
        RequestLogSettings quiet = new RequestLogSettings(false, false, false, true, true, 10000, false);
        try (DiscordVoiceTransport javaPaced = new DiscordVoiceTransport(0, ReconnectTiming.DEFAULT, true)) {
            List<String> lines = new StartupSummary(audio, server, javaPaced, quiet, environment, build).lines();
            assertThat(lines).contains(
                    "Filters on: volume, equalizer, timescale, tremolo, vibrato, distortion, rotation, lowPass; off in "
                            + "the configuration: karaoke, channelMix",
                    "Voice sending: a Java thread, because bufferDurationMs is 0, which disables udp-queue's native "
                            + "send buffer",
                    "Request logging: off (logging.request.enabled is false)");
            // sources on are the ones registered (the node's manager); off are the ones this configuration turns off
            assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("Sources on: ")
                    .endsWith("; off in the configuration: soundcloud, nico, local"));
        }
    }
}
