package dev.basalt.support;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.List;

import com.sedmelluq.discord.lavaplayer.container.MediaContainerRegistry;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.AudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.track.AudioItem;
import com.sedmelluq.discord.lavaplayer.track.AudioReference;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import com.sedmelluq.discord.lavaplayer.track.BasicAudioPlaylist;

/**
 * A catalogue source of the kind plugins add: answers {@code fixtures:playlist}, {@code fixtures:playlist-unselected},
 * {@code fixtures:search} and {@code fixtures:search-empty} with playlists and searches of tracks loaded from the
 * local audio server, because no offline built-in source produces those load results. Register it once per node:
 * {@code if (manager.source(FixtureCatalogue.class) == null) manager.registerSourceManager(new FixtureCatalogue())}.
 */
public final class FixtureCatalogue implements AudioSourceManager {
    private final HttpAudioSourceManager http = new HttpAudioSourceManager(MediaContainerRegistry.DEFAULT_REGISTRY);

    @Override
    public String getSourceName() {
        return "fixtures";
    }

    @Override
    public AudioItem loadItem(AudioPlayerManager manager, AudioReference reference) {
        if (!reference.identifier.startsWith("fixtures:")) {
            return null;
        }
        List<AudioTrack> tracks = List.of(track(manager, "sine-440hz-2s.mp3"), track(manager, "sine-440hz-2s.ogg"));
        return switch (reference.identifier) {
            case "fixtures:playlist" -> new BasicAudioPlaylist("Basalt fixtures", tracks, tracks.get(1), false);
            case "fixtures:playlist-unselected" -> new BasicAudioPlaylist("Basalt fixtures", tracks, null, false);
            case "fixtures:search" -> new BasicAudioPlaylist("Search results for: tone", tracks, null, true);
            case "fixtures:search-empty" -> new BasicAudioPlaylist("Search results for: x", List.of(), null, true);
            default -> AudioReference.NO_TRACK;
        };
    }

    private AudioTrack track(AudioPlayerManager manager, String fixture) {
        return (AudioTrack) http.loadItem(manager, new AudioReference(AudioServer.url(fixture), null));
    }

    @Override
    public boolean isTrackEncodable(AudioTrack track) {
        return false;
    }

    @Override
    public void encodeTrack(AudioTrack track, DataOutput output) {
    }

    @Override
    public AudioTrack decodeTrack(AudioTrackInfo trackInfo, DataInput input) {
        return null;
    }

    @Override
    public void shutdown() {
        http.shutdown();
    }
}
