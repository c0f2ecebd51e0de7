package dev.basalt.player.filter;

/**
 * The {@code karaoke} filter: each channel minus {@code level} times the other cancels what is panned to the centre
 * (usually the voice); a two-pole band-pass of the mono signal around {@code filterBand} (width {@code filterWidth}
 * Hz) is added back at {@code monoLevel·level} so the bass survives. Active whenever configured, as on the reference.
 */
final class KaraokeFilter implements PcmStage {

    private final Ramp level = new Ramp(0);
    private final Ramp monoLevel = new Ramp(0);
    private float a;
    private float b;
    private float c;
    private float y1;
    private float y2;
    private double band = Double.NaN;
    private double width = Double.NaN;

    @Override
    public void configure(FilterSettings settings) {
        FilterSettings.Karaoke karaoke = settings.karaoke();
        if (karaoke == null) {
            level.set(0);
            return;
        }
        level.set((float) karaoke.level());
        monoLevel.set((float) karaoke.monoLevel());
        if (karaoke.filterBand() != band || karaoke.filterWidth() != width) {
            band = karaoke.filterBand();
            width = karaoke.filterWidth();
            double rate = FilterChain.SAMPLE_RATE;
            double cc = Math.exp(-2 * Math.PI * width / rate);
            double bb = -4 * cc / (1 + cc) * Math.cos(2 * Math.PI * band / rate);
            double aa = Math.sqrt(Math.max(0, 1 - bb * bb / (4 * cc))) * (1 - cc);
            boolean usable = Double.isFinite(aa) && Double.isFinite(bb) && Double.isFinite(cc);
            a = usable ? (float) aa : 0;
            b = usable ? (float) bb : 0;
            c = usable ? (float) cc : 0;
        }
    }

    @Override
    public void process(float[][] buffer, int offset, int length) {
        if (buffer.length != 2 || (level.steady() && level.current() == 0)) {
            y1 = 0;
            y2 = 0;
            return;
        }
        float[] left = buffer[0];
        float[] right = buffer[1];
        float lv = level.begin(length);
        float mono = monoLevel.begin(length);
        for (int i = offset; i < offset + length; i++) {
            float l = left[i];
            float r = right[i];
            float y = a * ((l + r) * 0.5f) - b * y1 - c * y2;
            y2 = y1;
            y1 = y;
            float bass = y * mono * lv;
            left[i] = l - r * lv + bass;
            right[i] = r - l * lv + bass;
            lv += level.step();
            mono += monoLevel.step();
        }
        level.end();
        monoLevel.end();
    }

    @Override
    public void reset() {
        y1 = 0;
        y2 = 0;
        level.settle();
        monoLevel.settle();
    }
}
