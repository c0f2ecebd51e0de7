package dev.basalt.voice.discord.dave;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One sender's key ratchet for one MLS epoch (spec 7.1): the 16-byte base secret the MLS exporter gives for the
 * sender is {@code secret_0}; every generation {@code g} has the AES-128 key
 * {@code ExpandWithLabel(secret_g, "key", uint32(g), 16)} and the next secret
 * {@code ExpandWithLabel(secret_g, "secret", uint32(g), 32)}, both HKDF-Expand-SHA256 with MLS labels.
 *
 * <p>Immutable and safe to share between threads. A generation lasts 2^24 frames (about 93 hours of audio), so
 * deriving a key is rare; the last derived secret is remembered so that moving forward costs one step.
 */
public final class SenderKeyRatchet {

    static final int KEY_LENGTH = 16;
    private static final int HASH_LENGTH = 32;
    private static final byte[] KEY_LABEL = label("key");
    private static final byte[] SECRET_LABEL = label("secret");

    private final byte[] baseSecret;
    /** The newest secret derived so far: a value object, so a racing reader sees either the old or the new one. */
    private volatile Step last;

    private record Step(long generation, byte[] secret) {
    }

    public SenderKeyRatchet(byte[] baseSecret) {
        if (baseSecret == null || baseSecret.length != KEY_LENGTH) {
            throw new IllegalArgumentException("a DAVE sender base secret is 16 bytes, got "
                    + (baseSecret == null ? "none" : baseSecret.length));
        }
        this.baseSecret = baseSecret.clone();
        this.last = new Step(0, this.baseSecret);
    }

    /** The 16-byte AES-128-GCM key of {@code generation} (unsigned; generations past 255 follow a nonce wrap). */
    public byte[] keyForGeneration(int generation) {
        return keyForGeneration(Integer.toUnsignedLong(generation));
    }

    byte[] keyForGeneration(long generation) {
        if (generation < 0 || generation > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("generation out of range: " + generation);
        }
        Step step = last;
        if (step.generation() > generation) {
            step = new Step(0, baseSecret);
        }
        byte[] secret = step.secret();
        for (long g = step.generation(); g < generation; g++) {
            secret = expand(secret, SECRET_LABEL, (int) g, HASH_LENGTH);
        }
        if (step.generation() != generation) {
            last = new Step(generation, secret);
        }
        return expand(secret, KEY_LABEL, (int) generation, KEY_LENGTH);
    }

    /** Whether both ratchets come from the same exporter output (then they must share one nonce sequence). */
    boolean sameSecretAs(SenderKeyRatchet other) {
        return other != null && MessageDigest.isEqual(baseSecret, other.baseSecret);
    }

    /** RFC 9420 ExpandWithLabel with a 4-byte big-endian generation as context; one HMAC block is enough (L ≤ 32). */
    private static byte[] expand(byte[] secret, byte[] label, int generation, int length) {
        byte[] info = new byte[2 + 1 + label.length + 1 + 4 + 1];
        int p = 0;
        info[p++] = (byte) (length >>> 8);
        info[p++] = (byte) length;
        info[p++] = (byte) label.length;
        System.arraycopy(label, 0, info, p, label.length);
        p += label.length;
        info[p++] = 4;
        info[p++] = (byte) (generation >>> 24);
        info[p++] = (byte) (generation >>> 16);
        info[p++] = (byte) (generation >>> 8);
        info[p++] = (byte) generation;
        info[p] = 1; // HKDF-Expand block counter T(1)
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return Arrays.copyOf(hmac.doFinal(info), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }

    private static byte[] label(String name) {
        return ("MLS 1.0 " + name).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        // never the secret: this may end up in a log line
        return "SenderKeyRatchet";
    }
}
