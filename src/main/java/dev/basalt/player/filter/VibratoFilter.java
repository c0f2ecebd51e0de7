package dev.basalt.player.filter;

/**
 * The {@code vibrato} filter: each channel is read from a short delay line whose delay swings between 3 samples and
 * {@code 3 + depth·2 ms} at {@code frequency} Hz, which bends the pitch up and down (4-point Hermite interpolation
 * between samples). Frequency is clamped to 0–14 Hz and depth to 0–1, the reference's valid ranges.
 */
final class VibratoFilter implements PcmStage {

    private static final double TWO_PI = 2 * Math.PI;
    private static final int SIZE = 256;
    private static final int MASK = SIZE - 1;
    private static final float MIN_DELAY = 3;
    private static final float MAX_SWING = 0.002f * FilterChain.SAMPLE_RATE;

    private final Ramp wet = new Ramp(0);
    private final Ramp depth = new Ramp(0);
    private float[][] lines = new float[0][];
    private int write;
    private double phase;
    private double step;

    @Override
    public void configure(FilterSettings settings) {
        FilterSettings.Vibrato vibrato = settings.vibrato();
        boolean on = vibrato != null && vibrato.depth() > 0 && vibrato.frequency() > 0
                && Double.isFinite(vibrato.frequency());
        if (on) {
            step = TWO_PI * Math.min(14, vibrato.frequency()) / FilterChain.SAMPLE_RATE;
            depth.set((float) Math.min(1, vibrato.depth()));
        }
        wet.set(on ? 1 : 0);
    }

    @Override
    public void process(float[][] buffer, int offset, int length) {
        if (wet.steady() && wet.current() == 0) {
            phase = 0;
            return;
        }
        if (lines.length != buffer.length) {
            lines = new float[buffer.length][SIZE];
        }
        float w = wet.begin(length);
        float d = depth.begin(length);
        double p = phase;
        for (int i = offset; i < offset + length; i++) {
            float lfo = (float) (Math.sin(p) + 1) * 0.5f;
            float delay = MIN_DELAY + lfo * d * MAX_SWING;
            int whole = (int) delay;
            float fraction = delay - whole;
            for (int c = 0; c < buffer.length; c++) {
                float[] line = lines[c];
                float x = buffer[c][i];
                line[write] = x;
                // y1 is the sample `whole` behind the newest, y2 one further back: interpolate towards the past
                int at = write - whole;
                float y0 = line[(at + 1) & MASK];
                float y1 = line[at & MASK];
                float y2 = line[(at - 1) & MASK];
                float y3 = line[(at - 2) & MASK];
                float delayed = hermite(y0, y1, y2, y3, fraction);
                buffer[c][i] = x + w * (delayed - x);
            }
            write = (write + 1) & MASK;
            p += step;
            w += wet.step();
            d += depth.step();
        }
        phase = p % TWO_PI;
        wet.end();
        depth.end();
    }

    static float hermite(float y0, float y1, float y2, float y3, float t) {
        float c1 = 0.5f * (y2 - y0);
        float c2 = y0 - 2.5f * y1 + 2f * y2 - 0.5f * y3;
        float c3 = 0.5f * (y3 - y0) + 1.5f * (y1 - y2);
        return ((c3 * t + c2) * t + c1) * t + y1;
    }

    @Override
    public void reset() {
        wet.settle();
        depth.settle();
    }
}
