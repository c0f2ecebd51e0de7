package dev.basalt.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;

public record TrackInfoJson(
        String identifier,
        @JsonProperty("isSeekable") boolean isSeekable,
        String author,
        long length,
        @JsonProperty("isStream") boolean isStream,
        long position,
        String title,
        String uri,
        String sourceName,
        String artworkUrl,
        String isrc) {

    public static TrackInfoJson of(AudioTrackInfo info, String sourceName, long position) {
        return new TrackInfoJson(info.identifier, !info.isStream, info.author, info.length, info.isStream, position,
                info.title, info.uri, sourceName, info.artworkUrl, info.isrc);
    }
}
