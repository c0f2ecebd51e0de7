package dev.basalt.voice.discord.udp;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sender that rides out JVM pauses: every 20 ms a Java thread tops each connection's native queue up to its
 * capacity (buffer duration / 20 ms packets) by asking the source for packets, and udp-queue's native thread sends
 * one per connection every 20 ms from that buffer. A pause shorter than the buffer costs nothing on the wire.
 *
 * <p>When the source has nothing, the top-up stops for that round (one nulled slot) and the queue simply holds fewer
 * packets. Packets leave from udp-queue's own socket, not the connection's channel.
 *
 * <p>Connections are spread over one native queue per core. Each native queue has one thread that sleeps until its
 * next packet is due and sends it, and one lock that the fill thread shares; with every connection on a single
 * queue, that thread was the first thing to fall behind on a busy machine (see docs/benchmarks.md).
 */
final class NativeQueueSender extends Pacer {

    private final NativeUdpQueue[] queues;
    private final AtomicLong keys = new AtomicLong();

    /**
     * @throws LinkageError or RuntimeException when the native library cannot be loaded
     */
    NativeQueueSender(int capacity) {
        this(capacity, Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    }

    NativeQueueSender(int capacity, int queueCount) {
        super("voice-udp-queue-fill");
        this.queues = new NativeUdpQueue[queueCount];
        try {
            for (int i = 0; i < queueCount; i++) {
                queues[i] = new NativeUdpQueue(capacity, FRAME_NANOS, "voice-udp-queue-" + i);
            }
        } catch (LinkageError | RuntimeException e) {
            closeQueues();
            throw e;
        }
        start();
    }

    /** Native queues (each with its own sending thread) the connections are spread over. */
    int queueCount() {
        return queues.length;
    }

    @Override
    public boolean isNative() {
        return true;
    }

    /** Packets per connection the native queue holds. */
    int capacity() {
        return queues[0].capacity();
    }

    @Override
    Slot newSlot(InetSocketAddress address, DatagramChannel channel, PacketSource source) {
        return new QueueSlot(this, address, source, keys.incrementAndGet());
    }

    /** Late top-ups need no catching up: the queue kept sending, and the next top-up refills what it drained. */
    @Override
    long fellBehind(Slot[] current, long deadline, long lag) {
        return deadline + (lag / FRAME_NANOS) * FRAME_NANOS;
    }

    @Override
    public void close() {
        super.close();
        closeQueues();
    }

    private void closeQueues() {
        for (NativeUdpQueue queue : queues) {
            if (queue != null) {
                queue.close();
            }
        }
    }

    private final class QueueSlot extends Slot {

        private final long key;
        private final NativeUdpQueue queue;
        /** Computed once: the native side takes the address as text. */
        private final String host;
        private final int port;

        QueueSlot(Pacer owner, InetSocketAddress address, PacketSource source, long key) {
            super(owner, address, source);
            this.key = key;
            this.queue = queues[(int) (key % queues.length)];
            this.host = address.getAddress().getHostAddress();
            this.port = address.getPort();
        }

        @Override
        void serve() {
            // the native thread only drains meanwhile, so this much room stays free for the whole round
            for (int room = queue.remainingCapacity(key); room > 0 && !closed; room--) {
                int length = produce();
                if (length == 0) {
                    // nothing ready: ask again next round rather than burn the rest of the room on empty answers
                    counter.countNulled(1);
                    return;
                }
                if (!queue.add(key, host, port, buffer, length)) {
                    counter.countDropped();
                    return;
                }
                counter.countSent();
            }
            if (closed) {
                // close() may have dropped the queue just before our last add re-created it
                queue.delete(key);
            }
        }

        @Override
        void released() {
            queue.delete(key);
        }
    }
}
