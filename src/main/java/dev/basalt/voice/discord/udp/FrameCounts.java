package dev.basalt.voice.discord.udp;

/**
 * What a registration's packet source produced, counted where each packet is handed to the socket or the native
 * queue: {@code sent} packets, and {@code nulled} slots with nothing to send (including slots the Java sender skipped
 * after falling behind). Packets the socket refused are in neither, so at 50 slots per second they show up as
 * Lavalink's frame deficit.
 */
public record FrameCounts(long sent, long nulled) {

    public static final FrameCounts ZERO = new FrameCounts(0, 0);

    /** The counts since {@code earlier} (e.g. per-minute frame stats). */
    public FrameCounts minus(FrameCounts earlier) {
        return new FrameCounts(sent - earlier.sent, nulled - earlier.nulled);
    }
}
