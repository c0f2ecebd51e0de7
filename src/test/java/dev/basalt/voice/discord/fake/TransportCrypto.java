package dev.basalt.voice.discord.fake;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake server's own implementation of Discord's UDP transport encryption (spec section 4), written
 * independently of the product so that a shared mistake cannot hide itself: AES-256-GCM from the JDK, and
 * XChaCha20-Poly1305 as HChaCha20 (below) followed by the JDK's RFC 8439 ChaCha20-Poly1305.
 *
 * <p>{@link #open} follows the receiving rules of spec 4.2 (CSRCs, the X bit with its clear 4-byte preamble
 * and encrypted body, the P bit). {@link #seal} builds packets for scripted test clients.
 */
public final class TransportCrypto {

    public static final String AES_GCM = "aead_aes256_gcm_rtpsize";
    public static final String XCHACHA = "aead_xchacha20_poly1305_rtpsize";
    /** The two modes a client may select; everything else Discord discontinued. */
    public static final List<String> AEAD_MODES = List.of(AES_GCM, XCHACHA);

    static final int TAG_LENGTH = 16;
    static final int NONCE_SUFFIX_LENGTH = 4;
    static final int RTP_HEADER_LENGTH = 12;

    private TransportCrypto() {
    }

    /** A received audio packet after transport decryption; {@code payload} is the Opus (or DAVE) frame. */
    public record OpenedPacket(int version, boolean padding, boolean extension, int csrcCount, boolean marker,
                               int payloadType, int sequence, long timestamp, long ssrc, byte[] nonceSuffix,
                               byte[] payload) {
    }

    /** Thrown for packets that are too short or malformed before any cryptography is attempted. */
    public static final class MalformedPacketException extends GeneralSecurityException {
        MalformedPacketException(String message) {
            super(message);
        }
    }

    /**
     * Decrypts one rtpsize packet: AAD = 12 + 4·CC (+4 with X) header bytes; ciphertext up to the 16-byte tag;
     * the last 4 bytes are the nonce suffix (placed at the front of an otherwise zero nonce).
     */
    public static OpenedPacket open(String mode, byte[] key, byte[] packet) throws GeneralSecurityException {
        if (packet.length <= RTP_HEADER_LENGTH) {
            throw new MalformedPacketException("packet of " + packet.length + " bytes has no payload");
        }
        int b0 = packet[0] & 0xFF;
        int b1 = packet[1] & 0xFF;
        int version = b0 >> 6;
        boolean padding = ((b0 >> 5) & 1) == 1;
        boolean extension = ((b0 >> 4) & 1) == 1;
        int csrcCount = b0 & 0x0F;
        int headerLength = RTP_HEADER_LENGTH + 4 * csrcCount + (extension ? 4 : 0);
        if (packet.length < headerLength + TAG_LENGTH + NONCE_SUFFIX_LENGTH) {
            throw new MalformedPacketException("packet of " + packet.length + " bytes is shorter than its "
                    + headerLength + "-byte header + tag + nonce");
        }
        byte[] aad = Arrays.copyOfRange(packet, 0, headerLength);
        byte[] sealed = Arrays.copyOfRange(packet, headerLength, packet.length - NONCE_SUFFIX_LENGTH);
        byte[] suffix = Arrays.copyOfRange(packet, packet.length - NONCE_SUFFIX_LENGTH, packet.length);
        byte[] plain = aead(Cipher.DECRYPT_MODE, mode, key, suffix, aad, sealed);

        int start = 0;
        int end = plain.length;
        if (extension) {
            int words = ((packet[RTP_HEADER_LENGTH + 4 * csrcCount + 2] & 0xFF) << 8)
                    | (packet[RTP_HEADER_LENGTH + 4 * csrcCount + 3] & 0xFF);
            start = 4 * words;
        }
        if (padding) {
            if (end == 0) {
                throw new MalformedPacketException("P bit set on an empty payload");
            }
            end -= plain[end - 1] & 0xFF;
        }
        if (start > end) {
            throw new MalformedPacketException("extension body / padding longer than the payload");
        }
        ByteBuffer header = ByteBuffer.wrap(packet);
        return new OpenedPacket(version, padding, extension, csrcCount, (b1 & 0x80) != 0, b1 & 0x7F,
                header.getShort(2) & 0xFFFF, header.getInt(4) & 0xFFFFFFFFL, header.getInt(8) & 0xFFFFFFFFL,
                suffix, Arrays.copyOfRange(plain, start, end));
    }

    /** Builds {@code header ‖ ciphertext ‖ tag ‖ nonceSuffix}, the header (all of it) being the AAD. */
    public static byte[] seal(String mode, byte[] key, byte[] header, byte[] plaintext, byte[] nonceSuffix)
            throws GeneralSecurityException {
        byte[] sealed = aead(Cipher.ENCRYPT_MODE, mode, key, nonceSuffix, header, plaintext);
        ByteBuffer out = ByteBuffer.allocate(header.length + sealed.length + NONCE_SUFFIX_LENGTH);
        return out.put(header).put(sealed).put(nonceSuffix).array();
    }

    /** A plain 12-byte Discord RTP header: V=2, PT 120, no CSRC, no extension. */
    public static byte[] rtpHeader(int sequence, long timestamp, long ssrc) {
        return ByteBuffer.allocate(RTP_HEADER_LENGTH).put((byte) 0x80).put((byte) 0x78)
                .putShort((short) sequence).putInt((int) timestamp).putInt((int) ssrc).array();
    }

    private static byte[] aead(int direction, String mode, byte[] key, byte[] suffix, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        if (key.length != 32) {
            throw new GeneralSecurityException("transport key must be 32 bytes, got " + key.length);
        }
        if (suffix.length != NONCE_SUFFIX_LENGTH) {
            throw new GeneralSecurityException("nonce suffix must be 4 bytes");
        }
        Cipher cipher;
        switch (mode) {
            case AES_GCM -> {
                byte[] nonce = new byte[12];
                System.arraycopy(suffix, 0, nonce, 0, 4);
                cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(direction, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            }
            case XCHACHA -> {
                byte[] nonce = new byte[24];
                System.arraycopy(suffix, 0, nonce, 0, 4);
                byte[] subKey = hChaCha20(key, Arrays.copyOfRange(nonce, 0, 16));
                byte[] ietfNonce = new byte[12];
                System.arraycopy(nonce, 16, ietfNonce, 4, 8);
                cipher = Cipher.getInstance("ChaCha20-Poly1305");
                cipher.init(direction, new SecretKeySpec(subKey, "ChaCha20"), new IvParameterSpec(ietfNonce));
            }
            default -> throw new GeneralSecurityException("not a transport AEAD mode: " + mode);
        }
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    /**
     * HChaCha20: the ChaCha20 block function over (constants, 256-bit key, 128-bit input) without the final
     * feed-forward addition; the subkey is state words 0–3 and 12–15, little-endian.
     */
    static byte[] hChaCha20(byte[] key, byte[] input16) {
        if (key.length != 32 || input16.length != 16) {
            throw new IllegalArgumentException("HChaCha20 needs a 32-byte key and a 16-byte input");
        }
        ByteBuffer k = ByteBuffer.wrap(key).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer n = ByteBuffer.wrap(input16).order(ByteOrder.LITTLE_ENDIAN);
        int[] s = new int[16];
        s[0] = 0x61707865; // "expa"
        s[1] = 0x3320646e; // "nd 3"
        s[2] = 0x79622d32; // "2-by"
        s[3] = 0x6b206574; // "te k"
        for (int i = 0; i < 8; i++) {
            s[4 + i] = k.getInt(4 * i);
        }
        for (int i = 0; i < 4; i++) {
            s[12 + i] = n.getInt(4 * i);
        }
        for (int round = 0; round < 10; round++) {
            quarterRound(s, 0, 4, 8, 12);
            quarterRound(s, 1, 5, 9, 13);
            quarterRound(s, 2, 6, 10, 14);
            quarterRound(s, 3, 7, 11, 15);
            quarterRound(s, 0, 5, 10, 15);
            quarterRound(s, 1, 6, 11, 12);
            quarterRound(s, 2, 7, 8, 13);
            quarterRound(s, 3, 4, 9, 14);
        }
        ByteBuffer out = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            out.putInt(s[i]);
        }
        for (int i = 12; i < 16; i++) {
            out.putInt(s[i]);
        }
        return out.array();
    }

    private static void quarterRound(int[] s, int a, int b, int c, int d) {
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b];
        s[d] = Integer.rotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d];
        s[b] = Integer.rotateLeft(s[b] ^ s[c], 7);
    }
}
