package dev.basalt.voice.discord.udp;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * Sends each registered connection's packets every 20 ms, drift-free. One sender serves every voice connection of
 * the node; {@link PacedSenders#create} picks the implementation.
 */
public interface PacedSender extends AutoCloseable {

    /**
     * Starts pacing packets from {@code source} to {@code address}. Returns a handle; closing it stops this connection
     * only.
     *
     * <p>{@code channel} is the connection's voice socket (the one IP discovery ran on). The Java sender sends from it
     * and switches it to non-blocking mode, so a full socket buffer drops a packet instead of stalling every
     * connection. The native sender sends from udp-queue's own socket (a different local port) and leaves the channel
     * alone.
     *
     * @throws IllegalStateException if this sender is closed
     */
    Registration register(InetSocketAddress address, DatagramChannel channel, PacketSource source);

    /** What this sender handed off, for every registration it ever had. */
    SendStats stats();

    /** True when packets go through udp-queue's native buffer, which keeps sending while the JVM is paused. */
    boolean isNative();

    /** Stops sending for every registration and releases the threads (and the native queue). */
    @Override
    void close();

    /** One connection's place in the sender. */
    interface Registration extends AutoCloseable {

        FrameCounts counts();

        /**
         * Stops asking the source for packets and drops the ones still queued. Idempotent. A call to the source already
         * under way on the sender's thread may still finish after this returns.
         */
        @Override
        void close();
    }
}
