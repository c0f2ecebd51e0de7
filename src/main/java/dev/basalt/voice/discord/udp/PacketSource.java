package dev.basalt.voice.discord.udp;

import java.nio.ByteBuffer;

/**
 * Produces the complete UDP datagram for the next 20 ms slot, or 0 if there is nothing to send in this slot. Called
 * only from the sender's thread; must not block.
 *
 * <p>With the native sender the call comes ahead of time: the sender keeps up to its buffer duration of packets
 * queued, so a packet may leave up to that long after it was produced.
 */
@FunctionalInterface
public interface PacketSource {

    /**
     * @param target direct or heap, cleared, capacity ≥ 1500; write the datagram from position 0
     * @return the datagram's length, or 0 when there is nothing to send in this slot
     */
    int nextPacket(ByteBuffer target);
}
