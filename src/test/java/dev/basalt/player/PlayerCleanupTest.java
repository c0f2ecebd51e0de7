package dev.basalt.player;

import java.time.Duration;

import dev.basalt.support.AudioServer;
import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.SessionSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.SessionSocket.event;
import static org.assertj.core.api.Assertions.assertThat;

/** A track on a player that never got voice credentials is stopped after a minute with reason {@code cleanup}. */
@NodeTest
class PlayerCleanupTest {

    @LocalServerPort
    int port;

    @Test
    void aPlayerNobodyListensToIsCleanedUpAfterAMinute() {
        NodeClient node = new NodeClient(port);
        try (SessionSocket socket = node.openSession()) {
            String session = socket.next(Duration.ofSeconds(5)).path("sessionId").asString();
            node.patch("/v4/sessions/" + session + "/players/4242",
                    "{\"track\":{\"identifier\":\"" + AudioServer.url("sine-440hz-30s.mp3") + "\"}}");
            socket.await(event("TrackStartEvent"), Duration.ofSeconds(5));
            long started = System.nanoTime();
            JsonNode end = socket.await(event("TrackEndEvent"), Duration.ofSeconds(90));
            assertThat(end.path("reason").asString()).isEqualTo("cleanup");
            assertThat((System.nanoTime() - started) / 1_000_000_000).isBetween(55L, 90L);
        }
    }
}
