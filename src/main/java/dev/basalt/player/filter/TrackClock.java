package dev.basalt.player.filter;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The track position under timescale. lavaplayer stamps each 20 ms frame with a timecode that counts output audio,
 * so with speed 2 its position would advance one second per second heard although two seconds of the track went by.
 * This clock adds the difference: for every frame played it adds {@code (speed × rate − 1) × 20 ms}. A rate change
 * takes effect with the first frame the new settings produced (frames already buffered keep the old rate), and a jump
 * in the timecodes (seek, new track) means lavaplayer's timecode is track time again, so the difference restarts.
 */
public final class TrackClock {

    private static final long FRAME_MS = 20;

    private record Change(double rate, long afterTimecode) {
    }

    private final AtomicReference<Change> pending = new AtomicReference<>();
    private double rate = 1;
    private long lastTimecode = Long.MIN_VALUE;
    private volatile long driftMicros;

    /**
     * The filters now produce audio at {@code rate}, starting after the frame stamped {@code lastBufferedTimecode}
     * (the newest one already buffered; {@code Long.MIN_VALUE} when nothing is).
     */
    void rateChanged(double newRate, long lastBufferedTimecode) {
        pending.set(new Change(newRate, lastBufferedTimecode));
    }

    /** Called for every frame handed to the voice connection, in order. */
    public void onFrame(long timecode) {
        boolean jump = lastTimecode == Long.MIN_VALUE || timecode != lastTimecode + FRAME_MS;
        Change change = pending.get();
        if (change != null && (jump || timecode > change.afterTimecode()) && pending.compareAndSet(change, null)) {
            rate = change.rate();
        }
        driftMicros = jump ? 0 : driftMicros + Math.round((rate - 1) * FRAME_MS * 1000);
        lastTimecode = timecode;
    }

    /** The track position for lavaplayer's (output-time) position. */
    public long position(long outputPosition) {
        return outputPosition + driftMicros / 1000;
    }

    /** After a seek or a new track: lavaplayer's position is track time again. */
    public void restart() {
        driftMicros = 0;
        lastTimecode = Long.MIN_VALUE;
    }
}
