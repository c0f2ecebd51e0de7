package dev.basalt.voice.discord.udp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the node's {@link PacedSender}, as Lavalink does with {@code lavalink.server.bufferDurationMs}. */
public final class PacedSenders {

    private static final Logger log = LoggerFactory.getLogger(PacedSenders.class);
    /** A queue of one packet would leave no room to top up before it runs dry. */
    private static final int MIN_QUEUED_PACKETS = 2;

    /** The sender picked, and in plain words which one it is and why (the startup summary says it once ready). */
    public record Choice(PacedSender sender, String explanation) {
    }

    private PacedSenders() {
    }

    /**
     * udp-queue's native sender with {@code bufferDurationMs / 20} packets per connection when
     * {@code bufferDurationMs > 0} and the native library loads on this platform, otherwise the Java sender. Pass
     * {@code LavalinkServerProperties.effectiveBufferDurationMs()}. Warns at once when the natives do not load.
     */
    public static Choice choose(int bufferDurationMs) {
        if (bufferDurationMs <= 0) {
            String why = "a Java thread, because bufferDurationMs is " + bufferDurationMs
                    + ", which disables udp-queue's native send buffer";
            return new Choice(new JavaThreadSender(), why);
        }
        int capacity = Math.max(MIN_QUEUED_PACKETS, bufferDurationMs / (int) (Pacer.FRAME_NANOS / 1_000_000));
        try {
            NativeQueueSender sender = new NativeQueueSender(capacity);
            String what = "udp-queue's native sender (natives loaded), " + capacity + " packets (" + capacity * 20
                    + " ms) buffered per connection, " + sender.queueCount() + " native sending thread(s)";
            return new Choice(sender, what);
        } catch (LinkageError | RuntimeException e) {
            String why = "a Java thread, because udp-queue's native library did not load (" + e
                    + "); audio will stutter when the JVM pauses";
            log.warn("Voice packets are paced by {}", why);
            return new Choice(new JavaThreadSender(), why);
        }
    }
}
