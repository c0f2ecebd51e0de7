package dev.basalt.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import dev.basalt.voice.discord.crypto.EncryptionMode;
import dev.basalt.voice.discord.crypto.TransportCipher;
import dev.basalt.voice.discord.dave.DaveFrameEncryptor;
import dev.basalt.voice.discord.dave.SenderKeyRatchet;

/**
 * What DAVE frame encryption costs per frame on one thread, without JMH: the passthrough fixture's Opus packets
 * (real sizes) through {@link DaveFrameEncryptor#encrypt} the way the send path calls it, timed with the thread's CPU
 * clock, and the bytes the thread allocated meanwhile ({@code com.sun.management.ThreadMXBean}). The transport seal
 * that follows on the same path (AES-256-GCM, {@code AesGcm}) is measured the same way for comparison.
 *
 * <p>Run alone: {@code java -cp target/test-classes:target/classes:<deps> dev.basalt.bench.DaveEncryptCost}, or as
 * part of a load benchmark with a {@code +dave} mode.
 */
final class DaveEncryptCost {

    /** The fixed base secret of DAVE benchmark runs (any 16 bytes do; this is no one's key). */
    static final String BENCH_SECRET_HEX = "000102030405060708090a0b0c0d0e0f";
    private static final int RTP_HEADER = 12;

    record Result(int distinctFrames, double averageBytes, long framesPerPass, double[] daveNsPerFrame,
                  double daveBytesPerFrame, double[] transportNsPerFrame, double transportBytesPerFrame) {

        double medianDaveNs() {
            return median(daveNsPerFrame);
        }

        double medianTransportNs() {
            return median(transportNsPerFrame);
        }

        String describe() {
            return String.format(Locale.ROOT, "DAVE frame encryption, one thread, %d distinct Opus frames of the "
                            + "passthrough fixture (%.0f bytes on average), %d frames per pass: **%.0f ns CPU per frame** "
                            + "(median; passes %s), **%.2f bytes allocated per frame**. For comparison, the transport "
                            + "seal of the same frames (AES-256-GCM, AesGcm): %.0f ns per frame (median), %.1f bytes "
                            + "allocated per frame.", distinctFrames, averageBytes, framesPerPass, medianDaveNs(),
                    join(daveNsPerFrame), daveBytesPerFrame, medianTransportNs(), transportBytesPerFrame);
        }
    }

    private DaveEncryptCost() {
    }

    public static void main(String[] args) {
        System.out.println(measure(5, 200_000).describe());
    }

    static Result measure(int passes, int framesPerPass) {
        List<byte[]> frames = new ArrayList<>();
        for (String packet : LoopedAudio.opusPackets()) {
            frames.add(Base64.getDecoder().decode(packet));
        }
        double averageBytes = frames.stream().mapToInt(f -> f.length).average().orElse(0);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();

        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(new SenderKeyRatchet(HexFormat.of().parseHex(BENCH_SECRET_HEX)));
        TransportCipher transport = TransportCipher.create(EncryptionMode.AEAD_AES256_GCM_RTPSIZE, new byte[32]);
        int max = frames.stream().mapToInt(f -> f.length).max().orElse(0);
        byte[] packet = new byte[RTP_HEADER + max + DaveFrameEncryptor.maxOverhead() + TransportCipher.OVERHEAD];
        byte[][] all = frames.toArray(new byte[0][]);

        double[] dave = new double[passes];
        double[] seal = new double[passes];
        long daveBytes = 0;
        long sealBytes = 0;
        long sink = 0;
        for (int pass = -1; pass < passes; pass++) { // pass -1 warms up (JIT)
            long cpu0 = threads.getCurrentThreadCpuTime();
            long alloc0 = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < framesPerPass; i++) {
                byte[] opus = all[i % all.length];
                sink += encryptor.encrypt(opus, 0, opus.length, packet, RTP_HEADER);
            }
            long alloc1 = threads.getThreadAllocatedBytes(tid);
            long cpu1 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < framesPerPass; i++) {
                byte[] opus = all[i % all.length];
                System.arraycopy(opus, 0, packet, RTP_HEADER, opus.length);
                sink += transport.seal(packet, RTP_HEADER, opus.length);
            }
            long alloc2 = threads.getThreadAllocatedBytes(tid);
            long cpu2 = threads.getCurrentThreadCpuTime();
            if (pass >= 0) {
                dave[pass] = (double) (cpu1 - cpu0) / framesPerPass;
                seal[pass] = (double) (cpu2 - cpu1) / framesPerPass;
                daveBytes += alloc1 - alloc0;
                sealBytes += alloc2 - alloc1;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the loops from being optimised away
        }
        long measured = (long) passes * framesPerPass;
        return new Result(all.length, averageBytes, framesPerPass, dave, (double) daveBytes / measured, seal,
                (double) sealBytes / measured);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String join(double[] values) {
        return String.join(", ", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }
}
