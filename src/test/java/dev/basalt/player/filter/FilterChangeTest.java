package dev.basalt.player.filter;

import java.util.ArrayList;
import java.util.List;

import com.sedmelluq.discord.lavaplayer.filter.FloatPcmAudioFilter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Changing settings while a chain runs: the running chain picks them up at its next block, without clicks. */
class FilterChangeTest {

    private final List<Float> left = new ArrayList<>();
    private final FilterChainFactory factory = new FilterChainFactory(new TrackClock(), () -> Long.MIN_VALUE);
    private final FilterChain chain = new FilterChain(factory, 2, new FloatPcmAudioFilter() {
        @Override
        public void process(float[][] input, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                left.add(input[0][i]);
            }
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
    });
    private long sample;

    private void play(double seconds, double frequency) throws InterruptedException {
        for (int block = 0; block < seconds * 50; block++) {
            float[][] x = new float[2][960];
            for (int i = 0; i < 960; i++, sample++) {
                x[0][i] = (float) (0.5 * Math.sin(2 * Math.PI * frequency * sample / 48000));
                x[1][i] = x[0][i];
            }
            chain.process(x, 0, 960);
        }
    }

    private float[] heard() {
        float[] x = new float[left.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = left.get(i);
        }
        return x;
    }

    @Test
    void volumeAndEqualizerChangesGlideInsteadOfJumping() throws InterruptedException {
        play(0.3, 440);
        factory.settings(new FilterSettings(0.2, List.of(new FilterSettings.Band(6, -0.2)), null, null, null, null,
                null, null, null, null, null));
        play(0.3, 440);
        factory.settings(FilterSettings.NONE);
        play(0.3, 440);
        float[] x = heard();
        // the steepest step of a 440 Hz sine of amplitude 0.5, plus a little for the ramps
        assertThat(Signals.largestStep(x)).isLessThan(0.5 * 2 * Math.PI * 440 / 48000 * 1.2);
        double ratio = Signals.rms(Signals.slice(x, 0.4, 0.6)) / Signals.rms(Signals.slice(x, 0, 0.3));
        // volume 0.2 (factor 0.159) and most of the 400 Hz band taken out
        assertThat(ratio).isLessThan(Math.tan(0.2 * 0.79)).isGreaterThan(0.02);
    }

    @Test
    void switchingPitchOnAndOffKeepsTheWaveContinuous() throws InterruptedException {
        play(0.3, 440);
        factory.settings(new FilterSettings(null, null, null, new FilterSettings.Timescale(1, 2, 1), null, null,
                null, null, null, null, null));
        play(0.5, 440);
        factory.settings(FilterSettings.NONE);
        play(0.3, 440);
        float[] x = heard();
        assertThat(Signals.dominantFrequency(Signals.slice(x, 0.45, 0.75))).isCloseTo(880, within(1.0));
        assertThat(Signals.dominantFrequency(Signals.slice(x, 0.9, 1.05))).isCloseTo(440, within(2.0));
        assertThat(Signals.largestStep(x)).isLessThan(0.5 * 2 * Math.PI * 880 / 48000 * 1.3);
    }
}
