package dev.basalt.protocol;

/** The voice state a player reports: empty strings and a null channel until credentials arrive. */
public record VoiceStateJson(String token, String endpoint, String sessionId, String channelId) {

    public static final VoiceStateJson NONE = new VoiceStateJson("", "", "", null);
}
