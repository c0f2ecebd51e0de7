package dev.basalt.voice.discord.udp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fallback sender: one Java thread sends every connection's packet in each 20 ms round, from the connection's
 * own channel. It has no buffer, so a JVM pause (GC, safepoint) or a slow source delays every connection's audio; after
 * falling more than {@value #MAX_LAG_FRAMES} rounds behind it skips the missed slots rather than bursting them out.
 */
final class JavaThreadSender extends Pacer {

    /** Up to this many late rounds are caught up back to back; Discord's jitter buffer absorbs a short burst. */
    static final int MAX_LAG_FRAMES = 3;

    private static final Logger log = LoggerFactory.getLogger(JavaThreadSender.class);

    JavaThreadSender() {
        super("voice-udp-sender");
        start();
    }

    @Override
    public boolean isNative() {
        return false;
    }

    @Override
    Slot newSlot(InetSocketAddress address, DatagramChannel channel, PacketSource source) {
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the voice channel non-blocking", e);
        }
        return new ChannelSlot(this, address, channel, source);
    }

    @Override
    long fellBehind(Slot[] current, long deadline, long lag) {
        if (lag <= MAX_LAG_FRAMES * FRAME_NANOS) {
            return deadline;
        }
        // every round from deadline up to now is already late: skip them all and resume on the next future beat,
        // so the round after a stall is 20 ms after it rather than back to back with it
        long missed = lag / FRAME_NANOS + 1;
        for (Slot slot : current) {
            slot.counter.countSkipped(missed);
        }
        if (log.isDebugEnabled()) {
            log.debug("Voice sender fell {} ms behind; skipped {} slot(s) for {} connection(s)",
                    lag / 1_000_000, missed, current.length);
        }
        return deadline + missed * FRAME_NANOS;
    }

    /** Sends straight from the connection's channel: the address Discord learned by IP discovery. */
    private static final class ChannelSlot extends Slot {

        private final DatagramChannel channel;

        ChannelSlot(Pacer owner, InetSocketAddress address, DatagramChannel channel, PacketSource source) {
            super(owner, address, source);
            this.channel = channel;
        }

        @Override
        void serve() {
            if (closed) {
                return;
            }
            int length = produce();
            if (length == 0) {
                counter.countNulled(1);
                return;
            }
            if (closed) {
                return;
            }
            if (Thread.interrupted()) {
                // NIO closes a channel written to by an interrupted thread (ClosedByInterruptException): a source that
                // leaves this thread interrupted must not cost the connection its socket
                failed("the packet source left the sender thread interrupted; the interrupt was cleared", null);
            }
            try {
                // a connected channel only sends to its peer; send() to it would be refused
                int written = channel.isConnected() ? channel.write(buffer) : channel.send(buffer, address);
                if (written > 0) {
                    counter.countSent();
                } else {
                    counter.countDropped();
                    failed("the socket's send buffer is full; packet dropped", null);
                }
            } catch (ClosedChannelException e) {
                log.debug("Voice packets to {}: the channel was closed; stopping this registration", address);
                close();
            } catch (IOException e) {
                // e.g. ICMP port unreachable reported on a connected channel: the packet is lost, the next may not be
                counter.countDropped();
                failed("sending failed: " + e, null);
            }
        }
    }
}
