package dev.basalt.player.filter;

/**
 * The {@code tremolo} filter: the level is multiplied by {@code 1 - depth + depth·sin(2π·frequency·t)}. Depth is
 * clamped to 0–1 and the frequency must be positive (the reference throws otherwise; here such values are neutral).
 */
final class TremoloFilter implements PcmStage {

    private static final double TWO_PI = 2 * Math.PI;

    private final Ramp depth = new Ramp(0);
    private double phase;
    private double step;

    @Override
    public void configure(FilterSettings settings) {
        FilterSettings.Tremolo tremolo = settings.tremolo();
        boolean on = tremolo != null && tremolo.depth() > 0 && tremolo.frequency() > 0
                && Double.isFinite(tremolo.frequency());
        if (on) {
            step = TWO_PI * tremolo.frequency() / FilterChain.SAMPLE_RATE;
        }
        depth.set(on ? (float) Math.min(1, tremolo.depth()) : 0);
    }

    @Override
    public void process(float[][] buffer, int offset, int length) {
        if (depth.steady() && depth.current() == 0) {
            phase = 0;
            return;
        }
        float d = depth.begin(length);
        for (int i = offset; i < offset + length; i++) {
            float gain = 1 - d + d * (float) Math.sin(phase);
            for (float[] channel : buffer) {
                channel[i] *= gain;
            }
            phase += step;
            d += depth.step();
        }
        phase %= TWO_PI;
        depth.end();
    }

    @Override
    public void reset() {
        depth.settle();
    }
}
