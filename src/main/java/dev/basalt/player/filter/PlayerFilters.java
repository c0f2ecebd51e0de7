package dev.basalt.player.filter;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.InternalAudioTrack;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioTrackExecutor;
import com.sedmelluq.discord.lavaplayer.track.playback.LocalAudioTrackExecutor;

/**
 * The filters of one player as lavaplayer sees them. Settings that change nothing (every filter off or at its
 * neutral value) remove the filter factory altogether: lavaplayer treats any factory as a reason to decode and
 * re-encode, and without one an Opus source is passed through untouched.
 */
public final class PlayerFilters {

    private final AudioPlayer player;
    private final TrackClock clock = new TrackClock();
    private final FilterChainFactory factory;
    private volatile boolean installed; // written under this object's lock (two updates of one player may race)

    public PlayerFilters(AudioPlayer player) {
        this.player = player;
        this.factory = new FilterChainFactory(clock, this::lastBufferedTimecode);
    }

    /** Applies {@code settings} to the track playing now and to later ones. */
    public synchronized void apply(FilterSettings settings) {
        factory.settings(settings);
        boolean needed = settings.changesAudio();
        if (needed != installed) {
            installed = needed;
            player.setFilterFactory(needed ? factory : null);
            if (!needed) {
                clock.rateChanged(1, lastBufferedTimecode());
            }
        }
    }

    /** Whether a filter chain is installed (false keeps Opus passthrough possible). */
    public boolean installed() {
        return installed;
    }

    public TrackClock clock() {
        return clock;
    }

    private long lastBufferedTimecode() {
        AudioTrack track = player.getPlayingTrack();
        if (track instanceof InternalAudioTrack internal) {
            AudioTrackExecutor executor = internal.getActiveExecutor();
            if (executor instanceof LocalAudioTrackExecutor local) {
                Long timecode = local.getAudioBuffer().getLastInputTimecode();
                if (timecode != null) {
                    return timecode;
                }
            }
        }
        return Long.MIN_VALUE;
    }
}
