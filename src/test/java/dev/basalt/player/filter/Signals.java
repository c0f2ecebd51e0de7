package dev.basalt.player.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.sedmelluq.discord.lavaplayer.filter.FloatPcmAudioFilter;

/** Generated test audio (48 kHz planar float), a way to run it through a filter chain, and measurements on the result. */
final class Signals {

    static final int RATE = FilterChain.SAMPLE_RATE;
    static final int BLOCK = 960;

    private Signals() {
    }

    static float[] tone(double frequency, double amplitude, double seconds) {
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequency * i / RATE));
        }
        return x;
    }

    static float[] noise(double amplitude, double seconds, long seed) {
        Random random = new Random(seed);
        float[] x = new float[(int) (seconds * RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (amplitude * (2 * random.nextDouble() - 1));
        }
        return x;
    }

    static float[] sum(float[] a, float[] b) {
        float[] x = new float[a.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = a[i] + b[i];
        }
        return x;
    }

    static float[][] stereo(float[] left, float[] right) {
        return new float[][] {left.clone(), right.clone()};
    }

    /** Runs {@code input} through a fresh chain with {@code settings} in 20 ms blocks, flushes it, returns the output. */
    static float[][] run(FilterSettings settings, float[][] input) {
        return run(settings, input, BLOCK);
    }

    static float[][] run(FilterSettings settings, float[][] input, int block) {
        FilterChainFactory factory = new FilterChainFactory(new TrackClock(), () -> Long.MIN_VALUE);
        factory.settings(settings);
        Collector collector = new Collector(input.length);
        FilterChain chain = new FilterChain(factory, input.length, collector);
        int length = input[0].length;
        try {
            for (int at = 0; at < length; at += block) {
                int n = Math.min(block, length - at);
                float[][] piece = new float[input.length][n];
                for (int c = 0; c < input.length; c++) {
                    System.arraycopy(input[c], at, piece[c], 0, n);
                }
                chain.process(piece, 0, n);
            }
            chain.flush();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return collector.result();
    }

    static float[] slice(float[] x, double fromSeconds, double toSeconds) {
        int from = (int) (fromSeconds * RATE);
        int to = Math.min(x.length, (int) (toSeconds * RATE));
        float[] out = new float[to - from];
        System.arraycopy(x, from, out, 0, out.length);
        return out;
    }

    static double rms(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / x.length);
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }

    /** Amplitude of {@code frequency} in {@code x} (Hann-windowed Goertzel, scaled so a full sine of amplitude A gives A). */
    static double amplitude(float[] x, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / RATE);
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < x.length; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (x.length - 1));
            double s0 = x[i] * w + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return Math.sqrt(Math.max(0, power)) / (x.length / 4.0);
    }

    /** The strongest frequency between 50 Hz and 8 kHz: 5 Hz grid, then 0.1 Hz refinement. */
    static double dominantFrequency(float[] x) {
        double best = 50;
        double bestAmplitude = -1;
        for (double f = 50; f <= 8000; f += 5) {
            double a = amplitude(x, f);
            if (a > bestAmplitude) {
                bestAmplitude = a;
                best = f;
            }
        }
        double centre = best;
        for (double f = centre - 5; f <= centre + 5; f += 0.1) {
            double a = amplitude(x, f);
            if (a > bestAmplitude) {
                bestAmplitude = a;
                best = f;
            }
        }
        return best;
    }

    /** RMS in consecutive windows of {@code windowSeconds}. */
    static double[] envelope(float[] x, double windowSeconds) {
        int window = (int) (windowSeconds * RATE);
        double[] env = new double[x.length / window];
        for (int w = 0; w < env.length; w++) {
            double sum = 0;
            for (int i = w * window; i < (w + 1) * window; i++) {
                sum += (double) x[i] * x[i];
            }
            env[w] = Math.sqrt(sum / window);
        }
        return env;
    }

    /** Frequency per window from the zero crossings (upward) inside it. */
    static double[] instantaneousFrequency(float[] x, double windowSeconds) {
        int window = (int) (windowSeconds * RATE);
        List<Double> result = new ArrayList<>();
        for (int start = 0; start + window < x.length; start += window) {
            double first = -1;
            double last = -1;
            int crossings = 0;
            for (int i = start + 1; i < start + window; i++) {
                if (x[i - 1] < 0 && x[i] >= 0) {
                    double at = i - 1 + x[i - 1] / (x[i - 1] - x[i]);
                    if (first < 0) {
                        first = at;
                    } else {
                        crossings++;
                    }
                    last = at;
                }
            }
            if (crossings > 0) {
                result.add(crossings * RATE / (last - first));
            }
        }
        return result.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** How many times {@code series} rises through its own mean: the number of modulation cycles. */
    static int cycles(double[] series) {
        double mean = 0;
        for (double v : series) {
            mean += v;
        }
        mean /= series.length;
        int count = 0;
        for (int i = 1; i < series.length; i++) {
            if (series[i - 1] < mean && series[i] >= mean) {
                count++;
            }
        }
        return count;
    }

    static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            m = Math.max(m, v);
        }
        return m;
    }

    static double min(double[] x) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : x) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** Largest step between neighbouring samples: a click shows up as a step far above the signal's own slope. */
    static double largestStep(float[] x) {
        double m = 0;
        for (int i = 1; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] - x[i - 1]));
        }
        return m;
    }

    private static final class Collector implements FloatPcmAudioFilter {
        private final List<float[][]> pieces = new ArrayList<>();
        private final int channels;

        Collector(int channels) {
            this.channels = channels;
        }

        @Override
        public void process(float[][] input, int offset, int length) {
            float[][] copy = new float[channels][length];
            for (int c = 0; c < channels; c++) {
                System.arraycopy(input[c], offset, copy[c], 0, length);
            }
            pieces.add(copy);
        }

        float[][] result() {
            int total = pieces.stream().mapToInt(p -> p[0].length).sum();
            float[][] out = new float[channels][total];
            int at = 0;
            for (float[][] p : pieces) {
                for (int c = 0; c < channels; c++) {
                    System.arraycopy(p[c], 0, out[c], at, p[c].length);
                }
                at += p[0].length;
            }
            return out;
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
    }
}
