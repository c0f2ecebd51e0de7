package dev.basalt.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Proxy;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import com.sedmelluq.discord.lavaplayer.filter.AudioFilter;
import com.sedmelluq.discord.lavaplayer.filter.FloatPcmAudioFilter;
import com.sedmelluq.discord.lavaplayer.filter.PcmFilterFactory;
import com.sedmelluq.discord.lavaplayer.filter.UniversalPcmAudioFilter;
import com.sedmelluq.discord.lavaplayer.format.StandardAudioDataFormats;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import dev.basalt.player.filter.FilterSettings;
import dev.basalt.player.filter.PlayerFilters;

/**
 * CPU cost of each filter for one player: microseconds of CPU per 20 ms frame (48 kHz stereo float PCM), measured on
 * the calling thread's own CPU clock so other load on the machine costs it little. The chain is the one a player
 * installs (obtained through {@link PlayerFilters} as lavaplayer would get it), fed a synthetic music-like signal (a
 * chord, a bass line and some noise) in 960-sample blocks. Each row: a fresh chain, a warm-up, then several passes;
 * the median pass is reported. Run with {@code -Dbench.main=dev.basalt.bench.FilterBenchmark} (docs/benchmarks.md).
 */
public final class FilterBenchmark {

    private static final int FRAME = 960;
    private static final int FRAMES = Integer.getInteger("bench.filterFrames", 3000);
    private static final int PASSES = Integer.getInteger("bench.filterPasses", 5);

    private FilterBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        float[][] music = music(FRAMES * FRAME);
        Map<String, FilterSettings> rows = new LinkedHashMap<>();
        rows.put("chain installed, every filter neutral (karaoke level 0)",
                new FilterSettings(null, null, new FilterSettings.Karaoke(0, 0, 220, 100), null, null, null, null,
                        null, null, null, null));
        rows.put("volume 0.8", new FilterSettings(0.8, null, null, null, null, null, null, null, null, null, null));
        List<FilterSettings.Band> bands = new ArrayList<>();
        for (int b = 0; b < 15; b++) {
            bands.add(new FilterSettings.Band(b, b % 2 == 0 ? 0.2 : -0.1));
        }
        rows.put("equalizer, 15 bands", new FilterSettings(null, bands, null, null, null, null, null, null, null,
                null, null));
        rows.put("karaoke (defaults)", new FilterSettings(null, null, FilterSettings.Karaoke.DEFAULT, null, null,
                null, null, null, null, null, null));
        rows.put("timescale speed 1.25", timescale(1.25, 1, 1));
        rows.put("timescale pitch 1.5", timescale(1, 1.5, 1));
        rows.put("timescale pitch 0.8", timescale(1, 0.8, 1));
        rows.put("timescale rate 1.25", timescale(1, 1, 1.25));
        rows.put("tremolo 4 Hz, 0.5", new FilterSettings(null, null, null, null,
                new FilterSettings.Tremolo(4, 0.5), null, null, null, null, null, null));
        rows.put("vibrato 6 Hz, 0.5", new FilterSettings(null, null, null, null, null,
                new FilterSettings.Vibrato(6, 0.5), null, null, null, null, null));
        rows.put("distortion (scale 0.8, sinScale 1.2)", new FilterSettings(null, null, null, null, null, null,
                new FilterSettings.Distortion(0, 1.2, 0, 1, 0, 1, 0, 0.8), null, null, null, null));
        rows.put("rotation 0.2 Hz", new FilterSettings(null, null, null, null, null, null, null,
                new FilterSettings.Rotation(0.2), null, null, null));
        rows.put("channelMix (mono)", new FilterSettings(null, null, null, null, null, null, null, null,
                new FilterSettings.ChannelMix(0.5, 0.5, 0.5, 0.5), null, null));
        rows.put("lowPass 20", new FilterSettings(null, null, null, null, null, null, null, null, null,
                new FilterSettings.LowPass(20), null));
        rows.put("all ten (spec §4.4 example)", new FilterSettings(0.8, bands.subList(0, 3),
                FilterSettings.Karaoke.DEFAULT, new FilterSettings.Timescale(1.2, 1.1, 1),
                new FilterSettings.Tremolo(4, 0.6), new FilterSettings.Vibrato(6, 0.4),
                new FilterSettings.Distortion(0, 1, 0, 1, 0, 1, 0, 1.5), new FilterSettings.Rotation(0.2),
                new FilterSettings.ChannelMix(0.5, 0.5, 0.5, 0.5), new FilterSettings.LowPass(25), null));

        System.out.printf("Filter CPU per player, %d frames of 20 ms per pass, %d passes, median (min–max), java %s, "
                + "%d CPUs%n%n", FRAMES, PASSES, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| filter | µs CPU / 20 ms frame | min–max of passes | share of one core per player |");
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, FilterSettings> row : rows.entrySet()) {
            double[] passes = measure(row.getValue(), music);
            double median = passes[passes.length / 2];
            System.out.printf("| %s | %.1f | %.1f–%.1f | %.2f %% |%n", row.getKey(), median, passes[0],
                    passes[passes.length - 1], median / 20_000 * 100);
        }
    }

    private static FilterSettings timescale(double speed, double pitch, double rate) {
        return new FilterSettings(null, null, null, new FilterSettings.Timescale(speed, pitch, rate), null, null, null,
                null, null, null, null);
    }

    /** Sorted µs of CPU per frame, one value per pass. */
    private static double[] measure(FilterSettings settings, float[][] music) throws InterruptedException {
        AtomicReference<PcmFilterFactory> installed = new AtomicReference<>();
        AudioPlayer player = (AudioPlayer) Proxy.newProxyInstance(FilterBenchmark.class.getClassLoader(),
                new Class<?>[] {AudioPlayer.class}, (proxy, method, methodArgs) -> {
                    if (method.getName().equals("setFilterFactory")) {
                        installed.set((PcmFilterFactory) methodArgs[0]);
                    }
                    return null;
                });
        new PlayerFilters(player).apply(settings);
        List<AudioFilter> chain = installed.get().buildChain(null, StandardAudioDataFormats.DISCORD_OPUS, new Sink());
        FloatPcmAudioFilter head = (FloatPcmAudioFilter) chain.get(0);
        float[][] block = new float[2][FRAME];
        run(head, music, block, FRAMES); // warm-up
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] passes = new double[PASSES];
        for (int p = 0; p < PASSES; p++) {
            long start = threads.getCurrentThreadCpuTime();
            run(head, music, block, FRAMES);
            passes[p] = (threads.getCurrentThreadCpuTime() - start) / 1e3 / FRAMES;
        }
        Arrays.sort(passes);
        return passes;
    }

    private static void run(FloatPcmAudioFilter head, float[][] music, float[][] block, int frames)
            throws InterruptedException {
        for (int f = 0; f < frames; f++) {
            System.arraycopy(music[0], f * FRAME, block[0], 0, FRAME);
            System.arraycopy(music[1], f * FRAME, block[1], 0, FRAME);
            head.process(block, 0, FRAME);
        }
    }

    private static float[][] music(int samples) {
        Random random = new Random(42);
        float[][] x = new float[2][samples];
        double[] chord = {261.63, 329.63, 392.0, 523.25};
        for (int i = 0; i < samples; i++) {
            double t = i / 48_000.0;
            double bass = 0.2 * Math.sin(2 * Math.PI * (55 + 27.5 * ((int) (t * 2) % 4)) * t);
            double c = 0;
            for (double f : chord) {
                c += 0.06 * Math.sin(2 * Math.PI * f * t);
            }
            x[0][i] = (float) (bass + c + 0.02 * random.nextGaussian());
            x[1][i] = (float) (bass + 0.8 * c + 0.02 * random.nextGaussian());
        }
        return x;
    }

    /** Where the chain's output goes: nowhere, as cheaply as possible. */
    private static final class Sink implements UniversalPcmAudioFilter {
        @Override
        public void process(float[][] input, int offset, int length) {
        }

        @Override
        public void process(short[] input, int offset, int length) {
        }

        @Override
        public void process(short[][] input, int offset, int length) {
        }

        @Override
        public void process(ShortBuffer buffer) {
        }

        @Override
        public void seekPerformed(long requestedTime, long providedTime) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
