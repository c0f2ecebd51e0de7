package dev.basalt.health;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.SessionSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import static dev.basalt.support.NodeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes answer without a password and say nothing but a status; no other actuator endpoint exists; a draining node
 * is not ready and refuses new sessions.
 */
@NodeTest
class HealthProbesTest {

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    NodeClient node;

    @BeforeEach
    void client() {
        node = new NodeClient(port);
    }

    @Test
    void livenessAndReadinessAnswerUpWithoutAPassword() {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> response = node.send(node.anonymous(probe).GET().build());
            assertThat(response.statusCode()).as(probe).isEqualTo(200);
            assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void noOtherActuatorEndpointIsReachable() {
        List<String> absent = List.of("/actuator/env", "/actuator/configprops", "/actuator/beans",
                "/actuator/metrics", "/actuator/prometheus", "/actuator/info", "/actuator/loggers", "/actuator/mappings",
                "/actuator/threaddump", "/actuator/heapdump", "/actuator/health/diskSpace", "/actuator/health/ping");
        // only the two exact probe paths are open: spellings that Spring would route to them still need the password
        List<String> guarded = List.of("/actuator", "/actuator/health", "/actuator/health/liveness/",
                "/actuator/health/readiness;x=1", "/actuator/health/../health/readiness");
        for (String path : java.util.stream.Stream.concat(absent.stream(), guarded.stream()).toList()) {
            assertThat(node.send(node.anonymous(path).GET().build()).statusCode()).as("anonymous " + path)
                    .isEqualTo(401);
        }
        for (String path : absent) {
            HttpResponse<String> response = node.get(path);
            assertThat(response.statusCode()).as("with the password " + path).isEqualTo(404);
            assertThat(response.body()).as(path).doesNotContain("youshallnotpass").doesNotContain("java.version");
        }
        // the aggregate health (with the password) names the probe groups, but no components and no details
        assertThat(node.get("/actuator/health").body()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],"
                + "\"status\":\"UP\"}");
        assertThat(node.get("/actuator").statusCode()).isEqualTo(404);
        assertThat(node.send(node.anonymous("/actuator/shutdown")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(401);
        assertThat(node.send(node.request("/actuator/shutdown")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(404);
    }

    @Test
    void aDrainingNodeIsNotReadyAndRefusesNewSessions() {
        // SIGTERM closes the context, whose first step is exactly this event (GracefulShutdownTest does it for real)
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            HttpResponse<String> readiness = node.send(node.anonymous("/actuator/health/readiness").GET().build());
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(readiness.body()).isEqualTo("{\"status\":\"OUT_OF_SERVICE\"}");
            HttpResponse<String> liveness = node.send(node.anonymous("/actuator/health/liveness").GET().build());
            assertThat(liveness.statusCode()).as("draining is not dead").isEqualTo(200);
            SessionSocket refused = node.openSession();
            assertThat(refused.handshakeStatus()).isEqualTo(503);
            assertThat(refused.isOpen()).isFalse();
            assertThat(node.get("/v4/info").statusCode()).as("REST still answers").isEqualTo(200);
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
        assertThat(node.send(node.anonymous("/actuator/health/readiness").GET().build()).statusCode()).isEqualTo(200);
        try (SessionSocket socket = node.openSession()) {
            assertThat(socket.next(Duration.ofSeconds(5)).path("op").asString()).isEqualTo("ready");
        }
    }
}
