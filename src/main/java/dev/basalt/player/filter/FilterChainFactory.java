package dev.basalt.player.filter;

import java.util.List;
import java.util.function.LongSupplier;

import com.sedmelluq.discord.lavaplayer.filter.AudioFilter;
import com.sedmelluq.discord.lavaplayer.filter.PcmFilterFactory;
import com.sedmelluq.discord.lavaplayer.filter.UniversalPcmAudioFilter;
import com.sedmelluq.discord.lavaplayer.format.AudioDataFormat;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;

/**
 * A player's filter factory. It stays the same object while the settings change, so lavaplayer's hot swap (which
 * rebuilds only when the factory object changes) leaves the running chain alone and the chain reads the new settings
 * at its next block.
 */
final class FilterChainFactory implements PcmFilterFactory {

    private final TrackClock clock;
    private final LongSupplier lastBufferedTimecode;
    private volatile FilterSettings settings = FilterSettings.NONE;

    FilterChainFactory(TrackClock clock, LongSupplier lastBufferedTimecode) {
        this.clock = clock;
        this.lastBufferedTimecode = lastBufferedTimecode;
    }

    FilterSettings settings() {
        return settings;
    }

    void settings(FilterSettings settings) {
        this.settings = settings;
    }

    TrackClock clock() {
        return clock;
    }

    long lastBufferedTimecode() {
        return lastBufferedTimecode.getAsLong();
    }

    @Override
    public List<AudioFilter> buildChain(AudioTrack track, AudioDataFormat format, UniversalPcmAudioFilter output) {
        return List.of(new FilterChain(this, format.channelCount, output));
    }
}
