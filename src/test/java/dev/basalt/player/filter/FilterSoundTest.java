package dev.basalt.player.filter;

import java.util.List;

import org.junit.jupiter.api.Test;

import static dev.basalt.player.filter.Signals.amplitude;
import static dev.basalt.player.filter.Signals.db;
import static dev.basalt.player.filter.Signals.rms;
import static dev.basalt.player.filter.Signals.run;
import static dev.basalt.player.filter.Signals.slice;
import static dev.basalt.player.filter.Signals.stereo;
import static dev.basalt.player.filter.Signals.tone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Each filter measured on generated audio run through the real chain, 20 ms blocks at 48 kHz stereo. */
class FilterSoundTest {

    private static FilterSettings with(Object filter) {
        FilterSettings n = FilterSettings.NONE;
        return new FilterSettings(
                filter instanceof Double v ? v : null,
                filter instanceof List<?> l ? l.stream().map(FilterSettings.Band.class::cast).toList() : null,
                filter instanceof FilterSettings.Karaoke k ? k : null,
                filter instanceof FilterSettings.Timescale t ? t : null,
                filter instanceof FilterSettings.Tremolo t ? t : null,
                filter instanceof FilterSettings.Vibrato v ? v : null,
                filter instanceof FilterSettings.Distortion d ? d : null,
                filter instanceof FilterSettings.Rotation r ? r : null,
                filter instanceof FilterSettings.ChannelMix c ? c : null,
                filter instanceof FilterSettings.LowPass l ? l : null,
                n.pluginFilters());
    }

    @Test
    void volumeScalesTheLevelOnTheReferenceCurve() {
        float[] x = tone(440, 0.3, 1);
        float[][] half = run(with(0.5), stereo(x, x));
        // the reference's factor for 0.5 is tan(0.5 · 0.79) = 0.417, not 0.5 (see docs/filters.md)
        assertThat(rms(half[0]) / rms(x)).isCloseTo(Math.tan(0.395), within(0.002));
        float[][] quarter = run(with(0.25), stereo(x, x));
        assertThat(rms(quarter[1]) / rms(x)).isCloseTo(Math.tan(0.25 * 0.79), within(0.002));
        float[][] louder = run(with(2.0), stereo(tone(440, 0.1, 1), tone(440, 0.1, 1)));
        assertThat(rms(louder[0]) / rms(tone(440, 0.1, 1))).isCloseTo(1.6408 * 2, within(0.01));
    }

    @Test
    void anEqualizerBandCutRemovesItsBandAndABoostDoublesIt() {
        float[] oneKhz = tone(1000, 0.2, 1);
        float[] hundred = tone(100, 0.2, 1);
        float[] both = Signals.sum(oneKhz, hundred);
        float[][] cut = run(with(List.of(new FilterSettings.Band(8, -0.25))), stereo(both, both));
        float[] steady = slice(cut[0], 0.2, 1);
        float[] reference = slice(both, 0.2, 1);
        // band 8 (1 kHz) at -0.25 removes the band: the reference documents it as muting
        assertThat(db(amplitude(steady, 1000) / amplitude(reference, 1000))).isLessThan(-25);
        assertThat(db(amplitude(steady, 100) / amplitude(reference, 100))).isBetween(-0.5, 0.5);
        float[][] boost = run(with(List.of(new FilterSettings.Band(8, 0.25))), stereo(oneKhz, oneKhz));
        // +0.25 doubles the band: +6 dB at its centre
        assertThat(db(amplitude(slice(boost[1], 0.2, 1), 1000) / amplitude(slice(oneKhz, 0.2, 1), 1000)))
                .isBetween(5.5, 6.5);
    }

    @Test
    void karaokeRemovesTheCentreAndKeepsTheSides() {
        float[] centre = tone(1000, 0.3, 1);
        float[] side = tone(3000, 0.2, 1);
        float[][] in = stereo(Signals.sum(centre, side), centre);
        float[][] out = run(with(FilterSettings.Karaoke.DEFAULT), in);
        float[] left = slice(out[0], 0.2, 1);
        float[] right = slice(out[1], 0.2, 1);
        float[] original = slice(centre, 0.2, 1);
        assertThat(db(amplitude(left, 1000) / amplitude(original, 1000))).isLessThan(-30);
        assertThat(db(amplitude(right, 1000) / amplitude(original, 1000))).isLessThan(-30);
        // the side-only part stays in its channel (and appears inverted in the other one)
        assertThat(db(amplitude(left, 3000) / amplitude(slice(side, 0.2, 1), 3000))).isBetween(-0.5, 0.5);
    }

    @Test
    void pitchTwoDoublesTheFrequencyAndKeepsTheDuration() {
        float[] x = tone(440, 0.5, 2);
        float[][] out = run(with(new FilterSettings.Timescale(1, 2, 1)), stereo(x, x));
        assertThat((double) out[0].length / x.length).isCloseTo(1.0, within(0.02));
        float[] middle = slice(out[0], 0.3, 1.5);
        assertThat(Signals.dominantFrequency(middle)).isCloseTo(880, within(1.0));
        // a time-stretch of a steady tone must not click: no step far above the sine's own largest step
        assertThat(Signals.largestStep(middle)).isLessThan(0.5 * 2 * Math.PI * 880 / 48000 * 1.3);
        assertThat(rms(middle)).isCloseTo(0.5 / Math.sqrt(2), within(0.03));
    }

    @Test
    void speedTwoHalvesTheDurationAndKeepsTheFrequency() {
        float[] x = tone(440, 0.5, 4);
        float[][] out = run(with(new FilterSettings.Timescale(2, 1, 1)), stereo(x, x));
        assertThat((double) out[0].length / x.length).isCloseTo(0.5, within(0.02));
        float[] middle = slice(out[1], 0.3, 1.5);
        assertThat(Signals.dominantFrequency(middle)).isCloseTo(440, within(1.0));
        assertThat(Signals.largestStep(middle)).isLessThan(0.5 * 2 * Math.PI * 440 / 48000 * 1.3);
    }

    @Test
    void rateChangesDurationAndPitchTogether() {
        float[] x = tone(440, 0.5, 4);
        float[][] out = run(with(new FilterSettings.Timescale(1, 1, 1.5)), stereo(x, x));
        assertThat((double) out[0].length / x.length).isCloseTo(1 / 1.5, within(0.02));
        assertThat(Signals.dominantFrequency(slice(out[0], 0.3, 1.5))).isCloseTo(660, within(1.0));
    }

    @Test
    void slowerAndLowerStaysCleanOnNoisyMusicLikeInput() {
        // a chord with a little noise: the stretch must keep every partial where the pitch says. The crossfades align
        // on the stronger partial, so the weaker one may lose a little level (about 2 dB here), never its pitch
        float[] chord = Signals.sum(Signals.sum(tone(330, 0.2, 3), tone(415, 0.15, 3)), Signals.noise(0.01, 3, 7));
        float[][] out = run(with(new FilterSettings.Timescale(0.8, 0.5, 1)), stereo(chord, chord));
        assertThat((double) out[0].length / chord.length).isCloseTo(1 / 0.8, within(0.03));
        float[] middle = slice(out[0], 0.5, 2.5);
        assertThat(db(amplitude(middle, 165) / amplitude(slice(chord, 0.5, 2.5), 330))).isBetween(-3.0, 1.0);
        assertThat(db(amplitude(middle, 207.5) / amplitude(slice(chord, 0.5, 2.5), 415))).isBetween(-3.0, 1.0);
    }

    @Test
    void tremoloModulatesTheLevelAtItsFrequencyAndDepth() {
        float[] x = tone(1000, 0.5, 2);
        float[][] out = run(with(new FilterSettings.Tremolo(4, 0.3)), stereo(x, x));
        double[] envelope = Signals.envelope(out[0], 0.005);
        assertThat(Signals.cycles(envelope)).isBetween(7, 9);
        double top = Signals.max(envelope);
        double bottom = Signals.min(envelope);
        // gain swings between 1 - 2·depth and 1
        assertThat(bottom / top).isCloseTo(0.4, within(0.05));
        assertThat(top).isCloseTo(0.5 / Math.sqrt(2), within(0.02));
    }

    @Test
    void vibratoModulatesTheFrequency() {
        float[] x = tone(1000, 0.5, 2);
        double[] untouched = Signals.instantaneousFrequency(x, 0.01);
        assertThat(Signals.max(untouched) - Signals.min(untouched)).isLessThan(5);
        float[][] out = run(with(new FilterSettings.Vibrato(5, 1)), stereo(x, x));
        double[] frequency = Signals.instantaneousFrequency(slice(out[0], 0.1, 2), 0.01);
        // delay swing of 96 samples at 5 Hz: ±(96/2)·2π·5/48000 = ±3.1 %
        assertThat(Signals.max(frequency)).isBetween(1020.0, 1045.0);
        assertThat(Signals.min(frequency)).isBetween(955.0, 980.0);
        assertThat(Signals.cycles(frequency)).isBetween(8, 10);
    }

    @Test
    void rotationMovesTheSoundBetweenTheChannelsAtItsRate() {
        float[] x = tone(1000, 0.5, 4);
        float[][] out = run(with(new FilterSettings.Rotation(0.5)), stereo(x, x));
        double[] left = Signals.envelope(out[0], 0.02);
        double[] right = Signals.envelope(out[1], 0.02);
        assertThat(Signals.cycles(left)).isBetween(1, 2);
        assertThat(Signals.cycles(right)).isBetween(1, 2);
        for (int i = 0; i < left.length; i++) {
            // the two weights always add up to one: energy moves, it is not lost
            assertThat(left[i] + right[i]).isCloseTo(0.5 / Math.sqrt(2), within(0.02));
        }
        // a quarter turn in (0.5 s), the left channel is at its loudest and the right one nearly silent
        assertThat(left[25] / (left[25] + right[25])).isGreaterThan(0.95);
        assertThat(right[75] / (left[75] + right[75])).isGreaterThan(0.95);
    }

    @Test
    void distortionShapesTheWaveAsTheFormulaSays() {
        FilterSettings.Distortion d = new FilterSettings.Distortion(0, 2, 0, 1, 0, 1, 0, 1);
        float[] x = tone(500, 0.6, 1);
        float[][] out = run(with(d), stereo(x, x));
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double s = x[i];
            expected[i] = (float) Math.max(-1, Math.min(1, Math.sin(2 * s) * Math.cos(s) * Math.tan(s)));
        }
        float[] got = slice(out[0], 0.1, 1);
        float[] want = slice(expected, 0.1, 1);
        // sin(2s)·sin(s) is even: the fundamental disappears and the second harmonic appears
        assertThat(amplitude(got, 500)).isLessThan(0.01);
        assertThat(amplitude(got, 1000)).isGreaterThan(0.1);
        for (double harmonic : new double[] {1000, 2000, 3000}) {
            assertThat(amplitude(got, harmonic)).isCloseTo(amplitude(want, harmonic), within(0.005));
        }
    }

    @Test
    void channelMixSwapsAndMergesChannels() {
        float[] low = tone(440, 0.4, 1);
        float[] high = tone(1000, 0.4, 1);
        float[][] swapped = run(with(new FilterSettings.ChannelMix(0, 1, 1, 0)), stereo(low, high));
        assertThat(Signals.dominantFrequency(slice(swapped[0], 0.1, 1))).isCloseTo(1000, within(1.0));
        assertThat(Signals.dominantFrequency(slice(swapped[1], 0.1, 1))).isCloseTo(440, within(1.0));
        assertThat(amplitude(slice(swapped[0], 0.1, 1), 440)).isLessThan(0.001);
        float[][] mono = run(with(new FilterSettings.ChannelMix(0.5, 0.5, 0.5, 0.5)), stereo(low, high));
        for (int c = 0; c < 2; c++) {
            assertThat(amplitude(slice(mono[c], 0.1, 1), 440)).isCloseTo(0.2, within(0.005));
            assertThat(amplitude(slice(mono[c], 0.1, 1), 1000)).isCloseTo(0.2, within(0.005));
        }
    }

    @Test
    void lowPassKeepsTheBassAndCutsTheTreble() {
        float[] bass = tone(100, 0.3, 1);
        float[] treble = tone(5000, 0.3, 1);
        float[][] out = run(with(new FilterSettings.LowPass(20)), stereo(bass, treble));
        assertThat(db(amplitude(slice(out[0], 0.1, 1), 100) / amplitude(slice(bass, 0.1, 1), 100)))
                .isBetween(-1.0, 0.0);
        // one pole, coefficient 1/20: about -22 dB at 5 kHz
        assertThat(db(amplitude(slice(out[1], 0.1, 1), 5000) / amplitude(slice(treble, 0.1, 1), 5000)))
                .isBetween(-25.0, -18.0);
    }

    @Test
    void valuesOutsideTheRangesAreClampedAndTheAudioKeepsFlowing() {
        float[] x = tone(440, 0.5, 2);
        // each of these makes the reference throw at playback; here they are clamped or neutral
        FilterSettings wild = new FilterSettings(7.0, List.of(new FilterSettings.Band(4, 3.0)), null,
                new FilterSettings.Timescale(0, 1000, -1), new FilterSettings.Tremolo(-2, 2),
                new FilterSettings.Vibrato(40, 3), new FilterSettings.Distortion(0, 1, 0, 1, 0, 1e6, 0, 1),
                new FilterSettings.Rotation(1e9), null, new FilterSettings.LowPass(-5), null);
        float[][] out = run(wild, stereo(x, x));
        // pitch 1000 is clamped to a resampling of 16 and a tempo of 1/16: the duration stays as speed 1 says
        assertThat((double) out[0].length / x.length).isCloseTo(1.0, within(0.05));
        for (float[] channel : out) {
            for (float v : channel) {
                assertThat(Float.isFinite(v) && v >= -1 && v <= 1).isTrue();
            }
        }
        assertThat(rms(out[0]) + rms(out[1])).isGreaterThan(0.01);
    }

    @Test
    void neutralSettingsLeaveTheAudioBitExact() {
        float[] x = Signals.noise(0.5, 0.5, 3);
        FilterSettings neutral = new FilterSettings(1.0, List.of(new FilterSettings.Band(3, 0)), null,
                FilterSettings.Timescale.DEFAULT, new FilterSettings.Tremolo(2, 0), new FilterSettings.Vibrato(2, 0),
                FilterSettings.Distortion.DEFAULT, FilterSettings.Rotation.DEFAULT, FilterSettings.ChannelMix.DEFAULT,
                new FilterSettings.LowPass(1), null);
        assertThat(neutral.changesAudio()).isFalse();
        float[][] out = run(neutral, stereo(x, x));
        assertThat(out[0]).containsExactly(x);
    }
}
