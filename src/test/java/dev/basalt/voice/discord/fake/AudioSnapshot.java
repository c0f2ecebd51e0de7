package dev.basalt.voice.discord.fake;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the fake server heard over UDP up to one instant: per-packet records, RTP continuity, pacing, and the
 * decoded audio (48 kHz, stereo, interleaved 16-bit PCM).
 *
 * <p>Continuity is judged between consecutive packets of the same SSRC in arrival order: a <em>sequence
 * gap</em> is any step other than +1 (mod 2^16) — lost, duplicated or reordered packets all count; a
 * <em>timestamp discontinuity</em> is any step where the timestamp did not advance by exactly
 * 960 × the sequence step (mod 2^32). A <em>pause</em> is an arrival gap of at least {@code pauseThresholdNanos}
 * (or, for the last packet, that much time without a successor up to the snapshot); inter-arrival statistics
 * cover only gaps shorter than that, i.e. pacing inside talk spurts.
 */
public final class AudioSnapshot {

    /** One received audio packet. {@code silence} = the Opus frame was exactly F8 FF FE. */
    public record Packet(int sequence, long timestamp, long ssrc, long arrivalNanos, boolean silence, int opusLength,
                         String mode) {
    }

    public static final int SAMPLE_RATE = 48_000;
    public static final int CHANNELS = 2;
    public static final int SAMPLES_PER_FRAME = 960;

    private final List<Packet> packets;
    private final short[] pcm;
    private final short[] voicedPcm;
    private final long pauseThresholdNanos;
    private final int sequenceGaps;
    private final int missingPackets;
    private final int timestampDiscontinuities;
    private final int silenceFrames;
    private final double interArrivalP50Millis;
    private final double interArrivalP99Millis;
    private final double interArrivalMaxMillis;
    private final List<Integer> trailingSilenceRuns;

    AudioSnapshot(List<Packet> packets, short[] pcm, short[] voicedPcm, long pauseThresholdNanos, long nowNanos) {
        this.packets = List.copyOf(packets);
        this.pcm = pcm;
        this.voicedPcm = voicedPcm;
        this.pauseThresholdNanos = pauseThresholdNanos;

        int gaps = 0;
        int missing = 0;
        int discontinuities = 0;
        int silence = 0;
        List<Double> intervals = new ArrayList<>();
        List<Integer> runs = new ArrayList<>();
        int silenceRun = 0;
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            silenceRun = p.silence() ? silenceRun + 1 : 0;
            if (p.silence()) {
                silence++;
            }
            Packet next = i + 1 < packets.size() ? packets.get(i + 1) : null;
            long gap = (next != null ? next.arrivalNanos() : nowNanos) - p.arrivalNanos();
            if (gap >= pauseThresholdNanos) {
                runs.add(silenceRun);
            } else if (next != null) {
                intervals.add(gap / 1e6);
            }
            if (next != null && next.ssrc() == p.ssrc()) {
                int seqStep = (next.sequence() - p.sequence()) & 0xFFFF;
                if (seqStep != 1) {
                    gaps++;
                    if (seqStep > 1 && seqStep < 0x8000) {
                        missing += seqStep - 1;
                    }
                }
                long tsStep = (next.timestamp() - p.timestamp()) & 0xFFFFFFFFL;
                if (tsStep != (960L * seqStep) % (1L << 32)) {
                    discontinuities++;
                }
            }
        }
        this.sequenceGaps = gaps;
        this.missingPackets = missing;
        this.timestampDiscontinuities = discontinuities;
        this.silenceFrames = silence;
        this.trailingSilenceRuns = List.copyOf(runs);
        double[] sorted = intervals.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        this.interArrivalP50Millis = percentile(sorted, 0.50);
        this.interArrivalP99Millis = percentile(sorted, 0.99);
        this.interArrivalMaxMillis = sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1];
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    public List<Packet> packets() {
        return packets;
    }

    public int packetCount() {
        return packets.size();
    }

    public int sequenceGaps() {
        return sequenceGaps;
    }

    /** Sequence numbers skipped over (forward steps only). */
    public int missingPackets() {
        return missingPackets;
    }

    public int timestampDiscontinuities() {
        return timestampDiscontinuities;
    }

    public int silenceFrames() {
        return silenceFrames;
    }

    public double interArrivalP50Millis() {
        return interArrivalP50Millis;
    }

    public double interArrivalP99Millis() {
        return interArrivalP99Millis;
    }

    public double interArrivalMaxMillis() {
        return interArrivalMaxMillis;
    }

    public long pauseThresholdNanos() {
        return pauseThresholdNanos;
    }

    /** Number of pauses seen (including the current one if the stream has been quiet long enough). */
    public int pauses() {
        return trailingSilenceRuns.size();
    }

    /** For every pause, how many silence frames directly preceded it. */
    public List<Integer> trailingSilenceRuns() {
        return trailingSilenceRuns;
    }

    /** Silence frames right before the most recent pause; -1 while no pause has been seen. */
    public int trailingSilenceFrames() {
        return trailingSilenceRuns.isEmpty() ? -1 : trailingSilenceRuns.get(trailingSilenceRuns.size() - 1);
    }

    /** All decoded audio in arrival order (silence frames included), interleaved stereo. */
    public short[] pcm() {
        return pcm.clone();
    }

    /** Samples per channel in {@link #pcm()}. */
    public int pcmSamplesPerChannel() {
        return pcm.length / CHANNELS;
    }

    /** Decoded audio of the non-silence frames only, interleaved stereo: what the analysis below looks at. */
    public short[] voicedPcm() {
        return voicedPcm.clone();
    }

    /** RMS of the non-silence audio over both channels, 1.0 = full scale. */
    public double rms() {
        if (voicedPcm.length == 0) {
            return 0;
        }
        double sum = 0;
        for (short s : voicedPcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / voicedPcm.length) / 32768.0;
    }

    /**
     * The strongest frequency (Hz) of one channel (0 = left, 1 = right) in the non-silence audio: a Goertzel scan
     * of 20–8000 Hz over the first 0.25 s on a grid finer than the Hann window's main lobe, then a 0.05 Hz
     * refinement around the best bin over up to 1 s. The first decoded frame is skipped (decoder ramp-up).
     * Returns NaN when there is less than 0.1 s of audio.
     */
    public double dominantFrequency(int channel) {
        if (channel < 0 || channel >= CHANNELS) {
            throw new IllegalArgumentException("channel " + channel);
        }
        int perChannel = voicedPcm.length / CHANNELS;
        int skip = Math.min(SAMPLES_PER_FRAME, perChannel / 10);
        int available = perChannel - skip;
        if (available < SAMPLE_RATE / 10) {
            return Double.NaN;
        }
        double[] x = new double[Math.min(available, SAMPLE_RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = voicedPcm[(skip + i) * CHANNELS + channel];
        }
        double[] coarse = hann(Arrays.copyOf(x, Math.min(x.length, SAMPLE_RATE / 4)));
        double step = (double) SAMPLE_RATE / coarse.length; // Hann main lobe is ±2 bins wide
        double best = 20;
        double bestPower = -1;
        for (double f = 20; f <= 8000; f += step) {
            double power = goertzel(coarse, f);
            if (power > bestPower) {
                bestPower = power;
                best = f;
            }
        }
        double[] fine = hann(x);
        double centre = best;
        bestPower = -1;
        for (double f = centre - 2 * step; f <= centre + 2 * step; f += 0.05) {
            double power = goertzel(fine, f);
            if (power > bestPower) {
                bestPower = power;
                best = f;
            }
        }
        return best;
    }

    /** Relative power of {@code frequency} in one channel of the non-silence audio (Goertzel, Hann window). */
    public double power(int channel, double frequency) {
        int perChannel = voicedPcm.length / CHANNELS;
        double[] x = new double[Math.min(perChannel, SAMPLE_RATE)];
        for (int i = 0; i < x.length; i++) {
            x[i] = voicedPcm[i * CHANNELS + channel];
        }
        return goertzel(hann(x), frequency) / Math.max(1, (double) x.length * x.length);
    }

    private static double[] hann(double[] x) {
        double[] w = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            w[i] = x[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (x.length - 1)));
        }
        return w;
    }

    private static double goertzel(double[] x, double frequency) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / SAMPLE_RATE);
        double s1 = 0;
        double s2 = 0;
        for (double sample : x) {
            double s0 = sample + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
    }

    @Override
    public String toString() {
        return "AudioSnapshot{packets=" + packets.size() + ", sequenceGaps=" + sequenceGaps + ", missing="
                + missingPackets + ", timestampDiscontinuities=" + timestampDiscontinuities + ", silenceFrames="
                + silenceFrames + ", interArrival p50/p99/max ms=" + fmt(interArrivalP50Millis) + "/"
                + fmt(interArrivalP99Millis) + "/" + fmt(interArrivalMaxMillis) + ", pauses=" + pauses()
                + ", trailingSilenceRuns=" + trailingSilenceRuns + ", pcmSamplesPerChannel=" + pcmSamplesPerChannel()
                + "}";
    }

    private static String fmt(double v) {
        return String.format("%.2f", v);
    }
}
