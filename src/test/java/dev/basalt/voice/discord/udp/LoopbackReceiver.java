package dev.basalt.voice.discord.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Stands where Discord's voice server would: records every datagram with its arrival time and sender. */
final class LoopbackReceiver implements AutoCloseable {

    /** {@code index} is the payload number {@link NumberedSource} wrote; {@code sequence} the RTP sequence. */
    record Arrival(long nanos, int ssrc, int sequence, int index, int length, InetSocketAddress from) {
    }

    private final DatagramChannel channel;
    private final Thread thread;
    private final List<Arrival> arrivals = new ArrayList<>();

    LoopbackReceiver() throws IOException {
        channel = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::receive, "loopback-receiver");
        thread.setDaemon(true);
        thread.start();
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** A channel connected to this receiver, as a voice connection's socket is connected to the voice server. */
    DatagramChannel connectedChannel() throws IOException {
        DatagramChannel sending = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        sending.connect(address());
        return sending;
    }

    synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** Waits (polling) until {@code count} datagrams arrived; returns them, or fails after {@code timeout}. */
    List<Arrival> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Arrival> now = arrivals();
            if (now.size() >= count) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + now.size() + " of " + count + " datagrams arrived within "
                        + timeout.toMillis() + " ms");
            }
            Thread.sleep(5);
        }
    }

    private void receive() {
        ByteBuffer buffer = ByteBuffer.allocate(2048);
        try {
            while (true) {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                long nanos = System.nanoTime();
                int length = buffer.position();
                int sequence = length >= 4 ? buffer.getShort(2) & 0xFFFF : -1;
                int ssrc = length >= 12 ? buffer.getInt(8) : -1;
                int index = length >= 16 ? buffer.getInt(12) : -1;
                synchronized (this) {
                    arrivals.add(new Arrival(nanos, ssrc, sequence, index, length, from));
                }
            }
        } catch (ClosedChannelException e) {
            // closed by the test
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        channel.close();
        thread.join(1000);
    }
}
