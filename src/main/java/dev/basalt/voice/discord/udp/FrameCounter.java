package dev.basalt.voice.discord.udp;

/**
 * The live counts behind {@link FrameCounts}. Only the sender's thread writes, so a plain read-modify-write of a
 * volatile field is exact without atomics and allocates nothing; readers on other threads see recent values.
 */
final class FrameCounter {

    private volatile long sent;
    private volatile long nulled;
    /** The part of {@code nulled} the Java sender skipped after falling behind (the source was never asked). */
    private volatile long skipped;

    void countSent() {
        sent = sent + 1;
    }

    void countNulled(long slots) {
        nulled = nulled + slots;
    }

    void countSkipped(long slots) {
        skipped = skipped + slots;
        nulled = nulled + slots;
    }

    long skipped() {
        return skipped;
    }

    FrameCounts snapshot() {
        return new FrameCounts(sent, nulled);
    }
}
