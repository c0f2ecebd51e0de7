package dev.basalt.player.filter;

/**
 * A value that moves linearly to its target over one block instead of jumping, so parameter changes do not click.
 * Used only on the decoding thread.
 */
final class Ramp {

    private float current;
    private float target;
    private float step;

    Ramp(float initial) {
        current = initial;
        target = initial;
    }

    void set(float value) {
        target = value;
    }

    /** Starts a block of {@code length} samples; returns the value for the first sample. */
    float begin(int length) {
        step = length > 0 ? (target - current) / length : 0;
        return current + step;
    }

    float step() {
        return step;
    }

    /** Ends the block: the value is now the target. */
    void end() {
        current = target;
        step = 0;
    }

    boolean steady() {
        return current == target;
    }

    float current() {
        return current;
    }

    /** Jumps to the target (for a reset, where there is no previous sound to continue). */
    void settle() {
        current = target;
    }
}
