package dev.basalt.track;

import java.time.Duration;
import java.util.List;

import com.sedmelluq.discord.lavaplayer.player.AudioLoadResultHandler;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioReference;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Resolves an identifier (URL, search query, file path) through the registered sources, in their order. */
@Component
public class TrackLoader {

    private static final Logger log = LoggerFactory.getLogger(TrackLoader.class);

    private final AudioPlayerManager manager;
    private final ObjectProvider<LoadObserver> observers;

    public TrackLoader(AudioPlayerManager manager, ObjectProvider<LoadObserver> observers) {
        this.manager = manager;
        this.observers = observers;
    }

    /** Runs on the calling thread; lavaplayer reports every failure through {@code loadFailed}. */
    public LoadResult load(String identifier) {
        long started = System.nanoTime();
        Outcome outcome = new Outcome();
        manager.loadItemSync(new AudioReference(identifier, null), outcome);
        LoadResult loaded = outcome.result != null ? outcome.result : new LoadResult.NoMatches();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        log.info("Loaded '{}': {}", identifier, describe(loaded));
        String source = sourceOf(loaded);
        observers.orderedStream().forEach(observer -> observer.loaded(source, loaded, took));
        return loaded;
    }

    /** The source manager behind a result, as {@link LoadObserver} names it. */
    static String sourceOf(LoadResult result) {
        List<AudioTrack> tracks;
        if (result instanceof LoadResult.TrackLoaded t) {
            tracks = List.of(t.track());
        } else if (result instanceof LoadResult.PlaylistLoaded p) {
            tracks = p.playlist().getTracks();
        } else if (result instanceof LoadResult.SearchResult s) {
            tracks = s.tracks();
        } else if (result instanceof LoadResult.LoadFailed) {
            return "unknown";
        } else {
            return "none";
        }
        if (tracks.isEmpty() || tracks.get(0).getSourceManager() == null) {
            return "unknown";
        }
        return tracks.get(0).getSourceManager().getSourceName();
    }

    private static final class Outcome implements AudioLoadResultHandler {
        private LoadResult result;

        @Override
        public void trackLoaded(AudioTrack track) {
            result = new LoadResult.TrackLoaded(track);
        }

        @Override
        public void playlistLoaded(AudioPlaylist playlist) {
            result = playlist.isSearchResult()
                    ? new LoadResult.SearchResult(playlist.getTracks())
                    : new LoadResult.PlaylistLoaded(playlist);
        }

        @Override
        public void noMatches() {
            result = new LoadResult.NoMatches();
        }

        @Override
        public void loadFailed(FriendlyException exception) {
            result = new LoadResult.LoadFailed(exception);
        }
    }

    private static String describe(LoadResult result) {
        if (result instanceof LoadResult.TrackLoaded t) {
            return "track '" + t.track().getInfo().title + "'";
        } else if (result instanceof LoadResult.PlaylistLoaded p) {
            return "playlist '" + p.playlist().getName() + "' with " + p.playlist().getTracks().size() + " tracks";
        } else if (result instanceof LoadResult.SearchResult s) {
            return s.tracks().size() + " search results";
        } else if (result instanceof LoadResult.LoadFailed f) {
            return "failed: " + f.exception().getMessage();
        }
        return "no matches";
    }
}
