package dev.basalt.track;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.sedmelluq.discord.lavaplayer.player.AudioLoadResultHandler;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioReference;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Resolves an identifier (URL, search query, file path) through the registered sources, in their order. */
@Component
public class TrackLoader {

    private static final Logger log = LoggerFactory.getLogger(TrackLoader.class);

    private final AudioPlayerManager manager;

    public TrackLoader(AudioPlayerManager manager) {
        this.manager = manager;
    }

    public LoadResult load(String identifier) {
        CompletableFuture<LoadResult> result = new CompletableFuture<>();
        manager.loadItem(new AudioReference(identifier, null), new AudioLoadResultHandler() {
            @Override
            public void trackLoaded(AudioTrack track) {
                result.complete(new LoadResult.TrackLoaded(track));
            }

            @Override
            public void playlistLoaded(AudioPlaylist playlist) {
                result.complete(playlist.isSearchResult()
                        ? new LoadResult.SearchResult(playlist.getTracks())
                        : new LoadResult.PlaylistLoaded(playlist));
            }

            @Override
            public void noMatches() {
                result.complete(new LoadResult.NoMatches());
            }

            @Override
            public void loadFailed(FriendlyException exception) {
                result.complete(new LoadResult.LoadFailed(exception));
            }
        });
        try {
            LoadResult loaded = result.get();
            log.info("Loaded '{}': {}", identifier, describe(loaded));
            return loaded;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(e);
        } catch (ExecutionException e) {
            return failed(e.getCause());
        }
    }

    private static LoadResult failed(Throwable cause) {
        return new LoadResult.LoadFailed(new FriendlyException("Something went wrong while looking up the track.",
                FriendlyException.Severity.FAULT, cause));
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
