package dev.basalt.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import dev.basalt.bench.LoopedAudio;
import dev.basalt.support.AudioServer;
import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.SessionSocket;
import dev.basalt.support.VoiceServers;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.SessionSocket.op;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A player that plays through a whole clock minute into a voice server shows that minute in its session's
 * {@code frameStats}: about 3000 frames sent, none nulled. The node's clock is moved so that a minute boundary
 * falls two seconds ahead once the track plays, so the test needs a little over one real minute, not two.
 */
@NodeTest
@Import(FrameStatsTest.ClockOverride.class)
class FrameStatsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    @Autowired
    SessionRegistry registry;
    @Autowired
    MovableClock clock;

    @Test
    void aFullMinuteOfPlayingIsCountedAsSentFrames() {
        NodeClient node = new NodeClient(port);
        try (SessionSocket socket = node.openSession()) {
            String session = socket.next(WAIT).path("sessionId").asString();
            String guild = "9401";
            FakeDiscordVoiceServer server = VoiceServers.forGuild(guild, NodeClient.USER_ID);
            server.resetAudio();
            String url = AudioServer.serve("looped-100s.mp3", "audio/mpeg", LoopedAudio.loopedMp3(100));

            assertThat(node.patch("/v4/sessions/" + session + "/players/" + guild, "{\"voice\":"
                    + VoiceServers.voiceJson(guild, NodeClient.USER_ID) + ",\"track\":{\"identifier\":\"" + url
                    + "\"}}").statusCode()).isEqualTo(200);
            server.awaitPackets(50, WAIT);

            registry.sendStatsNow();
            assertThat(socket.await(op("stats"), WAIT).get("frameStats").isNull())
                    .as("no full minute played yet").isTrue();

            // Jump ahead to two seconds before a minute boundary: the player has been playing since before the
            // minute that starts then, and that minute is counted from its first frame.
            long boundary = (clock.millis() / 60_000 + 2) * 60_000;
            clock.moveTo(boundary - 2_000);

            long deadline = System.nanoTime() + Duration.ofSeconds(80).toNanos();
            JsonNode frameStats = null;
            while (frameStats == null || frameStats.isNull()) {
                assertThat(System.nanoTime()).as("frameStats within 80 s").isLessThan(deadline);
                SessionSocketTest.sleepPast(Duration.ofMillis(500));
                if (clock.millis() > boundary + 61_000) {
                    // the per-minute timer may have queued stats from inside the minute, which cannot count it yet
                    while (socket.poll() != null) {
                        // drop them
                    }
                    registry.sendStatsNow();
                    frameStats = socket.await(op("stats"), WAIT).get("frameStats");
                }
            }
            int sent = frameStats.path("sent").asInt();
            int nulled = frameStats.path("nulled").asInt();
            int deficit = frameStats.path("deficit").asInt();
            assertThat(sent + nulled + deficit).isEqualTo(3000);
            assertThat(sent).as("frames sent in the minute").isBetween(2985, 3015);
            assertThat(nulled).as("frames missing in the minute").isLessThanOrEqualTo(15);
            assertThat(server.audio().sequenceGaps()).isZero();
            node.delete("/v4/sessions/" + session + "/players/" + guild);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class ClockOverride {
        @Bean
        @Primary
        MovableClock movableClock() {
            return new MovableClock();
        }
    }

    /** The system clock, shifted by an offset the test sets. */
    static final class MovableClock extends Clock {
        private volatile long offsetMs;

        void moveTo(long millis) {
            offsetMs = millis - System.currentTimeMillis();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + offsetMs;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
