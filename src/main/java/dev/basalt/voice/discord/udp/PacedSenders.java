package dev.basalt.voice.discord.udp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks the node's {@link PacedSender}, as Lavalink does with {@code lavalink.server.bufferDurationMs}. */
public final class PacedSenders {

    private static final Logger log = LoggerFactory.getLogger(PacedSenders.class);
    /** A queue of one packet would leave no room to top up before it runs dry. */
    private static final int MIN_QUEUED_PACKETS = 2;

    private PacedSenders() {
    }

    /**
     * udp-queue's native sender with {@code bufferDurationMs / 20} packets per connection when
     * {@code bufferDurationMs > 0} and the native library loads on this platform, otherwise the Java sender. Pass
     * {@code LavalinkServerProperties.effectiveBufferDurationMs()}. Logs which one it chose and why.
     */
    public static PacedSender create(int bufferDurationMs) {
        if (bufferDurationMs <= 0) {
            log.info("Voice packets are paced by a Java thread: bufferDurationMs is {}, which disables the native "
                    + "send buffer", bufferDurationMs);
            return new JavaThreadSender();
        }
        int capacity = Math.max(MIN_QUEUED_PACKETS, bufferDurationMs / (int) (Pacer.FRAME_NANOS / 1_000_000));
        try {
            NativeQueueSender sender = new NativeQueueSender(capacity);
            log.info("Voice packets are paced by udp-queue's native sender: {} packets ({} ms) buffered per "
                    + "connection, {} native sending thread(s)", capacity, capacity * 20, sender.queueCount());
            return sender;
        } catch (LinkageError | RuntimeException e) {
            log.warn("Voice packets are paced by a Java thread: udp-queue's native library did not load ({}). "
                    + "Audio will stutter when the JVM pauses", e.toString());
            return new JavaThreadSender();
        }
    }
}
