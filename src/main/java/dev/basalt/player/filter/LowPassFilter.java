package dev.basalt.player.filter;

/**
 * The {@code lowPass} filter: a one-pole low-pass per channel where each output moves {@code 1/smoothing} of the way
 * to the input. Switching it on or off crossfades with the dry signal over one block.
 */
final class LowPassFilter implements PcmStage {

    private final Ramp wet = new Ramp(0);
    private float[] memory = new float[0];
    private boolean primed;
    private float coefficient = 1f / 20;

    @Override
    public void configure(FilterSettings settings) {
        FilterSettings.LowPass lowPass = settings.lowPass();
        boolean on = lowPass != null && lowPass.smoothing() > 1.0;
        if (on) {
            coefficient = (float) (1 / lowPass.smoothing());
        }
        wet.set(on ? 1 : 0);
    }

    @Override
    public void process(float[][] buffer, int offset, int length) {
        if (wet.steady() && wet.current() == 0) {
            primed = false;
            return;
        }
        if (memory.length != buffer.length) {
            memory = new float[buffer.length];
            primed = false;
        }
        if (!primed && length > 0) {
            for (int c = 0; c < buffer.length; c++) {
                memory[c] = buffer[c][offset];
            }
            primed = true;
        }
        float w0 = wet.begin(length);
        for (int c = 0; c < buffer.length; c++) {
            float[] samples = buffer[c];
            float value = memory[c];
            float w = w0;
            for (int i = offset; i < offset + length; i++) {
                float x = samples[i];
                value += (x - value) * coefficient;
                samples[i] = x + w * (value - x);
                w += wet.step();
            }
            memory[c] = value;
        }
        wet.end();
    }

    @Override
    public void reset() {
        primed = false;
        wet.settle();
    }
}
