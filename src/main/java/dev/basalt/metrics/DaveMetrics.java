package dev.basalt.metrics;

import java.util.List;

import dev.basalt.voice.discord.dave.DaveCounters;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;

/** DAVE end-to-end encryption over all voice connections, read on scrape from the transport's counters. */
final class DaveMetrics extends Collector {

    private final DaveCounters counters;

    DaveMetrics(DaveCounters counters) {
        this.counters = counters;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        CounterMetricFamily failures = new CounterMetricFamily("basalt_dave_failures",
                "DAVE problems: MLS commits or Welcomes that could not be applied (the node asks to be re-added), and "
                        + "audio frames sent as silence because no key was installed yet", List.of("kind"));
        failures.addMetric(List.of("mls"), counters.mlsFailures());
        failures.addMetric(List.of("frame_without_key"), counters.framesWithoutKey());
        return List.of(
                new CounterMetricFamily("basalt_dave_epoch_changes",
                        "MLS epochs entered by DAVE groups (members joining or leaving)", counters.epochChanges()),
                new CounterMetricFamily("basalt_dave_transitions",
                        "DAVE transitions executed (new keys or protocol version in use)",
                        counters.transitionsExecuted()),
                failures);
    }
}
