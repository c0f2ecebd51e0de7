package dev.basalt.voice.discord.udp;

import java.time.Duration;

/**
 * The keep-alive discord.js sends on the voice socket (spec 3.5): 8 bytes, a little-endian uint32 counter then four
 * zero bytes. Discord documents none and needs none while audio flows; it keeps a NAT binding open when no audio has
 * gone out of this socket for a while (with udp-queue the audio leaves from udp-queue's own socket, so the voice
 * socket only carries discovery and these).
 */
public final class UdpKeepAlive {

    public static final int LENGTH = 8;
    /** discord.js's period; send one when nothing has gone out for this long. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private UdpKeepAlive() {
    }

    /** The keep-alive carrying {@code counter}: callers start at 0 and add one per keep-alive, wrapping. */
    public static byte[] next(int counter) {
        byte[] packet = new byte[LENGTH];
        packet[0] = (byte) counter;
        packet[1] = (byte) (counter >>> 8);
        packet[2] = (byte) (counter >>> 16);
        packet[3] = (byte) (counter >>> 24);
        return packet;
    }

    /** True for an 8-byte datagram ending in four zero bytes (RTP packets are never this short). */
    public static boolean isKeepAlive(byte[] data, int length) {
        return length == LENGTH && data[4] == 0 && data[5] == 0 && data[6] == 0 && data[7] == 0;
    }
}
