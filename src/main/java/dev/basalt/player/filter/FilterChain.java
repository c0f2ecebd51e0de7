package dev.basalt.player.filter;

import com.sedmelluq.discord.lavaplayer.filter.FloatPcmAudioFilter;

/**
 * One track's filter chain on lavaplayer's decoding thread, in the reference's order: lowPass → channelMix →
 * rotation → distortion → vibrato → tremolo → timescale → karaoke → equalizer → volume. Every stage is always
 * present and steps aside while off, so a settings change is picked up at the next block by the running stages
 * (phases and filter memory continue, gains ramp) instead of rebuilding the chain.
 */
final class FilterChain implements FloatPcmAudioFilter {

    static final int SAMPLE_RATE = 48_000;

    private final FilterChainFactory factory;
    private final FloatPcmAudioFilter output;
    private final PcmStage[] beforeTimescale;
    private final TimescaleFilter timescale;
    private final PcmStage[] afterTimescale;
    private final PcmSink afterStretch = this::finish;
    private FilterSettings applied;

    FilterChain(FilterChainFactory factory, int channels, FloatPcmAudioFilter output) {
        this.factory = factory;
        this.output = output;
        beforeTimescale = new PcmStage[] {new LowPassFilter(), new ChannelMixFilter(), new RotationFilter(),
                new DistortionFilter(), new VibratoFilter(), new TremoloFilter()};
        timescale = new TimescaleFilter(channels);
        afterTimescale = new PcmStage[] {new KaraokeFilter(), new EqualizerFilter(channels), new VolumeFilter()};
        refresh();
        // a fresh chain has no earlier sound to glide from
        for (PcmStage stage : beforeTimescale) {
            stage.reset();
        }
        for (PcmStage stage : afterTimescale) {
            stage.reset();
        }
    }

    @Override
    public void process(float[][] input, int offset, int length) throws InterruptedException {
        refresh();
        for (PcmStage stage : beforeTimescale) {
            stage.process(input, offset, length);
        }
        timescale.process(input, offset, length, afterStretch);
    }

    private void finish(float[][] buffer, int offset, int length) throws InterruptedException {
        for (PcmStage stage : afterTimescale) {
            stage.process(buffer, offset, length);
        }
        output.process(buffer, offset, length);
    }

    private void refresh() {
        FilterSettings settings = factory.settings();
        if (settings == applied) {
            return;
        }
        applied = settings;
        for (PcmStage stage : beforeTimescale) {
            stage.configure(settings);
        }
        timescale.configure(settings);
        for (PcmStage stage : afterTimescale) {
            stage.configure(settings);
        }
        factory.clock().rateChanged(TimescaleFilter.trackRate(settings), factory.lastBufferedTimecode());
    }

    @Override
    public void seekPerformed(long requestedTime, long providedTime) {
        timescale.clear();
        for (PcmStage stage : beforeTimescale) {
            stage.reset();
        }
        for (PcmStage stage : afterTimescale) {
            stage.reset();
        }
    }

    @Override
    public void flush() throws InterruptedException {
        timescale.drain(afterStretch);
    }

    @Override
    public void close() {
        // nothing native to free
    }
}
