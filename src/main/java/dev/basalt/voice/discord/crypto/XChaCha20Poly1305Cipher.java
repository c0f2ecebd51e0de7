package dev.basalt.voice.discord.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code aead_xchacha20_poly1305_rtpsize}: the IETF XChaCha20-Poly1305 construction (libsodium's
 * {@code crypto_aead_xchacha20poly1305_ietf}). The 24-byte nonce is counter ‖ twenty zero bytes; the JDK has no
 * XChaCha, so each packet derives a subkey with HChaCha20 from the key and nonce bytes 0–15, then runs the JDK's
 * ChaCha20-Poly1305 (RFC 8439) with the 12-byte nonce {@code 00000000 ‖ nonce[16..24)}, which here is all zeros.
 */
final class XChaCha20Poly1305Cipher extends RtpSizeCipher {

    /** nonce[16..24) is always zero in this mode, so the inner nonce never changes; the subkey does. */
    private static final IvParameterSpec INNER_NONCE = new IvParameterSpec(new byte[12]);

    private final int[] keyWords;
    private final Cipher encryptor;
    private Cipher decryptor;
    // scratch for the per-packet subkey derivation
    private final byte[] nonce = new byte[HChaCha20.NONCE_LENGTH];
    private final int[] state = new int[16];
    private final byte[] subkey = new byte[32];

    XChaCha20Poly1305Cipher(byte[] secretKey) {
        super(EncryptionMode.AEAD_XCHACHA20_POLY1305_RTPSIZE);
        this.keyWords = HChaCha20.keyWords(secretKey);
        this.encryptor = newCipher();
    }

    @Override
    int encrypt(int counter, byte[] packet, int aadLength, int plaintextLength) throws GeneralSecurityException {
        encryptor.init(Cipher.ENCRYPT_MODE, subkeyFor(counter), INNER_NONCE);
        encryptor.updateAAD(packet, 0, aadLength);
        return encryptor.doFinal(packet, aadLength, plaintextLength, packet, aadLength);
    }

    @Override
    int decrypt(int counter, byte[] packet, int aadLength, int sealedLength, byte[] out)
            throws GeneralSecurityException {
        if (decryptor == null) {
            decryptor = newCipher();
        }
        decryptor.init(Cipher.DECRYPT_MODE, subkeyFor(counter), INNER_NONCE);
        decryptor.updateAAD(packet, 0, aadLength);
        return decryptor.doFinal(packet, aadLength, sealedLength, out, 0);
    }

    private SecretKeySpec subkeyFor(int counter) {
        writeInt(nonce, 0, counter);
        HChaCha20.derive(keyWords, nonce, state, subkey);
        // the JCE takes keys only as objects; SecretKeySpec copies the scratch array
        return new SecretKeySpec(subkey, "ChaCha20");
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("ChaCha20-Poly1305");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no ChaCha20-Poly1305", e);
        }
    }
}
