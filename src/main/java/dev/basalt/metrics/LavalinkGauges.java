package dev.basalt.metrics;

import java.util.List;

import dev.basalt.protocol.StatsJson;
import dev.basalt.session.SessionRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;

/**
 * Lavalink's node gauges, computed on each scrape from the same figures {@code /v4/stats} serves (CPU loads share
 * its 30 s measurement cache). The {@code _total} and {@code _percentage} names are Lavalink's and stay as they are.
 */
final class LavalinkGauges extends Collector {

    private final SessionRegistry sessions;

    LavalinkGauges(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        StatsJson stats = sessions.nodeStats();
        return List.of(
                gauge("lavalink_players_total", "Number of players", stats.players()),
                gauge("lavalink_playing_players_total", "Number of playing players", stats.playingPlayers()),
                gauge("lavalink_uptime_milliseconds", "Uptime of the node in milliseconds", stats.uptime()),
                gauge("lavalink_memory_free_bytes", "Amount of free memory", stats.memory().free()),
                gauge("lavalink_memory_used_bytes", "Amount of used memory", stats.memory().used()),
                gauge("lavalink_memory_allocated_bytes", "Amount of allocated memory", stats.memory().allocated()),
                gauge("lavalink_memory_reservable_bytes", "Amount of reservable memory",
                        stats.memory().reservable()),
                gauge("lavalink_cpu_cores", "Amount of cpu cores", stats.cpu().cores()),
                gauge("lavalink_cpu_system_load_percentage", "Total load of the system", stats.cpu().systemLoad()),
                gauge("lavalink_cpu_lavalink_load_percentage", "Load on the node process",
                        stats.cpu().lavalinkLoad()));
    }

    private static GaugeMetricFamily gauge(String name, String help, double value) {
        return new GaugeMetricFamily(name, help, value);
    }
}
