package dev.basalt.voice.discord.crypto;

/**
 * Seals RTP packets for one voice session with the key from Session Description. Not thread-safe; used by the single
 * sending thread.
 *
 * <p>The nonce is a 32-bit counter appended big-endian after the tag. A fresh cipher seals its first packet with
 * counter 1 (as discord.js does), then +1 per packet, wrapping after {@code 0xFFFFFFFF} to 0. A (key, nonce) pair
 * must never repeat; the key changes with every session, and a session would need 2^32 packets (over two years of
 * audio) to wrap.
 */
public interface TransportCipher {

    /** Bytes {@link #seal} appends: the 16-byte AEAD tag and the 4-byte nonce suffix. */
    int OVERHEAD = 20;

    /**
     * A cipher for {@code mode} keyed with the 32-byte {@code secret_key} of Session Description.
     *
     * @throws IllegalArgumentException if the key is not 32 bytes
     */
    static TransportCipher create(EncryptionMode mode, byte[] secretKey32) {
        if (secretKey32 == null || secretKey32.length != 32) {
            throw new IllegalArgumentException("the transport key must be 32 bytes, got "
                    + (secretKey32 == null ? "none" : secretKey32.length));
        }
        return switch (mode) {
            case AEAD_AES256_GCM_RTPSIZE -> new AesGcmCipher(secretKey32);
            case AEAD_XCHACHA20_POLY1305_RTPSIZE -> new XChaCha20Poly1305Cipher(secretKey32);
        };
    }

    EncryptionMode mode();

    /**
     * {@code packet[0, headerLength)} is the clear RTP header (the AAD), {@code packet[headerLength,
     * headerLength + payloadLength)} the plaintext. Encrypts in place and appends the 16-byte tag and the 4-byte nonce
     * suffix (the internal counter, +1 per call, wrapping, written big-endian). {@code packet} must have
     * {@link #OVERHEAD} spare bytes after the payload. Returns the packet length.
     *
     * @throws IllegalArgumentException if the packet has no room for the tag and nonce
     */
    int seal(byte[] packet, int headerLength, int payloadLength);

    /**
     * Receiver side (for tests and the fake server): opens a whole packet as spec section 4.2 describes. The AAD is
     * the RTP header including CSRCs and, when the X bit is set, the 4-byte extension preamble; the extension body is
     * decrypted with the payload and stripped from it, and P-bit padding is removed. The payload type is not checked,
     * so callers filter RTCP themselves.
     *
     * @param out receives the payload; must hold {@code length - 20 - headerLength} bytes
     * @return the payload length
     * @throws TransportDecryptionException if the tag does not verify or the packet is malformed
     */
    int open(byte[] packet, int length, byte[] out);
}
