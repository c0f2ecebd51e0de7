package dev.basalt.protocol;

import java.util.List;
import java.util.Map;

public record LoadResultJson(String loadType, Object data) {

    public record Playlist(PlaylistInfo info, Map<String, Object> pluginInfo, List<TrackJson> tracks) {
    }

    public record PlaylistInfo(String name, int selectedTrack) {
    }
}
