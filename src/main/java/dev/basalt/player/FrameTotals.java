package dev.basalt.player;

import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * Node-wide running totals of the 20 ms slots in which a playing player (track present, not paused) had a frame and
 * in which it had none: Lavalink's frameStats {@code sent}/{@code nulled} summed over every player since start, for
 * monitoring. Counted on the sender's thread when it asks for the frame; an uncontended add, no allocation.
 */
@Component
public class FrameTotals {

    private final LongAdder provided = new LongAdder();
    private final LongAdder nulled = new LongAdder();

    void count(boolean hadFrame) {
        (hadFrame ? provided : nulled).increment();
    }

    public long provided() {
        return provided.sum();
    }

    public long nulled() {
        return nulled.sum();
    }
}
