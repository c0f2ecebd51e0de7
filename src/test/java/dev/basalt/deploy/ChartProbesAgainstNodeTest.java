package dev.basalt.deploy;

import static dev.basalt.deploy.HelmChart.Yamls.at;
import static dev.basalt.deploy.HelmChart.Yamls.list;
import static dev.basalt.deploy.HelmChart.Yamls.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;

/**
 * The paths the chart's probes and its {@code helm test} pod call, asked of a running node the way kubelet and the
 * test pod ask them: probes without the password, {@code /version} with it.
 */
@NodeTest
class ChartProbesAgainstNodeTest {

    @LocalServerPort
    int port;

    @Test
    void everyProbePathAnswersUpWithoutThePassword() {
        NodeClient node = new NodeClient(port);
        Map<String, Object> container = map(list(at(new HelmChart().render(Map.of("auth.password", "pw"))
                .one("StatefulSet"), "spec", "template", "spec", "containers")).get(0));
        Set<String> paths = new LinkedHashSet<>();
        for (String probe : new String[] {"startupProbe", "livenessProbe", "readinessProbe"}) {
            paths.add((String) at(map(container.get(probe)), "httpGet", "path"));
        }
        assertThat(paths).hasSize(2);
        for (String path : paths) {
            HttpResponse<String> response = node.send(node.anonymous(path).GET().build());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo("{\"status\":\"UP\"}");
        }
    }

    @Test
    void versionAnswersWithThePasswordOnlyAsTheHelmTestExpects() {
        NodeClient node = new NodeClient(port);
        assertThat(node.get("/version").statusCode()).isEqualTo(200);
        assertThat(node.send(node.anonymous("/version").GET().build()).statusCode()).isEqualTo(401);
    }
}
