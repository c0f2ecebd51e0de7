package dev.basalt.session;

import java.lang.management.ManagementFactory;

import dev.basalt.protocol.StatsJson;
import org.springframework.stereotype.Component;

/**
 * Memory and CPU figures for stats. CPU loads are measured over the interval since the previous measurement and
 * reused for 30 s, so frequent polling cannot distort them; the first measurement reads 0.
 */
@Component
public class SystemUsage {

    private static final long CACHE_NANOS = 30_000_000_000L;

    private final com.sun.management.OperatingSystemMXBean os = osBean();
    private final int cores = Runtime.getRuntime().availableProcessors();
    private long lastSampleNanos;
    private long lastProcessCpuNanos;
    private StatsJson.Cpu cached;

    public StatsJson.Memory memory() {
        Runtime runtime = Runtime.getRuntime();
        long free = runtime.freeMemory();
        long allocated = runtime.totalMemory();
        return new StatsJson.Memory(free, allocated - free, allocated, runtime.maxMemory());
    }

    public synchronized StatsJson.Cpu cpu() {
        long now = System.nanoTime();
        if (cached != null && now - lastSampleNanos < CACHE_NANOS) {
            return cached;
        }
        long processCpu = os == null ? 0 : os.getProcessCpuTime();
        double processLoad = 0;
        double systemLoad = 0;
        if (cached != null && now > lastSampleNanos) {
            processLoad = (double) (processCpu - lastProcessCpuNanos) / (now - lastSampleNanos) / cores;
            systemLoad = os == null ? 0 : os.getCpuLoad();
        }
        lastSampleNanos = now;
        lastProcessCpuNanos = processCpu;
        cached = new StatsJson.Cpu(cores, fraction(systemLoad), fraction(processLoad));
        return cached;
    }

    private static double fraction(double value) {
        return Double.isFinite(value) ? Math.max(0, Math.min(1, value)) : 0.0;
    }

    private static com.sun.management.OperatingSystemMXBean osBean() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
                ? bean : null;
    }
}
