package dev.basalt.voice.discord.dave;

import java.util.HashMap;
import java.util.Map;

import dev.basalt.voice.discord.crypto.AesGcm;

/**
 * Opens the protocol frames of one sender in one epoch (spec 7.4): the frame check, the wrapped generation, a
 * replay window and the generation gap limit. Basalt only sends; this exists for tests and the fake voice server,
 * so it keeps every generation from the previous one on instead of expiring old keys after 10 s, and does not apply
 * libdave's frames-per-second bound on how fast generations may advance.
 *
 * <p>Thread-safe (one lock; nothing on Basalt's send path uses it).
 */
public final class DaveFrameDecryptor {

    /** libdave: a generation more than this far ahead of the newest one seen is refused. */
    static final int MAX_GENERATION_GAP = 250;
    /** libdave: the newest nonce and up to this many missing ones before it are still accepted once. */
    static final int REPLAY_WINDOW = 1000;
    private static final int GENERATIONS_PER_WRAP = 256;

    private final SenderKeyRatchet ratchet;
    private final Map<Long, AesGcm> ciphers = new HashMap<>();
    private final boolean[] seen = new boolean[1024];
    private long oldestGeneration;
    private long newestGeneration;
    private long newestNonce = -1;

    public DaveFrameDecryptor(SenderKeyRatchet ratchet) {
        if (ratchet == null) {
            throw new IllegalArgumentException("a decryptor needs the sender's ratchet");
        }
        this.ratchet = ratchet;
    }

    /** True if {@code frame[offset, +length)} is the Opus silence frame that always travels in clear. */
    public static boolean isSilence(byte[] frame, int offset, int length) {
        return DaveFrameEncryptor.isSilence(frame, offset, length);
    }

    /**
     * Returns the Opus frame inside {@code protocolFrame[offset, +length)}; the silence frame comes back as it is.
     * Throws {@link DaveFrameException} naming the rule a bad frame broke.
     */
    public synchronized byte[] decrypt(byte[] protocolFrame, int offset, int length) {
        if (isSilence(protocolFrame, offset, length)) {
            return java.util.Arrays.copyOfRange(protocolFrame, offset, offset + length);
        }
        ProtocolFrame layout = ProtocolFrame.parse(protocolFrame, offset, length);
        long generation = wrappedGeneration(layout.generation());
        if (generation < oldestGeneration) {
            throw new DaveFrameException("DAVE frame of generation " + generation + " is older than the oldest key "
                    + "kept (" + oldestGeneration + ")");
        }
        if (generation > newestGeneration + MAX_GENERATION_GAP) {
            throw new DaveFrameException("DAVE frame of generation " + generation + " is more than "
                    + MAX_GENERATION_GAP + " generations ahead of the newest seen (" + newestGeneration + ")");
        }
        long nonce = (generation << 24) | (layout.truncatedNonce() & 0xFF_FFFFL);
        if (newestNonce >= 0 && (nonce <= newestNonce - REPLAY_WINDOW
                || (nonce <= newestNonce && seen[(int) (nonce % seen.length)]))) {
            throw new DaveFrameException("DAVE frame nonce " + Integer.toUnsignedString(layout.truncatedNonce())
                    + " was already used or is too old (newest " + (newestNonce & 0xFFFF_FFFFL) + ")");
        }
        byte[] plain = open(cipherFor(generation), protocolFrame, offset, layout);
        accept(generation, nonce);
        return plain;
    }

    /** libdave's rule: generations count on past 255 when the 32-bit nonce wraps, relative to the oldest kept. */
    private long wrappedGeneration(int generation) {
        long base = oldestGeneration - oldestGeneration % GENERATIONS_PER_WRAP;
        long wrapped = base + generation;
        return wrapped < oldestGeneration ? wrapped + GENERATIONS_PER_WRAP : wrapped;
    }

    private AesGcm cipherFor(long generation) {
        return ciphers.computeIfAbsent(generation, g -> ProtocolFrame.cipher(ratchet.keyForGeneration(g)));
    }

    private void accept(long generation, long nonce) {
        if (nonce > newestNonce) {
            long from = Math.max(newestNonce + 1, nonce - seen.length + 1);
            for (long n = from; n <= nonce; n++) {
                seen[(int) (n % seen.length)] = false;
            }
            newestNonce = nonce;
        }
        seen[(int) (nonce % seen.length)] = true;
        if (generation > newestGeneration) {
            newestGeneration = generation;
            // keep the previous generation for frames still in flight; older keys are erased
            oldestGeneration = Math.max(oldestGeneration, generation - 1);
            ciphers.keySet().removeIf(g -> g < oldestGeneration);
        }
    }

    private static byte[] open(AesGcm cipher, byte[] frame, int offset, ProtocolFrame layout) {
        int[] ranges = layout.clearRanges();
        int media = layout.mediaLength();
        int clear = 0;
        for (int i = 1; i < ranges.length; i += 2) {
            clear += ranges[i];
        }
        // split the media into AAD (clear ranges) and ciphertext (the rest), decrypt, then interleave again
        byte[] aad = new byte[clear];
        byte[] sealed = new byte[media - clear];
        split(frame, offset, media, ranges, aad, sealed);
        byte[] plain = new byte[sealed.length];
        if (!cipher.open(ProtocolFrame.iv(layout.truncatedNonce(), new byte[12]), aad, 0, aad.length, sealed, 0, sealed.length, frame,
                layout.tagOffset(), plain, 0)) {
            throw new DaveFrameException("DAVE frame with nonce " + Integer.toUnsignedString(layout.truncatedNonce())
                    + " failed authentication (wrong key or altered bytes)");
        }
        byte[] out = new byte[media];
        int a = 0;
        int s = 0;
        int position = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            int gap = ranges[i] - position;
            System.arraycopy(plain, s, out, position, gap);
            s += gap;
            System.arraycopy(aad, a, out, ranges[i], ranges[i + 1]);
            a += ranges[i + 1];
            position = ranges[i] + ranges[i + 1];
        }
        System.arraycopy(plain, s, out, position, media - position);
        return out;
    }

    private static void split(byte[] frame, int offset, int media, int[] ranges, byte[] aad, byte[] sealed) {
        int a = 0;
        int s = 0;
        int position = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            int gap = ranges[i] - position;
            System.arraycopy(frame, offset + position, sealed, s, gap);
            s += gap;
            System.arraycopy(frame, offset + ranges[i], aad, a, ranges[i + 1]);
            a += ranges[i + 1];
            position = ranges[i] + ranges[i + 1];
        }
        System.arraycopy(frame, offset + position, sealed, s, media - position);
    }
}
