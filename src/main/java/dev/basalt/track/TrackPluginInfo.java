package dev.basalt.track;

import java.util.LinkedHashMap;
import java.util.Map;

import com.sedmelluq.discord.lavaplayer.container.MediaContainerDescriptor;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioTrack;
import com.sedmelluq.discord.lavaplayer.source.local.LocalAudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;

/** The {@code pluginInfo} of a track: Lavalink's built-in modifier adds the container probe of http and local tracks. */
public final class TrackPluginInfo {

    private TrackPluginInfo() {
    }

    public static Map<String, Object> of(AudioTrack track) {
        Map<String, Object> info = new LinkedHashMap<>();
        MediaContainerDescriptor container = null;
        if (track instanceof HttpAudioTrack http) {
            container = http.getContainerTrackFactory();
        } else if (track instanceof LocalAudioTrack local) {
            container = local.getContainerTrackFactory();
        }
        if (container != null) {
            String probe = container.probe.getName();
            info.put("probeInfo", container.parameters == null ? probe : probe + "|" + container.parameters);
        }
        return info;
    }
}
