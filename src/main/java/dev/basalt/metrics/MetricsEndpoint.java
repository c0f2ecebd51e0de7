package dev.basalt.metrics;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET <metrics.prometheus.endpoint>}: the text exposition format 0.0.4. Repeated {@code name[]} parameters
 * keep only those sample names (e.g. {@code name[]=lavalink_players_total}; the brackets percent-encoded, as
 * Prometheus sends them). Tomcat writes the media type without spaces:
 * {@code text/plain;version=0.0.4;charset=utf-8}, the same parameters as the client's constant.
 */
@RestController
@ConditionalOnProperty(name = "metrics.prometheus.enabled", havingValue = "true")
class MetricsEndpoint {

    private final CollectorRegistry registry;

    MetricsEndpoint(CollectorRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("${metrics.prometheus.endpoint:/metrics}")
    void scrape(@RequestParam(name = "name[]", required = false) Set<String> names, HttpServletResponse response)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(TextFormat.CONTENT_TYPE_004);
        try (Writer writer = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8)) {
            TextFormat.write004(writer, registry.filteredMetricFamilySamples(names == null ? Set.of() : names));
        }
    }
}
