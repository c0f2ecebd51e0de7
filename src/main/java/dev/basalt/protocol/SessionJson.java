package dev.basalt.protocol;

public record SessionJson(boolean resuming, long timeout) {
}
