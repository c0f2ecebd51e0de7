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

/** The allocation-free AES-GCM gives the JDK's GCM result for every length, and allocates nothing per packet. */
class GcmSealerTest {

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

        int sealed = new GcmSealer(key).seal(iv, data, 0, aad.length, plain.length);

        assertThat(sealed).isEqualTo(plain.length + 16);
        assertThat(HEX.formatHex(Arrays.copyOfRange(data, aad.length, aad.length + plain.length))).isEqualTo(
                "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662");
        assertThat(HEX.formatHex(Arrays.copyOfRange(data, aad.length + plain.length, data.length)))
                .isEqualTo("76fc6ece0f4e1768cddf8853bb2d551b");
    }

    @Test
    void agreesWithTheJdkForEveryPayloadAndHeaderLength() throws Exception {
        Random random = new Random(20261126);
        for (int round = 0; round < 400; round++) {
            byte[] key = new byte[32];
            byte[] nonce = new byte[12];
            random.nextBytes(key);
            random.nextBytes(nonce);
            int aadLength = random.nextInt(48);
            int plainLength = round < 100 ? round : random.nextInt(3000);
            byte[] data = new byte[aadLength + plainLength + 16];
            random.nextBytes(data);
            byte[] original = data.clone();

            new GcmSealer(key).seal(nonce, data, 0, aadLength, plainLength);

            Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
            jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            jdk.updateAAD(original, 0, aadLength);
            byte[] expected = jdk.doFinal(original, aadLength, plainLength);
            assertThat(Arrays.copyOfRange(data, aadLength, data.length))
                    .as("aad %d, text %d", aadLength, plainLength).isEqualTo(expected);
        }
    }

    @Test
    void sealingPacketsAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        GcmSealer sealer = new GcmSealer(new byte[32]);
        byte[] nonce = new byte[12];
        byte[] packet = new byte[12 + 400 + 16];
        for (int i = 0; i < 20_000; i++) { // warm up, and let the scratch buffers settle
            nonce[11] = (byte) i;
            sealer.seal(nonce, packet, 0, 12, 400);
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 20_000; i++) {
            nonce[10] = (byte) i;
            sealer.seal(nonce, packet, 0, 12, 400);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        // the JDK's GCM allocated about 1 KB per packet here (20 MB for these 20 000)
        assertThat(allocated).as("bytes allocated for 20 000 packets").isLessThan(16 * 1024);
    }
}
