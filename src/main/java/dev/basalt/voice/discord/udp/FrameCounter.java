package dev.basalt.voice.discord.udp;

/**
 * The live counts behind {@link FrameCounts}, also added to the sender's node-wide {@link SendStats}. Only the
 * sender's thread writes, so a plain read-modify-write of a volatile field is exact without atomics and allocates
 * nothing; readers on other threads see recent values.
 */
final class FrameCounter {

    private final SendStats node;
    private volatile long sent;
    private volatile long nulled;
    /** The part of {@code nulled} the Java sender skipped after falling behind (the source was never asked). */
    private volatile long skipped;
    /** When the previous packet was handed off, or 0 if the previous slot sent nothing (sender thread only). */
    private long lastSentNanos;

    FrameCounter(SendStats node) {
        this.node = node;
    }

    void countSent() {
        sent = sent + 1;
        node.countSent();
        long now = System.nanoTime();
        if (lastSentNanos != 0) {
            node.gaps().record(now - lastSentNanos);
        }
        lastSentNanos = now;
    }

    void countNulled(long slots) {
        nulled = nulled + slots;
        node.countNulled(slots);
        lastSentNanos = 0;
    }

    void countSkipped(long slots) {
        skipped = skipped + slots;
        countNulled(slots);
    }

    /** A packet was ready but the socket or queue did not take it: in neither count, so it shows as deficit. */
    void countDropped() {
        node.countDropped();
        lastSentNanos = 0;
    }

    long skipped() {
        return skipped;
    }

    FrameCounts snapshot() {
        return new FrameCounts(sent, nulled);
    }
}
