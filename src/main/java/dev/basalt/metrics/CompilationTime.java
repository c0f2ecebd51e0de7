package dev.basalt.metrics;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;

/**
 * {@code jvm_compilation_time_ms_total}, which Lavalink's dashboards expect beside the hotspot exports but the 0.16
 * hotspot module does not register by default.
 */
final class CompilationTime extends Collector {

    private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();

    @Override
    public List<MetricFamilySamples> collect() {
        if (compilation == null || !compilation.isCompilationTimeMonitoringSupported()) {
            return List.of();
        }
        return List.of(new CounterMetricFamily("jvm_compilation_time_ms",
                "The total time in milliseconds taken for HotSpot class compilation",
                compilation.getTotalCompilationTime()));
    }
}
