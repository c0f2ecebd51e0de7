package dev.basalt.web.openapi;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.basalt.metrics.MetricsNodeTest;
import dev.basalt.support.NodeClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml against a node with metrics on: the metrics route is served and answers as documented. It runs on
 * the metrics tests' node ({@link MetricsNodeTest}).
 */
@MetricsNodeTest
class OpenApiMetricsTest {

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    Environment environment;

    private final ApiDescription api = ApiDescription.load();

    @Test
    void theMetricsRouteIsServedAndDocumented() {
        Set<String> served = ControllerRoutes.of(mappings);
        assertThat(served).contains("GET /metrics");
        Set<String> documented = new TreeSet<>(api.operationsServedWith(environment));
        assertThat(documented).contains("GET /metrics");
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(api.operations());
        assertThat(undocumented).as("controller routes missing from docs/openapi.yaml").isEmpty();
        documented.removeAll(served);
        assertThat(documented).as("documented routes no controller serves").containsExactly("GET /v4/websocket");
    }

    @Test
    void metricsAnswerAsDocumented() {
        NodeClient node = new NodeClient(port);
        List<String> problems = new ArrayList<>();
        HttpResponse<String> scrape = node.get("/metrics?name%5B%5D=lavalink_players_total");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("lavalink_players_total");
        problems.addAll(api.responseProblems("GET /metrics", scrape));
        HttpResponse<String> anonymous = node.send(node.anonymous("/metrics").build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        problems.addAll(api.responseProblems("GET /metrics", anonymous));
        assertThat(problems).isEmpty();
    }
}
