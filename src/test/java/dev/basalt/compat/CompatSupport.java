package dev.basalt.compat;

import java.time.Duration;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Shared pieces of the compatibility tests. */
final class CompatSupport {

    static final String PASSWORD = dev.basalt.support.NodeClient.PASSWORD;
    static final String TONE_2S = "sine-440hz-2s.mp3";

    private CompatSupport() {
    }

    /** Polls {@code probe} until it returns non-null, failing with {@code what} once {@code timeout} has passed. */
    static <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("Timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("Interrupted while waiting for " + what);
            }
        }
    }
}
