package dev.basalt.player.filter;

import java.util.Arrays;

import com.sedmelluq.discord.lavaplayer.filter.FloatPcmAudioFilter;
import com.sedmelluq.discord.lavaplayer.filter.equalizer.Equalizer;

/**
 * The {@code equalizer} filter: lavaplayer's 15-band equalizer (the one the reference uses). A band's gain is clamped
 * to -0.25–1.0; -0.25 removes the band, +0.25 doubles it. Gains glide to new values in small steps within a block.
 */
final class EqualizerFilter implements PcmStage {

    private static final int STEP = 64;
    private static final FloatPcmAudioFilter NOWHERE = new FloatPcmAudioFilter() {
        @Override
        public void process(float[][] input, int offset, int length) {
        }

        @Override
        public void seekPerformed(long requestedTime, long providedTime) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private final float[] gains = new float[Equalizer.BAND_COUNT];
    private final float[] targets = new float[Equalizer.BAND_COUNT];
    private final float[] starts = new float[Equalizer.BAND_COUNT];
    private final Equalizer equalizer;
    private boolean running;

    EqualizerFilter(int channels) {
        equalizer = new Equalizer(channels, NOWHERE, gains);
    }

    @Override
    public void configure(FilterSettings settings) {
        Arrays.fill(targets, 0f);
        if (settings.equalizer() != null) {
            for (FilterSettings.Band band : settings.equalizer()) {
                if (band.band() >= 0 && band.band() < targets.length && Double.isFinite(band.gain())) {
                    targets[band.band()] = (float) Math.max(-0.25, Math.min(1.0, band.gain()));
                }
            }
        }
    }

    @Override
    public void process(float[][] buffer, int offset, int length) {
        boolean silent = true;
        boolean steady = true;
        for (int i = 0; i < gains.length; i++) {
            silent &= gains[i] == 0 && targets[i] == 0;
            steady &= gains[i] == targets[i];
        }
        if (silent) {
            running = false;
            return;
        }
        if (!running) {
            // the band filters' memory is stale after a bypass: start them from silence
            equalizer.seekPerformed(0, 0);
            running = true;
        }
        try {
            if (steady) {
                equalizer.process(buffer, offset, length);
                return;
            }
            System.arraycopy(gains, 0, starts, 0, gains.length);
            for (int done = 0; done < length; done += STEP) {
                int n = Math.min(STEP, length - done);
                float t = (float) (done + n) / length;
                for (int i = 0; i < gains.length; i++) {
                    gains[i] = starts[i] + t * (targets[i] - starts[i]);
                }
                equalizer.process(buffer, offset + done, n);
            }
            System.arraycopy(targets, 0, gains, 0, gains.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void reset() {
        System.arraycopy(targets, 0, gains, 0, gains.length);
        equalizer.seekPerformed(0, 0);
    }
}
