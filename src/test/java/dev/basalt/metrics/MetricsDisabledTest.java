package dev.basalt.metrics;

import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.basalt.support.NodeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Metrics are off by default, as in Lavalink: the route does not exist. */
@NodeTest
class MetricsDisabledTest {

    @LocalServerPort
    int port;

    @Test
    void theMetricsRouteIsA404WithLavalinksErrorBody() {
        var response = new NodeClient(port).get("/metrics");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response.body()).path("status").asInt()).isEqualTo(404);
        assertThat(json(response.body()).path("path").asString()).isEqualTo("/metrics");
    }

    @Test
    void withoutThePasswordItIsStillRefused() {
        NodeClient node = new NodeClient(port);
        assertThat(node.send(node.anonymous("/metrics").GET().build()).statusCode()).isEqualTo(401);
    }
}
