package dev.basalt.voice.discord.dave;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import org.bouncycastle.crypto.generators.SCrypt;

/**
 * The numbers people compare to verify a DAVE call (spec 7.6): the voice privacy code of an epoch (its MLS epoch
 * authenticator as 30 digits) and the pairwise fingerprint of two members' identity keys (45 digits).
 */
public final class PrivacyCode {

    /** Digits of the voice privacy code Discord clients show, in groups of {@link #GROUP_SIZE}. */
    public static final int VOICE_CODE_LENGTH = 30;
    public static final int GROUP_SIZE = 5;
    /** Digits of a pairwise fingerprint as clients display it. */
    public static final int FINGERPRINT_CODE_LENGTH = 45;
    private static final byte[] SCRYPT_SALT = hex("24cab17a7af8ec2b82b412b92dab192e");
    private static final int SCRYPT_N = 16384;
    private static final int SCRYPT_R = 8;
    private static final int SCRYPT_P = 2;
    private static final int FINGERPRINT_LENGTH = 64;

    private PrivacyCode() {
    }

    /** The voice privacy code of an epoch: {@code displayable(epochAuthenticator, 30, 5)}. */
    public static String voicePrivacyCode(byte[] epochAuthenticator) {
        return displayable(epochAuthenticator, VOICE_CODE_LENGTH, GROUP_SIZE);
    }

    /**
     * libdave's displayable code: for every group of {@code groupSize} input bytes, the big-endian unsigned value
     * modulo 10^groupSize as zero-padded digits. {@code length} must be a multiple of {@code groupSize}
     * ({@code 1..7}) and the input at least {@code length} bytes.
     */
    public static String displayable(byte[] data, int length, int groupSize) {
        if (groupSize < 1 || groupSize > 7 || length < 0 || length % groupSize != 0) {
            throw new IllegalArgumentException("code length " + length + " is not a multiple of group size "
                    + groupSize + " (1..7)");
        }
        if (data.length < length) {
            throw new IllegalArgumentException("a " + length + "-digit code needs " + length + " input bytes, got "
                    + data.length);
        }
        long modulus = 1;
        for (int i = 0; i < groupSize; i++) {
            modulus *= 10;
        }
        StringBuilder code = new StringBuilder(length);
        for (int i = 0; i < length; i += groupSize) {
            long value = 0;
            for (int j = 0; j < groupSize; j++) {
                value = (value << 8) | (data[i + j] & 0xFF);
            }
            String digits = Long.toString(value % modulus);
            code.append("0".repeat(groupSize - digits.length())).append(digits);
        }
        return code.toString();
    }

    /** Version 0 key fingerprint: {@code uint16(0) ‖ signature public key ‖ uint64_BE(user id)}. */
    public static byte[] keyFingerprint(byte[] signaturePublicKey, long userId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(signaturePublicKey.length + 10);
        out.write(0);
        out.write(0);
        out.writeBytes(signaturePublicKey);
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (userId >>> shift));
        }
        return out.toByteArray();
    }

    /**
     * The 64-byte pairwise fingerprint of two members: scrypt over both key fingerprints in unsigned byte order.
     * Costs about 16 MiB and tens of milliseconds, so never call it on an audio thread.
     */
    public static byte[] pairwiseFingerprint(byte[] keyA, long userA, byte[] keyB, long userB) {
        byte[] a = keyFingerprint(keyA, userA);
        byte[] b = keyFingerprint(keyB, userB);
        boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
        byte[] low = aFirst ? a : b;
        byte[] high = aFirst ? b : a;
        byte[] input = Arrays.copyOf(low, low.length + high.length);
        System.arraycopy(high, 0, input, low.length, high.length);
        return SCrypt.generate(input, SCRYPT_SALT, SCRYPT_N, SCRYPT_R, SCRYPT_P, FINGERPRINT_LENGTH);
    }

    /** The 45-digit display form of a pairwise fingerprint. */
    public static String pairwiseCode(byte[] keyA, long userA, byte[] keyB, long userB) {
        return displayable(pairwiseFingerprint(keyA, userA, keyB, userB), FINGERPRINT_CODE_LENGTH, GROUP_SIZE);
    }

    private static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }
}
