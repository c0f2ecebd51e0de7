package dev.basalt.player.filter;

/**
 * The {@code rotation} filter ("8D audio"): the left channel is weighted by {@code (1 + sin x)/2} and the right by
 * {@code (1 - sin x)/2}, with {@code x} turning {@code rotationHz} full circles per second.
 */
final class RotationFilter implements PcmStage {

    private static final double TWO_PI = 2 * Math.PI;

    private final Ramp wet = new Ramp(0);
    private double angle;
    private double step;

    @Override
    public void configure(FilterSettings settings) {
        FilterSettings.Rotation rotation = settings.rotation();
        boolean on = rotation != null && rotation.rotationHz() != 0 && Double.isFinite(rotation.rotationHz());
        if (on) {
            step = TWO_PI * rotation.rotationHz() / FilterChain.SAMPLE_RATE;
        }
        wet.set(on ? 1 : 0);
    }

    @Override
    public void process(float[][] buffer, int offset, int length) {
        if (buffer.length != 2 || (wet.steady() && wet.current() == 0)) {
            angle = 0;
            return;
        }
        float[] left = buffer[0];
        float[] right = buffer[1];
        float w = wet.begin(length);
        for (int i = offset; i < offset + length; i++) {
            float sin = (float) Math.sin(angle);
            float l = left[i];
            float r = right[i];
            left[i] = l + w * (l * (1 + sin) / 2 - l);
            right[i] = r + w * (r * (1 - sin) / 2 - r);
            angle += step;
            w += wet.step();
        }
        angle %= TWO_PI;
        wet.end();
    }

    @Override
    public void reset() {
        wet.settle();
    }
}
