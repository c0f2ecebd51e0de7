package dev.basalt.voice.discord.udp;

/**
 * Node-wide totals of one paced sender since it started: packets handed to the socket or native queue, slots with
 * nothing to send, packets that were ready but never left (socket buffer full, send error, queue refused), and the
 * gaps between consecutive hand-offs of a connection. Monotonic, for monitoring.
 *
 * <p>Only the sender's thread writes the counts, so a plain read-modify-write of a volatile field is exact without
 * atomics or allocation; readers on other threads see recent values.
 */
public final class SendStats {

    private volatile long sent;
    private volatile long nulled;
    private volatile long dropped;
    private final PacketGaps gaps = new PacketGaps();

    void countSent() {
        sent = sent + 1;
    }

    void countNulled(long slots) {
        nulled = nulled + slots;
    }

    void countDropped() {
        dropped = dropped + 1;
    }

    /** Packets handed to the socket or native queue (audio, the silence frames after it, keep-alives). */
    public long sent() {
        return sent;
    }

    /** Slots of registered connections with nothing to send, including slots skipped after falling behind. */
    public long nulled() {
        return nulled;
    }

    /** Packets that were ready but never left: the frame deficit the sender caused itself. */
    public long dropped() {
        return dropped;
    }

    public PacketGaps gaps() {
        return gaps;
    }
}
