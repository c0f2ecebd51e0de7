package dev.basalt.voice.discord.udp;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A packet source for pacing tests: RTP header then the packet's number as a 4-byte payload, {@code packets} of them,
 * then nothing. Calls listed in {@code emptyCalls} return 0; call {@code blockingCall} first blocks its caller for
 * {@code blockMillis} (a stand-in for a GC pause of the thread that fills the send buffer).
 */
final class NumberedSource implements PacketSource {

    private final RtpPacketizer rtp;
    private final int packets;
    private final Set<Integer> emptyCalls;
    private final int blockingCall;
    private final long blockMillis;
    private final byte[] packet = new byte[16];
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger produced = new AtomicInteger();
    private final AtomicInteger empty = new AtomicInteger();
    private final AtomicLong blockedAt = new AtomicLong();

    NumberedSource(int ssrc, int packets, Set<Integer> emptyCalls, int blockingCall, long blockMillis) {
        // starts near the 16-bit wrap so that every long run crosses it
        this.rtp = new RtpPacketizer(ssrc, 0xFFFF - 20, 0);
        this.packets = packets;
        this.emptyCalls = emptyCalls;
        this.blockingCall = blockingCall;
        this.blockMillis = blockMillis;
    }

    NumberedSource(int packets) {
        this(0x1234, packets, Set.of(), -1, 0);
    }

    @Override
    public int nextPacket(ByteBuffer target) {
        int call = calls.getAndIncrement();
        if (call == blockingCall) {
            blockedAt.set(System.nanoTime());
            try {
                Thread.sleep(blockMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (produced.get() >= packets || emptyCalls.contains(call)) {
            empty.incrementAndGet();
            return 0;
        }
        rtp.writeHeader(packet);
        int index = produced.getAndIncrement();
        packet[12] = (byte) (index >>> 24);
        packet[13] = (byte) (index >>> 16);
        packet[14] = (byte) (index >>> 8);
        packet[15] = (byte) index;
        target.put(packet);
        return packet.length;
    }

    int empty() {
        return empty.get();
    }

    int produced() {
        return produced.get();
    }

    /** When the blocking call started (nanoTime), or 0 if it has not happened. */
    long blockedAt() {
        return blockedAt.get();
    }
}
