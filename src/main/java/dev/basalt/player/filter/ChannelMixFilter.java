package dev.basalt.player.filter;

/** The {@code channelMix} filter: each output channel is a weighted sum of both inputs, clipped to full scale. */
final class ChannelMixFilter implements PcmStage {

    private final Ramp leftToLeft = new Ramp(1);
    private final Ramp leftToRight = new Ramp(0);
    private final Ramp rightToLeft = new Ramp(0);
    private final Ramp rightToRight = new Ramp(1);
    private boolean active;

    @Override
    public void configure(FilterSettings settings) {
        FilterSettings.ChannelMix mix = settings.channelMix();
        active = mix != null && !mix.equals(FilterSettings.ChannelMix.DEFAULT);
        FilterSettings.ChannelMix m = active ? mix : FilterSettings.ChannelMix.DEFAULT;
        leftToLeft.set((float) m.leftToLeft());
        leftToRight.set((float) m.leftToRight());
        rightToLeft.set((float) m.rightToLeft());
        rightToRight.set((float) m.rightToRight());
    }

    @Override
    public void process(float[][] buffer, int offset, int length) {
        boolean steady = leftToLeft.steady() && leftToRight.steady() && rightToLeft.steady() && rightToRight.steady();
        if (buffer.length != 2 || (!active && steady)) {
            return;
        }
        float[] left = buffer[0];
        float[] right = buffer[1];
        float ll = leftToLeft.begin(length);
        float lr = leftToRight.begin(length);
        float rl = rightToLeft.begin(length);
        float rr = rightToRight.begin(length);
        for (int i = offset; i < offset + length; i++) {
            float l = left[i];
            float r = right[i];
            left[i] = Math.max(-1f, Math.min(1f, l * ll + r * rl));
            right[i] = Math.max(-1f, Math.min(1f, l * lr + r * rr));
            ll += leftToLeft.step();
            lr += leftToRight.step();
            rl += rightToLeft.step();
            rr += rightToRight.step();
        }
        leftToLeft.end();
        leftToRight.end();
        rightToLeft.end();
        rightToRight.end();
    }

    @Override
    public void reset() {
        leftToLeft.settle();
        leftToRight.settle();
        rightToLeft.settle();
        rightToRight.settle();
    }
}
