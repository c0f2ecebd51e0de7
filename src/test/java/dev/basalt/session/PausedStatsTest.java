package dev.basalt.session;

import java.time.Duration;

import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.SessionSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While a session is paused its per-minute stats are queued like events and replayed on resume. Stats come once a
 * minute (fixed, as in Lavalink), so this test lets a minute pass.
 */
@NodeTest
class PausedStatsTest {

    @LocalServerPort
    int port;

    @Test
    void statsProducedWhilePausedAreReplayedAfterReady() {
        NodeClient node = new NodeClient(port);
        SessionSocket first = node.openSession();
        long opened = System.nanoTime();
        String id = first.next(Duration.ofSeconds(5)).path("sessionId").asString();
        assertThat(first.next(Duration.ofSeconds(5)).path("op").asString()).isEqualTo("stats");
        node.patch("/v4/sessions/" + id, "{\"resuming\":true,\"timeout\":120}");
        first.abort();
        SessionSocketTest.pollUntil(() -> node.get("/v4/sessions/" + id + "/players").statusCode() == 404);

        // the next stats falls due 60 s after the session opened, while nobody is connected
        long dueInMs = 60_000 - (System.nanoTime() - opened) / 1_000_000;
        SessionSocketTest.sleepPast(Duration.ofMillis(dueInMs + 1500));

        try (SessionSocket second = node.connect("Authorization", NodeClient.PASSWORD, "User-Id", "42",
                "Session-Id", id)) {
            assertThat(second.next(Duration.ofSeconds(5)).path("resumed").asBoolean()).isTrue();
            JsonNode replayed = second.next(Duration.ofSeconds(5));
            assertThat(replayed.path("op").asString()).isEqualTo("stats");
            assertThat(replayed.has("frameStats")).isTrue();
            assertThat(second.poll()).as("exactly one minute's stats, no playerUpdate without players").isNull();
        }
    }
}
