package dev.basalt.voice.discord.crypto;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allocation-free AES-GCM gives the JDK's GCM result for every key size, length and AAD (a truncated tag is a
 * prefix of the full one), opens what it seals, refuses an altered tag, and allocates nothing per packet.
 */
class AesGcmTest {

    private static final HexFormat HEX = HexFormat.of();

    /** NIST GCM spec (McGrew and Viega), test case 16: AES-256, 96-bit IV, 20 bytes of AAD, 60 bytes of text. */
    @Test
    void matchesTheGcmSpecificationTestCase16() {
        byte[] key = HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] iv = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] plain = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        byte[] data = new byte[aad.length + plain.length + 16];
        System.arraycopy(aad, 0, data, 0, aad.length);
        System.arraycopy(plain, 0, data, aad.length, plain.length);

        new AesGcm(key, 16).seal(iv, data, 0, aad.length, data, aad.length, plain.length, data, aad.length);

        assertThat(HEX.formatHex(Arrays.copyOfRange(data, aad.length, aad.length + plain.length))).isEqualTo(
                "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662");
        assertThat(HEX.formatHex(Arrays.copyOfRange(data, aad.length + plain.length, data.length)))
                .isEqualTo("76fc6ece0f4e1768cddf8853bb2d551b");
    }

    @Test
    void agreesWithTheJdkAndOpensWhatItSeals() throws Exception {
        Random random = new Random(20261126);
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        int[] keySizes = {16, 32};
        int[] tagLengths = {8, 16};
        for (int round = 0; round < 400; round++) {
            byte[] key = new byte[keySizes[round % 2]];
            int tagLength = tagLengths[(round / 2) % 2];
            byte[] iv = new byte[12];
            random.nextBytes(key);
            random.nextBytes(iv);
            byte[] aad = new byte[round % 3 == 0 ? 0 : random.nextInt(48)];
            random.nextBytes(aad);
            byte[] plain = new byte[round < 100 ? round : random.nextInt(3000)];
            random.nextBytes(plain);

            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            jdk.updateAAD(aad);
            byte[] expected = Arrays.copyOf(jdk.doFinal(plain), plain.length + tagLength);

            AesGcm gcm = new AesGcm(key, tagLength);
            byte[] sealed = new byte[plain.length + tagLength];
            gcm.seal(iv, aad, 0, aad.length, plain, 0, plain.length, sealed, 0);
            assertThat(sealed).as("round %d: key %d, tag %d, aad %d, text %d", round, key.length, tagLength,
                    aad.length, plain.length).isEqualTo(expected);

            byte[] opened = new byte[plain.length];
            assertThat(gcm.open(iv, aad, 0, aad.length, sealed, 0, plain.length, sealed, plain.length, opened, 0))
                    .isTrue();
            assertThat(opened).isEqualTo(plain);
            sealed[plain.length] ^= 1;
            assertThat(gcm.open(iv, aad, 0, aad.length, sealed, 0, plain.length, sealed, plain.length, opened, 0))
                    .as("altered tag").isFalse();
        }
    }

    @Test
    void sealingPacketsAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        AesGcm gcm = new AesGcm(new byte[32], 16);
        byte[] iv = new byte[12];
        byte[] packet = new byte[12 + 400 + 16];
        for (int i = 0; i < 20_000; i++) { // warm up
            iv[11] = (byte) i;
            gcm.seal(iv, packet, 0, 12, packet, 12, 400, packet, 12);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 20_000; i++) {
            iv[10] = (byte) i;
            gcm.seal(iv, packet, 0, 12, packet, 12, 400, packet, 12);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // the JDK's GCM allocated about 1 KB per packet here (20 MB for these 20 000)
        assertThat(allocated).as("bytes allocated for 20 000 packets").isLessThan(16 * 1024);
    }
}
