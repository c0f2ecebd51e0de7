package dev.basalt.player.filter;

/**
 * The {@code distortion} filter: {@code offset + scale·(sinOffset + sin(s·sinScale))·(cosOffset + cos(s·cosScale))
 * ·(tanOffset + tan(s·tanScale))}, clipped to full scale. With every field at its default it is off (the reference
 * would apply the formula, which at defaults is sin²(s), whenever another filter is active).
 */
final class DistortionFilter implements PcmStage {

    private final Ramp wet = new Ramp(0);
    private FilterSettings.Distortion d = FilterSettings.Distortion.DEFAULT;

    @Override
    public void configure(FilterSettings settings) {
        FilterSettings.Distortion distortion = settings.distortion();
        boolean on = distortion != null && !distortion.equals(FilterSettings.Distortion.DEFAULT);
        if (on) {
            d = distortion;
        }
        wet.set(on ? 1 : 0);
    }

    @Override
    public void process(float[][] buffer, int offset, int length) {
        if (wet.steady() && wet.current() == 0) {
            return;
        }
        double sinOffset = d.sinOffset();
        double sinScale = d.sinScale();
        double cosOffset = d.cosOffset();
        double cosScale = d.cosScale();
        double tanOffset = d.tanOffset();
        double tanScale = d.tanScale();
        double shift = d.offset();
        double scale = d.scale();
        float w0 = wet.begin(length);
        for (float[] samples : buffer) {
            float w = w0;
            for (int i = offset; i < offset + length; i++) {
                double s = samples[i];
                double y = shift + scale * (sinOffset + Math.sin(s * sinScale)) * (cosOffset + Math.cos(s * cosScale))
                        * (tanOffset + Math.tan(s * tanScale));
                float out = Double.isNaN(y) ? 0f : (float) Math.max(-1, Math.min(1, y));
                samples[i] = (float) s + w * (out - (float) s);
                w += wet.step();
            }
        }
        wet.end();
    }

    @Override
    public void reset() {
        wet.settle();
    }
}
