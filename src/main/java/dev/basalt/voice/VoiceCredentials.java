package dev.basalt.voice;

import java.util.Objects;

/**
 * The four values a voice connection is opened with, as the bot sent them. {@code channelId} is null when the
 * client did not send it (Lavalink clients built on protocol 4.0.x).
 */
public record VoiceCredentials(String token, String endpoint, String sessionId, Long channelId) {

    public VoiceCredentials {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(sessionId, "sessionId");
    }

    public VoiceEvent.VoiceServerUpdate serverUpdate(long guildId) {
        return new VoiceEvent.VoiceServerUpdate(guildId, token, endpoint);
    }

    public VoiceEvent.VoiceStateUpdate stateUpdate(long guildId) {
        return new VoiceEvent.VoiceStateUpdate(guildId, channelId, sessionId);
    }

    @Override
    public String toString() {
        return "VoiceCredentials[endpoint=" + endpoint + ", sessionId=" + sessionId + ", channelId=" + channelId + "]";
    }
}
