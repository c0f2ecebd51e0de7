package dev.basalt.voice.discord.udp;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes the RTP header of each audio packet (spec 3.3): version 2 without padding, extension or CSRCs, payload type
 * 120 (Opus), the sequence number +1 and the timestamp +960 (20 ms at 48 kHz) per packet, both wrapping and both
 * starting at random values as RFC 3550 asks. Silence frames advance them like any other frame. Not thread-safe:
 * used by the thread that builds the connection's packets.
 */
public final class RtpPacketizer {

    public static final int HEADER_LENGTH = 12;
    /** 48 kHz clock, 20 ms per frame. */
    public static final int TIMESTAMP_STEP = 960;

    private static final byte VERSION_2 = (byte) 0x80;
    private static final byte PAYLOAD_TYPE_OPUS = 0x78;

    private final int ssrc;
    private int sequence;
    private int timestamp;

    /** Random sequence and timestamp starts. */
    public RtpPacketizer(int ssrc) {
        this(ssrc, ThreadLocalRandom.current().nextInt(0x10000), ThreadLocalRandom.current().nextInt());
    }

    RtpPacketizer(int ssrc, int sequence, int timestamp) {
        this.ssrc = ssrc;
        this.sequence = sequence & 0xFFFF;
        this.timestamp = timestamp;
    }

    /** Writes the 12-byte header of the next packet into {@code packet[0..12)} and advances. Returns 12. */
    public int writeHeader(byte[] packet) {
        packet[0] = VERSION_2;
        packet[1] = PAYLOAD_TYPE_OPUS;
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        packet[4] = (byte) (timestamp >>> 24);
        packet[5] = (byte) (timestamp >>> 16);
        packet[6] = (byte) (timestamp >>> 8);
        packet[7] = (byte) timestamp;
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp += TIMESTAMP_STEP;
        return HEADER_LENGTH;
    }

    public int ssrc() {
        return ssrc;
    }

    /** The sequence number the next header carries (0–65535). */
    public int sequence() {
        return sequence;
    }

    /** The timestamp the next header carries (an unsigned 32-bit value in an int). */
    public int timestamp() {
        return timestamp;
    }
}
