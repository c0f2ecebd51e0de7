package dev.basalt.voice.discord.udp;

import java.nio.ByteBuffer;

import com.sedmelluq.discord.lavaplayer.udpqueue.natives.UdpQueueManagerLibrary;

/**
 * udp-queue's native packet queue: one queue of pre-built packets per key, sent by a native thread at a fixed
 * interval, which keeps running while the JVM is paused. The native thread sends from its own socket (bound to an
 * ephemeral port on every interface), not from the connection's channel.
 *
 * <p>This drives {@link UdpQueueManagerLibrary} directly rather than through udp-queue's {@code UdpQueueManager}:
 * that wrapper turns the address into a new String for every packet and cannot drop a closed connection's queue
 * ({@code deleteQueue} is native-only). Like the wrapper, every call holds a lock, so that {@link #close} cannot free
 * the native instance while another thread is using it.
 */
final class NativeUdpQueue implements AutoCloseable {

    private final UdpQueueManagerLibrary library;
    private final long instance;
    private final int capacity;
    private final Thread sender;
    private boolean released;

    /**
     * Loads the native library and starts the native sending thread.
     *
     * @throws LinkageError or RuntimeException when the library cannot be loaded on this platform
     */
    NativeUdpQueue(int capacity, long intervalNanos, String threadName) {
        this.library = UdpQueueManagerLibrary.getInstance();
        this.capacity = capacity;
        this.instance = library.create(capacity, intervalNanos);
        // destroy() waits for process() to return, so this thread must always be started
        this.sender = new Thread(() -> library.process(instance), threadName);
        sender.setDaemon(true);
        sender.setPriority((Thread.NORM_PRIORITY + Thread.MAX_PRIORITY) / 2);
        sender.start();
    }

    int capacity() {
        return capacity;
    }

    /** Free places in the key's queue (the full capacity when it has none). */
    synchronized int remainingCapacity(long key) {
        return released ? 0 : library.getRemainingCapacity(instance, key);
    }

    /** Copies {@code packet[0, length)} (a direct buffer) into the key's queue. */
    synchronized boolean add(long key, String host, int port, ByteBuffer packet, int length) {
        return !released && library.queuePacket(instance, key, host, port, packet, length);
    }

    /** Drops the key's queue with any packets not yet sent. */
    synchronized void delete(long key) {
        if (!released) {
            library.deleteQueue(instance, key);
        }
    }

    /** Stops the native thread (after at most one interval) and frees the queue. */
    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        library.destroy(instance);
    }
}
