package dev.basalt.player;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.sedmelluq.discord.lavaplayer.format.AudioDataFormat;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrame;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrameBuffer;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrameBufferFactory;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrameRebuilder;
import com.sedmelluq.discord.lavaplayer.track.playback.MutableAudioFrame;

/**
 * Finds out which {@link PipelineMode} feeds one player. Lavaplayer decides per Opus packet and does not say what it
 * decided, but the decision shows in who hands frames to the track's frame buffer: Opus passthrough is the only path
 * on which the container's packet router calls it directly. The buffer therefore looks at its caller, and only for a
 * few frames after something that can change the decision (a new track, volume, filters), never on every frame.
 */
final class PipelineWatch {

    private static final String PASSTHROUGH_CALLER = "com.sedmelluq.discord.lavaplayer.container.common.OpusPacketRouter";
    private static final int FRAMES_TO_CHECK = 3;
    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** The watch of the player whose track is being started on this thread; lavaplayer creates the buffer there. */
    private static final ThreadLocal<PipelineWatch> STARTING = new ThreadLocal<>();

    private final Consumer<PipelineMode> onChange;
    private volatile WatchedFrameBuffer current;
    private volatile PipelineMode mode;
    private volatile int framesToCheck;

    PipelineWatch(Consumer<PipelineMode> onChange) {
        this.onChange = onChange;
    }

    /** Wraps the manager's buffers so that a track started through {@link #starting} reports its mode. */
    static AudioFrameBufferFactory around(AudioFrameBufferFactory factory) {
        return new AudioFrameBufferFactory() {
            @Override
            public AudioFrameBuffer create(int bufferDuration, AudioDataFormat format, AtomicBoolean stopping) {
                AudioFrameBuffer buffer = factory.create(bufferDuration, format, stopping);
                PipelineWatch watch = STARTING.get();
                return watch == null ? buffer : watch.watch(buffer);
            }
        };
    }

    /** Runs {@code start}, which makes lavaplayer create the new track's buffer on this thread. */
    void starting(Runnable start) {
        STARTING.set(this);
        try {
            start.run();
        } finally {
            STARTING.remove();
        }
    }

    /** Something changed that may switch lavaplayer between passthrough and transcoding. */
    void recheck() {
        framesToCheck = FRAMES_TO_CHECK;
    }

    /** The mode of the latest frames, or null before the first frame of the current track. */
    PipelineMode mode() {
        return mode;
    }

    private AudioFrameBuffer watch(AudioFrameBuffer buffer) {
        WatchedFrameBuffer watched = new WatchedFrameBuffer(buffer);
        current = watched;
        mode = null;
        framesToCheck = FRAMES_TO_CHECK;
        return watched;
    }

    private void observe(WatchedFrameBuffer buffer, Class<?> caller) {
        if (buffer != current) {
            return; // the previous track's last frames
        }
        framesToCheck = Math.max(0, framesToCheck - 1);
        PipelineMode seen = caller.getName().equals(PASSTHROUGH_CALLER) ? PipelineMode.PASSTHROUGH
                : PipelineMode.TRANSCODE;
        if (seen != mode) {
            mode = seen;
            onChange.accept(seen);
        }
    }

    private final class WatchedFrameBuffer implements AudioFrameBuffer {
        private final AudioFrameBuffer delegate;

        WatchedFrameBuffer(AudioFrameBuffer delegate) {
            this.delegate = delegate;
        }

        @Override
        public void consume(AudioFrame frame) throws InterruptedException {
            if (framesToCheck > 0) {
                observe(this, STACK.getCallerClass());
            }
            delegate.consume(frame);
        }

        @Override
        public void rebuild(AudioFrameRebuilder rebuilder) {
            delegate.rebuild(rebuilder);
        }

        @Override
        public AudioFrame provide() {
            return delegate.provide();
        }

        @Override
        public AudioFrame provide(long timeout, TimeUnit unit) throws TimeoutException, InterruptedException {
            return delegate.provide(timeout, unit);
        }

        @Override
        public boolean provide(MutableAudioFrame targetFrame) {
            return delegate.provide(targetFrame);
        }

        @Override
        public boolean provide(MutableAudioFrame targetFrame, long timeout, TimeUnit unit)
                throws TimeoutException, InterruptedException {
            return delegate.provide(targetFrame, timeout, unit);
        }

        @Override
        public int getRemainingCapacity() {
            return delegate.getRemainingCapacity();
        }

        @Override
        public int getFullCapacity() {
            return delegate.getFullCapacity();
        }

        @Override
        public void waitForTermination() throws InterruptedException {
            delegate.waitForTermination();
        }

        @Override
        public void setTerminateOnEmpty() {
            delegate.setTerminateOnEmpty();
        }

        @Override
        public void setClearOnInsert() {
            delegate.setClearOnInsert();
        }

        @Override
        public boolean hasClearOnInsert() {
            return delegate.hasClearOnInsert();
        }

        @Override
        public void clear() {
            delegate.clear();
        }

        @Override
        public void lockBuffer() {
            delegate.lockBuffer();
        }

        @Override
        public boolean hasReceivedFrames() {
            return delegate.hasReceivedFrames();
        }

        @Override
        public Long getLastInputTimecode() {
            return delegate.getLastInputTimecode();
        }
    }
}
