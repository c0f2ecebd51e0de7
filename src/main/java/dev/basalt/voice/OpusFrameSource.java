package dev.basalt.voice;

import java.nio.ByteBuffer;

/**
 * Where a voice connection takes its audio from: one 20 ms Opus frame per call. Called on the sending thread
 * every 20 ms, so implementations must not block or allocate.
 */
@FunctionalInterface
public interface OpusFrameSource {

    /**
     * Writes the next frame into {@code target} (position at the frame's end) and returns true, or returns false
     * when no frame is ready for this 20 ms slot.
     */
    boolean provideFrame(ByteBuffer target);
}
