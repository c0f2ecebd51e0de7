package dev.basalt.voice.discord.dave;

import dev.basalt.voice.discord.crypto.AesGcm;

/**
 * Turns our outgoing Opus frames into DAVE protocol frames (spec 7.2–7.5):
 * {@code ciphertext ‖ 8-byte tag ‖ ULEB128 nonce ‖ size ‖ FA FA}.
 *
 * <p>Two threads meet here. The gateway thread installs key state with {@link #setRatchet}; the 20 ms sender thread
 * calls {@link #encrypt}. They share a single volatile reference to an immutable {@link Keys} value; everything the
 * sender mutates (nonce counter, the current generation's cipher) is its own, so the send path takes no lock and,
 * once a generation's cipher exists, allocates nothing.
 */
public final class DaveFrameEncryptor {

    /** The Opus frame the SFU and every sender use for silence; it always travels unencrypted. */
    private static final byte SILENCE_0 = (byte) 0xF8;
    private static final byte SILENCE_1 = (byte) 0xFF;
    private static final byte SILENCE_2 = (byte) 0xFE;
    private static final byte MAGIC = (byte) 0xFA;
    private static final int SIZE_AND_MAGIC = 3;
    private static final int GENERATION_SHIFT = 24;

    /**
     * What the gateway thread hands over: the ratchet and a cipher for generation 0, made on the gateway thread so
     * that the first frame of an epoch costs the sender no key derivation. After publication only the sender
     * touches the cipher.
     */
    private record Keys(SenderKeyRatchet ratchet, AesGcm firstCipher) {
    }

    private volatile Keys keys;
    private volatile boolean active;
    /** Control side: the last non-null keys, so that re-installing the same secret keeps its nonce sequence. */
    private Keys lastInstalled;

    // sender thread only
    private Keys current;
    private long lastNonce;
    private AesGcm cipher;
    private final byte[] iv = new byte[12];
    private long cipherGeneration;

    public DaveFrameEncryptor() {
    }

    /**
     * Installs the ratchet used from the next frame on, or {@code null} to send frames unencrypted (protocol
     * version 0, before the first transition). A new ratchet starts a new nonce sequence at 1; the same secret
     * installed again (after a null, or as another instance) continues its sequence, because a key must never see a
     * nonce twice.
     */
    public synchronized void setRatchet(SenderKeyRatchet ratchetOrNull) {
        if (ratchetOrNull == null) {
            active = false;
            keys = null;
            return;
        }
        Keys next = lastInstalled != null && lastInstalled.ratchet().sameSecretAs(ratchetOrNull)
                ? lastInstalled
                : new Keys(ratchetOrNull, ProtocolFrame.cipher(ratchetOrNull.keyForGeneration(0L)));
        lastInstalled = next;
        keys = next;
        active = true;
    }

    public boolean isActive() {
        return active;
    }

    /** Bytes a protocol frame adds to an Opus frame at most: tag 8, nonce up to 5, size 1, marker 2. */
    public static int maxOverhead() {
        return ProtocolFrame.TAG_LENGTH + Leb128.MAX_INT_LENGTH + SIZE_AND_MAGIC;
    }

    /**
     * Writes the protocol frame for {@code opus[offset, offset+length)} into {@code out} from {@code out[0]} and
     * returns its length. Silence frames and the inactive state copy the frame unchanged.
     */
    public int encrypt(byte[] opus, int offset, int length, byte[] out) {
        return encrypt(opus, offset, length, out, 0);
    }

    /**
     * As {@link #encrypt(byte[], int, int, byte[])}, writing at {@code out[outOffset]} (e.g. right after an RTP
     * header). {@code out} needs {@code length + maxOverhead()} bytes from there; input and output may be the same
     * region ({@code opus == out && offset == outOffset}) but must not overlap otherwise.
     */
    public int encrypt(byte[] opus, int offset, int length, byte[] out, int outOffset) {
        Keys k = keys;
        if (k == null || isSilence(opus, offset, length)) {
            if (opus != out || offset != outOffset) {
                System.arraycopy(opus, offset, out, outOffset, length);
            }
            return length;
        }
        if (k != current) {
            // a new secret (setRatchet keeps the same Keys for the same secret): nonces start again at 1
            current = k;
            lastNonce = 0;
            cipher = k.firstCipher();
            cipherGeneration = 0;
        }
        long nonce = ++lastNonce;
        // 64-bit arithmetic: after 2^32 frames the wire nonce wraps but the generation keeps counting (256, 257…)
        long generation = nonce >>> GENERATION_SHIFT;
        if (generation != cipherGeneration) {
            // once every 2^24 frames (about 93 hours)
            cipher = ProtocolFrame.cipher(k.ratchet().keyForGeneration(generation));
            cipherGeneration = generation;
        }
        int truncated = (int) nonce;
        cipher.seal(ProtocolFrame.iv(truncated, iv), opus, 0, 0, opus, offset, length, out, outOffset);
        int p = outOffset + length + ProtocolFrame.TAG_LENGTH;
        int supplementalStart = outOffset + length;
        p = Leb128.write(Integer.toUnsignedLong(truncated), out, p);
        out[p] = (byte) (p + SIZE_AND_MAGIC - supplementalStart);
        out[p + 1] = MAGIC;
        out[p + 2] = MAGIC;
        return p + SIZE_AND_MAGIC - outOffset;
    }

    /** Tests only: makes the next frame use nonce {@code lastUsed + 1} (64-bit, so past 2^32 it wraps on the wire). */
    void skipTo(long lastUsed) {
        Keys k = keys;
        if (k != null && k != current) {
            current = k;
            cipher = k.firstCipher();
            cipherGeneration = 0;
        }
        lastNonce = lastUsed;
    }

    static boolean isSilence(byte[] frame, int offset, int length) {
        return length == 3 && frame[offset] == SILENCE_0 && frame[offset + 1] == SILENCE_1
                && frame[offset + 2] == SILENCE_2;
    }
}
