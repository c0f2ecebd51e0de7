package dev.basalt.health;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.SessionSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Probes answer without a password and say nothing but a status; every other actuator path is an unknown route; a
 * broken node is not live; a draining node is not ready and refuses new sessions.
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
    void theProbesAnswerJsonWhateverTheClientAccepts() {
        for (String probe : List.of(HealthProbes.LIVENESS, HealthProbes.READINESS)) {
            HttpResponse<String> response = node.send(node.anonymous(probe).header("Accept", "text/plain").GET().build());
            assertThat(response.statusCode()).as(probe).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(probe).hasValue("application/json");
            assertThat(response.body()).as(probe).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    /** Without Spring Boot's actuator every other actuator path is an unknown route: 401, then Lavalink's 404. */
    @Test
    void otherActuatorPathsAreUnknownRoutesBehindThePassword() {
        List<String> unknown = List.of("/actuator", "/actuator/health", "/actuator/env", "/actuator/configprops",
                "/actuator/beans", "/actuator/metrics", "/actuator/prometheus", "/actuator/info", "/actuator/loggers",
                "/actuator/mappings", "/actuator/threaddump", "/actuator/heapdump", "/actuator/health/diskSpace",
                "/actuator/health/ping", "/actuator/health/liveness/");
        // only the two exact probe paths are open: spellings that Spring would route to them still need the password
        List<String> guarded = List.of("/actuator/health/readiness;x=1", "/actuator/health/../health/readiness",
                "/ACTUATOR/health/liveness");
        for (String path : Stream.concat(unknown.stream(), guarded.stream()).toList()) {
            assertThat(node.send(node.anonymous(path).GET().build()).statusCode()).as("anonymous " + path)
                    .isEqualTo(401);
        }
        for (String path : unknown) {
            HttpResponse<String> response = node.get(path);
            assertThat(response.statusCode()).as("with the password " + path).isEqualTo(404);
            JsonNode error = json(response.body());
            assertThat(error.path("status").asInt()).as(path).isEqualTo(404);
            assertThat(error.path("error").asString()).as(path).isEqualTo("Not Found");
            assertThat(error.path("message").asString()).as(path).isEqualTo("No endpoint GET " + path + ".");
            assertThat(error.path("path").asString()).as(path).isEqualTo(path);
        }
        assertThat(node.send(node.anonymous("/actuator/shutdown").POST(HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).isEqualTo(401);
        assertThat(node.send(node.request("/actuator/shutdown").POST(HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).isEqualTo(404);
        assertThat(node.send(node.anonymous(HealthProbes.READINESS).POST(HttpRequest.BodyPublishers.noBody())
                .build()).statusCode()).as("only GET is open").isEqualTo(405);
    }

    @Test
    void aBrokenNodeIsNotLive() {
        AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
        try {
            HttpResponse<String> liveness = node.send(node.anonymous(HealthProbes.LIVENESS).GET().build());
            assertThat(liveness.statusCode()).isEqualTo(503);
            assertThat(liveness.body()).isEqualTo("{\"status\":\"DOWN\"}");
            HttpResponse<String> readiness = node.send(node.anonymous(HealthProbes.READINESS).GET().build());
            assertThat(readiness.statusCode()).as("readiness is its own state").isEqualTo(200);
        } finally {
            AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        }
        assertThat(node.send(node.anonymous(HealthProbes.LIVENESS).GET().build()).body())
                .isEqualTo("{\"status\":\"UP\"}");
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
