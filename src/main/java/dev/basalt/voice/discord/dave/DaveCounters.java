package dev.basalt.voice.discord.dave;

import java.util.concurrent.atomic.LongAdder;

/**
 * Node-wide DAVE counts, for metrics and tests: MLS epochs entered, transitions executed, commits or Welcomes
 * refused (each one answered with op 31 and a fresh key package), and audio frames not sent because the call
 * demanded DAVE while this member had no key yet (between joining and the first executed transition).
 */
public final class DaveCounters {

    private final LongAdder epochChanges = new LongAdder();
    private final LongAdder transitionsExecuted = new LongAdder();
    private final LongAdder mlsFailures = new LongAdder();
    private final LongAdder framesWithoutKey = new LongAdder();

    public long epochChanges() {
        return epochChanges.sum();
    }

    public long transitionsExecuted() {
        return transitionsExecuted.sum();
    }

    public long mlsFailures() {
        return mlsFailures.sum();
    }

    public long framesWithoutKey() {
        return framesWithoutKey.sum();
    }

    void epochChanged() {
        epochChanges.increment();
    }

    void transitionExecuted() {
        transitionsExecuted.increment();
    }

    void mlsFailed() {
        mlsFailures.increment();
    }

    /** Called on the send path: LongAdder does not block and allocates only under contention. */
    public void frameWithoutKey() {
        framesWithoutKey.increment();
    }
}
