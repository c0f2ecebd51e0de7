package dev.basalt.player.filter;

/**
 * The {@code volume} filter. The factor follows the reference's curve, not a straight multiplication: up to 1.5 it is
 * {@code tan(0.79 v)} (0.5 gives 0.42, 1.0 gives 1.0), above that about {@code 1.64 v}. Output is clipped to full scale.
 */
final class VolumeFilter implements PcmStage {

    private final Ramp gain = new Ramp(1);
    private boolean active;

    static float factor(double volume) {
        double v = Math.max(0, Math.min(5, volume));
        return (float) (v <= 1.5 ? Math.tan(v * 0.79) : 24612.0 * v * 100 / 150 / 10000);
    }

    @Override
    public void configure(FilterSettings settings) {
        Double volume = settings.volume();
        boolean on = volume != null && volume != 1.0 && !volume.isNaN();
        gain.set(on ? factor(volume) : 1f);
        active = on;
    }

    @Override
    public void process(float[][] buffer, int offset, int length) {
        if (!active && gain.steady()) {
            return;
        }
        float g = gain.begin(length);
        float step = gain.step();
        for (int i = offset; i < offset + length; i++) {
            for (float[] channel : buffer) {
                channel[i] = Math.max(-1f, Math.min(1f, channel[i] * g));
            }
            g += step;
        }
        gain.end();
    }

    @Override
    public void reset() {
        gain.settle();
    }
}
