package dev.basalt.metrics;

import dev.basalt.support.NodeClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** An endpoint path set explicitly is served without the password (spec 1.2), and only that path. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lavalink.server.password=" + NodeClient.PASSWORD,
        "metrics.prometheus.enabled=true",
        "metrics.prometheus.endpoint=/prometheus",
})
class MetricsOpenEndpointTest {

    @LocalServerPort
    int port;

    @Test
    void theConfiguredPathAnswersWithoutThePassword() {
        NodeClient node = new NodeClient(port);
        var response = node.send(node.anonymous("/prometheus").GET().build());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Lavalink-Api-Version")).hasValue("4");
        Scrape scrape = Scrape.parse(response.body());
        assertThat(scrape.types()).containsEntry("lavalink_players_total", "gauge");
        assertThat(scrape.value("lavalink_cpu_cores")).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void otherPathsStillNeedThePasswordAndTheDefaultPathIsGone() {
        NodeClient node = new NodeClient(port);
        assertThat(node.send(node.anonymous("/v4/stats").GET().build()).statusCode()).isEqualTo(401);
        assertThat(node.send(node.anonymous("/prometheus/x").GET().build()).statusCode()).isEqualTo(401);
        assertThat(node.get("/metrics").statusCode()).isEqualTo(404);
    }
}
