package dev.basalt.metrics;

import java.time.Duration;
import java.util.Locale;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.basalt.player.Player;
import dev.basalt.player.PlayerEvent;
import dev.basalt.player.PlayerListener;
import dev.basalt.track.LoadObserver;
import dev.basalt.track.LoadResult;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/** Track loads (latency and outcome) and stream errors (Lavalink's TrackExceptionEvent), by source manager. */
final class TrackMetrics implements LoadObserver, PlayerListener {

    private final Histogram loads;
    private final Counter streamErrors;

    TrackMetrics(CollectorRegistry registry) {
        loads = Histogram.build("basalt_track_load_seconds",
                        "Time to resolve a /v4/loadtracks identifier, by source and Lavalink loadType")
                .labelNames("source", "result")
                .buckets(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .register(registry);
        streamErrors = Counter.build("basalt_stream_errors_total",
                        "Tracks that failed while playing (TrackExceptionEvent), by source and severity")
                .labelNames("source", "severity").register(registry);
    }

    @Override
    public void loaded(String source, LoadResult result, Duration took) {
        loads.labels(source, loadType(result)).observe(took.toNanos() / 1e9);
    }

    @Override
    public void onEvent(Player player, PlayerEvent event) {
        if (event instanceof PlayerEvent.TrackFailed failed) {
            streamErrors.labels(sourceOf(failed.track()),
                    failed.exception().severity.name().toLowerCase(Locale.ROOT)).inc();
        }
    }

    private static String sourceOf(AudioTrack track) {
        return track == null || track.getSourceManager() == null ? "unknown" : track.getSourceManager().getSourceName();
    }

    /** Lavalink's loadType names. */
    private static String loadType(LoadResult result) {
        if (result instanceof LoadResult.TrackLoaded) {
            return "track";
        } else if (result instanceof LoadResult.PlaylistLoaded) {
            return "playlist";
        } else if (result instanceof LoadResult.SearchResult) {
            return "search";
        } else if (result instanceof LoadResult.LoadFailed) {
            return "error";
        }
        return "empty";
    }
}
