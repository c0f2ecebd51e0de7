package dev.basalt.voice.discord.crypto;

import java.security.GeneralSecurityException;

/**
 * What both rtpsize modes share: the nonce counter, the packet layout (header ‖ ciphertext ‖ tag ‖ nonce suffix) and
 * how a received header is sized. Subclasses only run their AEAD.
 */
abstract class RtpSizeCipher implements TransportCipher {

    static final int TAG_LENGTH = 16;
    static final int NONCE_SUFFIX_LENGTH = 4;
    private static final int RTP_HEADER_LENGTH = 12;

    private final EncryptionMode mode;
    /** The counter the next sealed packet carries; int overflow is exactly the wrap the protocol wants. */
    private int nextNonce = 1;

    RtpSizeCipher(EncryptionMode mode) {
        this.mode = mode;
    }

    @Override
    public final EncryptionMode mode() {
        return mode;
    }

    /** For tests: the counter the next {@link #seal} uses (e.g. {@code 0xFFFFFFFF} to exercise the wrap). */
    final void nextNonce(int counter) {
        this.nextNonce = counter;
    }

    final int nextNonce() {
        return nextNonce;
    }

    @Override
    public final int seal(byte[] packet, int headerLength, int payloadLength) {
        int end = headerLength + payloadLength;
        if (headerLength < 0 || payloadLength < 0 || end + OVERHEAD > packet.length) {
            throw new IllegalArgumentException("packet of " + packet.length + " bytes has no room for a "
                    + headerLength + "-byte header, " + payloadLength + "-byte payload and " + OVERHEAD
                    + " bytes of tag and nonce");
        }
        int nonce = nextNonce++;
        try {
            end = headerLength + encrypt(nonce, packet, headerLength, payloadLength);
        } catch (GeneralSecurityException e) {
            // the JDK always has both AEADs and the key was checked at construction: this is a broken runtime
            throw new IllegalStateException(mode.wireName() + " encryption failed", e);
        }
        writeInt(packet, end, nonce);
        return end + NONCE_SUFFIX_LENGTH;
    }

    @Override
    public final int open(byte[] packet, int length, byte[] out) {
        if (length <= RTP_HEADER_LENGTH || length > packet.length) {
            throw new TransportDecryptionException("not an RTP packet: " + length + " bytes");
        }
        int first = packet[0] & 0xFF;
        if (first >> 6 != 2) {
            throw new TransportDecryptionException("not RTP version 2: first byte " + Integer.toHexString(first));
        }
        boolean padded = (first & 0x20) != 0;
        boolean extended = (first & 0x10) != 0;
        int csrcEnd = RTP_HEADER_LENGTH + 4 * (first & 0x0F);
        // rtpsize: the extension preamble (profile, length) is authenticated in the clear, its body is encrypted
        int aadLength = csrcEnd + (extended ? 4 : 0);
        int sealedLength = length - NONCE_SUFFIX_LENGTH - aadLength;
        if (sealedLength < TAG_LENGTH) {
            throw new TransportDecryptionException("packet of " + length + " bytes is too short for a "
                    + aadLength + "-byte header, a tag and a nonce");
        }
        int nonce = readInt(packet, length - NONCE_SUFFIX_LENGTH);
        int plain;
        try {
            plain = decrypt(nonce, packet, aadLength, sealedLength, out);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new TransportDecryptionException(mode.wireName() + ": tag mismatch (wrong key or altered packet)",
                    e);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalArgumentException("output buffer of " + out.length + " bytes is too small", e);
        } catch (GeneralSecurityException e) {
            throw new TransportDecryptionException(mode.wireName() + ": cannot decrypt", e);
        }
        if (extended) {
            int extensionBody = 4 * (((packet[csrcEnd + 2] & 0xFF) << 8) | (packet[csrcEnd + 3] & 0xFF));
            if (extensionBody > plain) {
                throw new TransportDecryptionException("header extension of " + extensionBody
                        + " bytes is longer than the " + plain + "-byte plaintext");
            }
            plain -= extensionBody;
            System.arraycopy(out, extensionBody, out, 0, plain);
        }
        if (padded) {
            int padding = plain == 0 ? 0 : out[plain - 1] & 0xFF;
            if (padding == 0 || padding > plain) {
                throw new TransportDecryptionException("invalid RTP padding count " + padding);
            }
            plain -= padding;
        }
        return plain;
    }

    /**
     * Encrypts {@code packet[aadLength, aadLength + plaintextLength)} in place with {@code packet[0, aadLength)} as
     * AAD and writes the tag after it; returns ciphertext plus tag length.
     */
    abstract int encrypt(int nonce, byte[] packet, int aadLength, int plaintextLength)
            throws GeneralSecurityException;

    /** Decrypts {@code packet[aadLength, aadLength + sealedLength)} (ciphertext ‖ tag) into {@code out}. */
    abstract int decrypt(int nonce, byte[] packet, int aadLength, int sealedLength, byte[] out)
            throws GeneralSecurityException;

    static void writeInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }

    static int readInt(byte[] source, int offset) {
        return (source[offset] & 0xFF) << 24 | (source[offset + 1] & 0xFF) << 16
                | (source[offset + 2] & 0xFF) << 8 | source[offset + 3] & 0xFF;
    }
}
