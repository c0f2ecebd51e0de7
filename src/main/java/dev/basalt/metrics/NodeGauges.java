package dev.basalt.metrics;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.basalt.player.Player;
import dev.basalt.session.ClientSession;
import dev.basalt.session.SessionRegistry;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;

/**
 * What the node holds right now, on scrape: sessions by state, playing players by pipeline mode, and memory beyond
 * the heap (direct buffers, resident set), where a voice node's memory actually goes.
 */
final class NodeGauges extends Collector {

    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final SessionRegistry sessions;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    NodeGauges(SessionRegistry sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Collection<ClientSession> active = sessions.activeSessions();
        Collection<ClientSession> paused = sessions.pausedSessions();

        GaugeMetricFamily sessionGauge = new GaugeMetricFamily("basalt_sessions",
                "Client sessions: active (socket open) and paused (waiting for a resume)", List.of("state"));
        sessionGauge.addMetric(List.of("active"), active.size());
        sessionGauge.addMetric(List.of("paused"), paused.size());

        Map<PipelineModes.Mode, Integer> byMode = new EnumMap<>(PipelineModes.Mode.class);
        for (PipelineModes.Mode mode : PipelineModes.Mode.values()) {
            byMode.put(mode, 0);
        }
        countPlaying(active, byMode);
        countPlaying(paused, byMode);
        GaugeMetricFamily modes = new GaugeMetricFamily("basalt_playing_players",
                "Playing players (all sessions, paused ones included) by how their Opus frames are made",
                List.of("mode"));
        byMode.forEach((mode, count) -> modes.addMetric(List.of(mode.label()), count));

        GaugeMetricFamily bytes = new GaugeMetricFamily("basalt_memory_bytes",
                "Memory by kind: heap and non-heap in use and committed, direct and mapped buffers, resident set",
                List.of("kind"));
        bytes.addMetric(List.of("heap_used"), memory.getHeapMemoryUsage().getUsed());
        bytes.addMetric(List.of("heap_committed"), memory.getHeapMemoryUsage().getCommitted());
        bytes.addMetric(List.of("nonheap_used"), memory.getNonHeapMemoryUsage().getUsed());
        bytes.addMetric(List.of("nonheap_committed"), memory.getNonHeapMemoryUsage().getCommitted());
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct") || pool.getName().equals("mapped")) {
                bytes.addMetric(List.of(pool.getName()), pool.getMemoryUsed());
            }
        }
        long resident = residentBytes();
        if (resident >= 0) {
            bytes.addMetric(List.of("resident"), resident);
        }
        return List.of(sessionGauge, modes, bytes);
    }

    private static void countPlaying(Collection<ClientSession> sessions, Map<PipelineModes.Mode, Integer> byMode) {
        for (ClientSession session : sessions) {
            for (Player player : session.players()) {
                if (player.isPlaying()) {
                    byMode.merge(PipelineModes.of(player), 1, Integer::sum);
                }
            }
        }
    }

    /** VmRSS from /proc (Linux); -1 elsewhere. */
    static long residentBytes() {
        try {
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
