package dev.basalt.voice.discord;

import java.time.Duration;

/** Backoff between reconnect attempts: quick first, doubling, capped; a limit ends the attempts. */
public record ReconnectTiming(Duration firstRetry, Duration maxRetry, int maxAttempts, Duration handshakeTimeout) {

    public static final ReconnectTiming DEFAULT =
            new ReconnectTiming(Duration.ofMillis(250), Duration.ofSeconds(8), 5, Duration.ofSeconds(10));

    Duration delayBefore(int attempt) {
        long millis = firstRetry.toMillis() << Math.min(20, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(millis, maxRetry.toMillis()));
    }
}
