package dev.basalt.player;

/** A snapshot of a player for {@code playerUpdate}: position 0 without a track, ping -1 without a gateway. */
public record PlayerState(long time, long position, boolean connected, long ping) {
}
