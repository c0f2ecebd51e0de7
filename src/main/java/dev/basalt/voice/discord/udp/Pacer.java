package dev.basalt.voice.discord.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both senders share: one daemon thread that serves every registered connection once per 20 ms round on a
 * drift-free deadline (next = previous + 20 ms), and sleeps while there are none. The registrations live in an array
 * that is replaced on register and close, so a round iterates without locks or iterators.
 */
abstract class Pacer implements PacedSender {

    static final long FRAME_NANOS = 20_000_000L;
    /** Room for the largest Opus frame (1275 bytes) with RTP header, DAVE and transport overhead. */
    static final int MAX_PACKET_LENGTH = 2048;

    private static final Logger log = LoggerFactory.getLogger(Pacer.class);
    private static final Slot[] NONE = new Slot[0];

    private final Object lock = new Object();
    private final SendStats stats = new SendStats();
    private final Thread thread;
    private volatile Slot[] slots = NONE;
    private volatile boolean closed;

    Pacer(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        // the 20 ms cadence matters more than any throughput work competing for the CPU
        thread.setPriority((Thread.NORM_PRIORITY + Thread.MAX_PRIORITY) / 2);
        // runtime exceptions are caught per connection; only an Error gets here, and it silences every connection
        thread.setUncaughtExceptionHandler((dead, error) ->
                log.error("Voice packet sender {} died; no voice packets are sent any more", dead.getName(), error));
    }

    /** Called by subclasses once they are fully constructed. */
    final void start() {
        thread.start();
    }

    @Override
    public final SendStats stats() {
        return stats;
    }

    @Override
    public final Registration register(InetSocketAddress address, DatagramChannel channel, PacketSource source) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(source, "source");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("voice server address is unresolved: " + address);
        }
        Slot slot = newSlot(address, channel, source);
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the voice packet sender is closed");
            }
            Slot[] grown = Arrays.copyOf(slots, slots.length + 1);
            grown[grown.length - 1] = slot;
            slots = grown;
        }
        LockSupport.unpark(thread);
        return slot;
    }

    abstract Slot newSlot(InetSocketAddress address, DatagramChannel channel, PacketSource source);

    /**
     * The round that should have started at {@code deadline} starts {@code lag} ns late (lag > 0). Returns the
     * deadline to use: the same one to catch up at once, or a later one to skip slots.
     */
    abstract long fellBehind(Slot[] current, long deadline, long lag);

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread && thread.isAlive()) {
            try {
                // a source blocked forever must not hang shutdown
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void remove(Slot slot) {
        synchronized (lock) {
            Slot[] current = slots;
            for (int i = 0; i < current.length; i++) {
                if (current[i] == slot) {
                    Slot[] shrunk = new Slot[current.length - 1];
                    System.arraycopy(current, 0, shrunk, 0, i);
                    System.arraycopy(current, i + 1, shrunk, i, current.length - i - 1);
                    slots = shrunk.length == 0 ? NONE : shrunk;
                    return;
                }
            }
        }
    }

    private void run() {
        long deadline = System.nanoTime();
        while (!closed) {
            Slot[] current = slots;
            if (current.length == 0) {
                LockSupport.park(this);
                deadline = System.nanoTime();
                continue;
            }
            for (Slot slot : current) {
                try {
                    slot.serve();
                } catch (RuntimeException e) {
                    log.error("Voice packet sender: serving a connection failed", e);
                }
            }
            deadline += FRAME_NANOS;
            long lag = System.nanoTime() - deadline;
            if (lag > 0) {
                deadline = fellBehind(current, deadline, lag);
            }
            waitUntil(deadline);
        }
    }

    private void waitUntil(long deadline) {
        for (long left = deadline - System.nanoTime(); left > 0 && !closed; left = deadline - System.nanoTime()) {
            // nobody interrupts this thread on purpose (close uses the flag); a stray interrupt would turn parkNanos
            // into a busy spin
            Thread.interrupted();
            LockSupport.parkNanos(this, left);
        }
    }

    /** One registration: its source, its packet buffer (allocated once) and its counts. */
    abstract static class Slot implements Registration {

        private static final Logger log = LoggerFactory.getLogger(Slot.class);

        final Pacer owner;
        final InetSocketAddress address;
        final PacketSource source;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_PACKET_LENGTH);
        final FrameCounter counter;
        volatile boolean closed;
        private long failures;

        Slot(Pacer owner, InetSocketAddress address, PacketSource source) {
            this.owner = owner;
            this.address = address;
            this.source = source;
            this.counter = new FrameCounter(owner.stats);
        }

        /** Called once per round on the sender's thread. */
        abstract void serve();

        /** Releases what the subclass holds for this registration; called once, after removal. */
        void released() {
        }

        /** Asks the source for the next datagram; returns its length with the buffer flipped to it, or 0. */
        final int produce() {
            buffer.clear();
            int length;
            try {
                length = source.nextPacket(buffer);
            } catch (RuntimeException e) {
                failed("the packet source failed", e);
                return 0;
            }
            if (length <= 0) {
                return 0;
            }
            if (length > buffer.capacity()) {
                failed("the packet source returned " + length + " bytes for a " + buffer.capacity()
                        + "-byte buffer", null);
                return 0;
            }
            buffer.position(0).limit(length);
            return length;
        }

        /** The first failure of a registration is a warning; repeats (up to 50 a second) only show at debug. */
        final void failed(String what, Throwable cause) {
            if (failures++ == 0) {
                log.warn("Voice packets to {}: {} (repeats are logged at debug)", address, what, cause);
            } else if (log.isDebugEnabled()) {
                log.debug("Voice packets to {}: {} ({} failures)", address, what, failures, cause);
            }
        }

        @Override
        public final FrameCounts counts() {
            return counter.snapshot();
        }

        @Override
        public final void close() {
            if (closed) {
                return;
            }
            closed = true;
            owner.remove(this);
            released();
        }
    }
}
