package dev.basalt.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sedmelluq.discord.lavaplayer.format.StandardAudioDataFormats;
import com.sedmelluq.discord.lavaplayer.natives.opus.OpusEncoder;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.player.FunctionalResultHandler;
import com.sedmelluq.discord.lavaplayer.source.local.LocalAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.playback.AudioFrame;

/**
 * The bare cost of lavaplayer's native Opus encoder on the benchmark's audio: the MP3 fixture decoded to 48 kHz
 * stereo PCM by lavaplayer, then encoded frame by frame with {@code new OpusEncoder(48000, 2, 10)} (what lavaplayer's
 * pipeline creates at opusEncodingQuality 10: application AUDIO, libopus' default bitrate) on one thread. CPU time is
 * that thread's own, so other load on the machine costs it little.
 */
final class EncoderBaseline {

    static final int FRAME_SAMPLES = 960;
    static final int CHANNELS = 2;

    /**
     * Milliseconds of CPU per 20 ms frame: the median pass and every pass, plus the average Opus frame size, and what
     * lavaplayer's MP3 decoding to PCM (everything but the Opus encoder) cost per frame in the harness process.
     */
    record Result(double medianMsPerFrame, double[] passes, int frames, double averageBytes, double decodeMsPerFrame) {
    }

    private EncoderBaseline() {
    }

    static Result measure(int passes) {
        decodeFixture(); // warms up the decoder path
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long decodeStart = os.getProcessCpuTime();
        short[][] pcm = decodeFixture();
        double decodeMs = (os.getProcessCpuTime() - decodeStart) / 1e6 / pcm.length;
        ShortBuffer input = ByteBuffer.allocateDirect(FRAME_SAMPLES * CHANNELS * Short.BYTES)
                .order(ByteOrder.nativeOrder()).asShortBuffer();
        ByteBuffer output = ByteBuffer.allocateDirect(4096);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OpusEncoder encoder = new OpusEncoder(48_000, CHANNELS, 10);
        try {
            long bytes = 0;
            double[] results = new double[passes];
            for (int pass = -1; pass < passes; pass++) { // pass -1 warms up
                long start = threads.getCurrentThreadCpuTime();
                long passBytes = 0;
                for (short[] frame : pcm) {
                    input.clear();
                    input.put(frame).flip();
                    passBytes += encoder.encode(input, FRAME_SAMPLES, output);
                }
                long cpu = threads.getCurrentThreadCpuTime() - start;
                if (pass >= 0) {
                    results[pass] = cpu / 1e6 / pcm.length;
                    bytes += passBytes;
                }
            }
            double[] sorted = results.clone();
            Arrays.sort(sorted);
            return new Result(sorted[sorted.length / 2], results, pcm.length, (double) bytes / passes / pcm.length,
                    decodeMs);
        } finally {
            encoder.close();
        }
    }

    /** The MP3 fixture through lavaplayer's decoder, as 20 ms frames of interleaved 16-bit stereo at 48 kHz. */
    static short[][] decodeFixture() {
        Path file;
        try {
            file = Files.createTempFile("basalt-bench-", ".mp3");
            Files.write(file, LoopedAudio.fixture(LoopedAudio.MP3_FIXTURE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DefaultAudioPlayerManager manager = new DefaultAudioPlayerManager();
        try {
            manager.getConfiguration().setOutputFormat(StandardAudioDataFormats.DISCORD_PCM_S16_LE);
            manager.registerSourceManager(new LocalAudioSourceManager());
            CompletableFuture<AudioTrack> loaded = new CompletableFuture<>();
            manager.loadItemSync(file.toString(), new FunctionalResultHandler(loaded::complete,
                    playlist -> loaded.completeExceptionally(new IllegalStateException("a playlist")),
                    () -> loaded.completeExceptionally(new IllegalStateException("no match")),
                    loaded::completeExceptionally));
            AudioPlayer player = manager.createPlayer();
            player.playTrack(loaded.join());
            List<short[]> frames = new ArrayList<>();
            while (true) {
                AudioFrame frame;
                try {
                    frame = player.provide(2, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    break;
                }
                if (frame == null) {
                    if (player.getPlayingTrack() == null) {
                        break;
                    }
                    continue;
                }
                short[] samples = new short[FRAME_SAMPLES * CHANNELS];
                ByteBuffer.wrap(frame.getData()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
                frames.add(samples);
            }
            player.destroy();
            if (frames.size() < 1000) {
                throw new IllegalStateException("decoded only " + frames.size() + " frames of the MP3 fixture");
            }
            return frames.toArray(new short[0][]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            manager.shutdown();
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // temp file
            }
        }
    }
}
