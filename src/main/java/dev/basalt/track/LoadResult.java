package dev.basalt.track;

import java.util.List;

import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;

/** The outcome of resolving an identifier: Lavalink's five load types. */
public sealed interface LoadResult {

    record TrackLoaded(AudioTrack track) implements LoadResult {
    }

    record PlaylistLoaded(AudioPlaylist playlist) implements LoadResult {
    }

    record SearchResult(List<AudioTrack> tracks) implements LoadResult {
    }

    record NoMatches() implements LoadResult {
    }

    record LoadFailed(FriendlyException exception) implements LoadResult {
    }
}
