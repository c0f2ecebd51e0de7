package dev.basalt.track;

import java.time.Duration;

/**
 * Hears every finished load, for monitoring. {@code source} is the name of the source manager that produced the
 * result ({@code http}, {@code youtube}, …), {@code none} when nothing matched, {@code unknown} when the load failed
 * before a source claimed it.
 */
@FunctionalInterface
public interface LoadObserver {

    void loaded(String source, LoadResult result, Duration took);
}
