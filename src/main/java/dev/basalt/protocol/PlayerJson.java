package dev.basalt.protocol;

public record PlayerJson(String guildId, TrackJson track, int volume, boolean paused, PlayerStateJson state,
                         VoiceStateJson voice, Object filters) {
}
