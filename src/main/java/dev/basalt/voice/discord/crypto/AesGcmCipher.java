package dev.basalt.voice.discord.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** {@code aead_aes256_gcm_rtpsize}: AES-256-GCM, 16-byte tag, 12-byte nonce = counter ‖ eight zero bytes. */
final class AesGcmCipher extends RtpSizeCipher {

    private final SecretKeySpec key;
    private final AesGcm encryptor;
    /** Only tests and the fake server open packets, so the node never pays for a second instance. */
    private Cipher decryptor;
    /** Scratch for the nonce of each packet. */
    private final byte[] nonce = new byte[12];

    AesGcmCipher(byte[] secretKey) {
        super(EncryptionMode.AEAD_AES256_GCM_RTPSIZE);
        this.key = new SecretKeySpec(secretKey, "AES");
        this.encryptor = new AesGcm(secretKey, TAG_LENGTH);
    }

    @Override
    int encrypt(int counter, byte[] packet, int aadLength, int plaintextLength) throws GeneralSecurityException {
        writeInt(nonce, 0, counter);
        encryptor.seal(nonce, packet, 0, aadLength, packet, aadLength, plaintextLength, packet, aadLength);
        return plaintextLength + TAG_LENGTH;
    }

    @Override
    int decrypt(int counter, byte[] packet, int aadLength, int sealedLength, byte[] out)
            throws GeneralSecurityException {
        if (decryptor == null) {
            decryptor = newCipher();
        }
        writeInt(nonce, 0, counter);
        decryptor.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        decryptor.updateAAD(packet, 0, aadLength);
        return decryptor.doFinal(packet, aadLength, sealedLength, out, 0);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES/GCM/NoPadding", e);
        }
    }
}
