package dev.basalt.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Lavalink's player object. {@code pipelineMode} is Basalt's own ({@code passthrough} or {@code transcode}); it is
 * left out while no track plays, so an idle player is byte for byte what Lavalink sends.
 */
public record PlayerJson(String guildId, TrackJson track, int volume, boolean paused, PlayerStateJson state,
                         VoiceStateJson voice, Object filters,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String pipelineMode) {
}
