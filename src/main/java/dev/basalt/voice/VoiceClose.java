package dev.basalt.voice;

/**
 * A voice gateway close the node did not recover from silently. {@code reconnecting} says whether the connection
 * is starting a new session by itself (Basalt's addition to Lavalink's WebSocketClosedEvent).
 */
public record VoiceClose(int code, String reason, boolean byRemote, boolean reconnecting) {
}
