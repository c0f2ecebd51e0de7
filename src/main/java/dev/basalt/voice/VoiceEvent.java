package dev.basalt.voice;

/** What the bot relays from Discord's main gateway for one guild. */
public sealed interface VoiceEvent {

    long guildId();

    /** Discord's VOICE_SERVER_UPDATE: a null endpoint means Discord is moving the call to another server. */
    record VoiceServerUpdate(long guildId, String token, String endpoint) implements VoiceEvent {
        @Override
        public String toString() {
            // the token authenticates the bot's voice session: never let it reach a log line
            return "VoiceServerUpdate[guildId=" + guildId + ", endpoint=" + endpoint + "]";
        }
    }

    /** Discord's VOICE_STATE_UPDATE for the bot user; {@code channelId} is null when an older client omitted it. */
    record VoiceStateUpdate(long guildId, Long channelId, String sessionId) implements VoiceEvent {
    }
}
