package dev.basalt.voice.discord.udp;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-bucket histogram of the time between two consecutive packets of one connection handed to the socket or
 * native queue (both slots sent; a slot with nothing to send starts a new run). Recording is a scan of a dozen
 * longs and two uncontended atomic adds: no allocation, no lock.
 */
public final class PacketGaps {

    /** Upper bounds (inclusive) in nanoseconds, finest around the 20 ms beat; a last bucket holds the rest. */
    private static final long[] BOUNDS_NANOS = {
        1_000_000L, 10_000_000L, 15_000_000L, 18_000_000L, 19_000_000L, 20_000_000L, 21_000_000L, 22_000_000L,
        25_000_000L, 30_000_000L, 40_000_000L, 60_000_000L, 100_000_000L, 250_000_000L, 1_000_000_000L,
    };

    private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_NANOS.length + 1);
    private final AtomicLongArray sumNanos = new AtomicLongArray(1);

    void record(long gapNanos) {
        int bucket = 0;
        while (bucket < BOUNDS_NANOS.length && gapNanos > BOUNDS_NANOS[bucket]) {
            bucket++;
        }
        counts.incrementAndGet(bucket);
        sumNanos.addAndGet(0, gapNanos);
    }

    /** The inclusive upper bounds of the finite buckets, in seconds. */
    public static double[] boundsSeconds() {
        double[] seconds = new double[BOUNDS_NANOS.length];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = BOUNDS_NANOS[i] / 1e9;
        }
        return seconds;
    }

    /** Counts per bucket (not cumulative); the last entry is the overflow bucket above every bound. */
    public long[] bucketCounts() {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    public double sumSeconds() {
        return sumNanos.get(0) / 1e9;
    }
}
