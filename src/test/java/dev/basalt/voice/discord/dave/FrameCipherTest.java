package dev.basalt.voice.discord.dave;

import java.util.Arrays;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-built GCM against the JDK's: a 64-bit GCM tag is the first half of the 128-bit one (same GHASH, same
 * mask), so for random keys, nonces, lengths and AAD the ciphertext must be identical and the tag its prefix.
 */
class FrameCipherTest {

    @Test
    void matchesJdkGcmForRandomInputs() throws Exception {
        Random random = new Random(7);
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        for (int round = 0; round < 400; round++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            int nonce = random.nextInt();
            byte[] plain = new byte[round < 40 ? round : random.nextInt(1600)];
            random.nextBytes(plain);
            byte[] aad = new byte[round % 3 == 0 ? random.nextInt(40) : 0];
            random.nextBytes(aad);

            byte[] iv = new byte[12];
            iv[8] = (byte) nonce;
            iv[9] = (byte) (nonce >>> 8);
            iv[10] = (byte) (nonce >>> 16);
            iv[11] = (byte) (nonce >>> 24);
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            jdk.updateAAD(aad);
            byte[] expected = jdk.doFinal(plain);

            FrameCipher cipher = new FrameCipher(key);
            byte[] out = new byte[plain.length + FrameCipher.TAG_LENGTH];
            cipher.seal(nonce, aad, 0, aad.length, plain, 0, plain.length, out, 0);
            assertThat(out).as("round %d, %d bytes", round, plain.length)
                    .isEqualTo(Arrays.copyOf(expected, plain.length + FrameCipher.TAG_LENGTH));

            byte[] opened = new byte[plain.length];
            assertThat(cipher.open(nonce, aad, 0, aad.length, out, 0, plain.length, out, plain.length, opened, 0))
                    .isTrue();
            assertThat(opened).isEqualTo(plain);
        }
    }
}
