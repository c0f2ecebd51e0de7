package dev.basalt.protocol;

public record PlayerStateJson(long time, long position, boolean connected, long ping) {
}
