package dev.basalt.voice.discord.dave;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.basalt.voice.discord.crypto.AesGcm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Properties of the encryptor and decryptor together: round trips, generation changes, rejection, passthrough. */
class DaveFrameRoundTripTest {

    private static final byte[] SILENCE = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};
    private final Random random = new Random(42);

    private byte[] randomSecret() {
        byte[] secret = new byte[16];
        random.nextBytes(secret);
        return secret;
    }

    private SenderKeyRatchet randomRatchet() {
        return new SenderKeyRatchet(randomSecret());
    }

    private byte[] randomOpus(int maxLength) {
        byte[] frame = new byte[1 + random.nextInt(maxLength)];
        random.nextBytes(frame);
        if (DaveFrameEncryptor.isSilence(frame, 0, frame.length)) {
            frame[0] = 0;
        }
        return frame;
    }

    private static byte[] encrypt(DaveFrameEncryptor encryptor, byte[] opus) {
        byte[] out = new byte[opus.length + DaveFrameEncryptor.maxOverhead()];
        int length = encryptor.encrypt(opus, 0, opus.length, out);
        return Arrays.copyOf(out, length);
    }

    private static long nonceOf(byte[] frame) {
        return Integer.toUnsignedLong(ProtocolFrame.parse(frame, 0, frame.length).truncatedNonce());
    }

    @Test
    void framesOfEverySizeRoundTripAndNoncesCountFromOne() {
        SenderKeyRatchet ratchet = randomRatchet();
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(ratchet);
        DaveFrameDecryptor decryptor = new DaveFrameDecryptor(ratchet);
        for (int i = 1; i <= 3000; i++) {
            byte[] opus = randomOpus(1275);
            byte[] frame = encrypt(encryptor, opus);
            assertThat(frame.length - opus.length).isEqualTo(8 + Leb128.length(i) + 3);
            assertThat(nonceOf(frame)).isEqualTo(i);
            assertThat(Arrays.copyOfRange(frame, 0, opus.length)).isNotEqualTo(opus);
            assertThat(decryptor.decrypt(frame, 0, frame.length)).isEqualTo(opus);
        }
    }

    @Test
    void roundTripAcrossGenerationsAndThe32BitNonceWrap() {
        SenderKeyRatchet ratchet = randomRatchet();
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(ratchet);
        DaveFrameDecryptor decryptor = new DaveFrameDecryptor(ratchet);
        // generation 0, 0→1, 1→2, then 200, then 255 wrapping into 256 (wire nonce restarts at 0)
        long[] starts = {0, (1L << 24) - 5, (2L << 24) - 5, 200L << 24, (1L << 32) - 5};
        List<Long> wireNonces = new ArrayList<>();
        for (long start : starts) {
            encryptor.skipTo(start);
            for (int i = 0; i < 10; i++) {
                byte[] opus = randomOpus(300);
                byte[] frame = encrypt(encryptor, opus);
                wireNonces.add(nonceOf(frame));
                assertThat(decryptor.decrypt(frame, 0, frame.length)).isEqualTo(opus);
            }
        }
        assertThat(wireNonces.subList(40, 50)).containsExactly(0xFFFF_FFFCL, 0xFFFF_FFFDL, 0xFFFF_FFFEL,
                0xFFFF_FFFFL, 0L, 1L, 2L, 3L, 4L, 5L);
        // after the wrap the key is generation 256's, not generation 0's
        encryptor.skipTo((1L << 32) + 99);
        byte[] opus = randomOpus(100);
        byte[] frame = encrypt(encryptor, opus);
        ProtocolFrame layout = ProtocolFrame.parse(frame, 0, frame.length);
        byte[] plain = new byte[layout.mediaLength()];
        assertThat(ProtocolFrame.cipher(ratchet.keyForGeneration(256)).open(ProtocolFrame.iv(layout.truncatedNonce(), new byte[12]), frame, 0, 0, frame,
                0, layout.mediaLength(), frame, layout.tagOffset(), plain, 0)).isTrue();
        assertThat(plain).isEqualTo(opus);
        assertThat(ProtocolFrame.cipher(ratchet.keyForGeneration(0)).open(ProtocolFrame.iv(layout.truncatedNonce(), new byte[12]), frame, 0, 0, frame,
                0, layout.mediaLength(), frame, layout.tagOffset(), plain, 0)).isFalse();
    }

    @Test
    void tamperedFramesAreRejectedWithTheReason() {
        SenderKeyRatchet ratchet = randomRatchet();
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(ratchet);
        byte[] opus = randomOpus(200);
        byte[] frame = encrypt(encryptor, opus);

        byte[] flippedMedia = frame.clone();
        flippedMedia[0] ^= 1;
        assertThatThrownBy(() -> new DaveFrameDecryptor(ratchet).decrypt(flippedMedia, 0, flippedMedia.length))
                .isInstanceOf(DaveFrameException.class)
                .hasMessage("DAVE frame with nonce 1 failed authentication (wrong key or altered bytes)");
        byte[] flippedTag = frame.clone();
        flippedTag[opus.length + 7] ^= (byte) 0x80;
        assertThatThrownBy(() -> new DaveFrameDecryptor(ratchet).decrypt(flippedTag, 0, flippedTag.length))
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> new DaveFrameDecryptor(randomRatchet()).decrypt(frame, 0, frame.length))
                .hasMessageContaining("failed authentication");
        byte[] noMarker = frame.clone();
        noMarker[noMarker.length - 1] = 0;
        assertThatThrownBy(() -> new DaveFrameDecryptor(ratchet).decrypt(noMarker, 0, noMarker.length))
                .hasMessage("not a DAVE protocol frame: no FA FA marker at the end");
        byte[] badSize = frame.clone();
        badSize[badSize.length - 3] = 10;
        assertThatThrownBy(() -> new DaveFrameDecryptor(ratchet).decrypt(badSize, 0, badSize.length))
                .hasMessage("not a DAVE protocol frame: supplemental size 10 outside 11.." + frame.length);
        assertThatThrownBy(() -> new DaveFrameDecryptor(ratchet).decrypt(opus, 0, Math.min(opus.length, 10)))
                .isInstanceOf(DaveFrameException.class);

        // the untouched frame still opens, once
        DaveFrameDecryptor decryptor = new DaveFrameDecryptor(ratchet);
        assertThat(decryptor.decrypt(frame, 0, frame.length)).isEqualTo(opus);
        assertThatThrownBy(() -> decryptor.decrypt(frame, 0, frame.length))
                .hasMessage("DAVE frame nonce 1 was already used or is too old (newest 1)");
    }

    @Test
    void decryptorAcceptsReorderedFramesInsideTheWindowOnlyOnce() {
        SenderKeyRatchet ratchet = randomRatchet();
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(ratchet);
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            frames.add(encrypt(encryptor, randomOpus(50)));
        }
        DaveFrameDecryptor decryptor = new DaveFrameDecryptor(ratchet);
        decryptor.decrypt(frames.get(500), 0, frames.get(500).length);
        decryptor.decrypt(frames.get(100), 0, frames.get(100).length); // late but inside the window
        decryptor.decrypt(frames.get(1099), 0, frames.get(1099).length);
        byte[] tooOld = frames.get(50);
        assertThatThrownBy(() -> decryptor.decrypt(tooOld, 0, tooOld.length))
                .hasMessageContaining("already used or is too old");
        byte[] replay = frames.get(500);
        assertThatThrownBy(() -> decryptor.decrypt(replay, 0, replay.length))
                .hasMessageContaining("already used or is too old");
        byte[] late = frames.get(1000);
        assertThat(decryptor.decrypt(late, 0, late.length)).hasSizeGreaterThan(0);
    }

    @Test
    void silencePassesThroughUnencryptedAndUsesNoNonce() {
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(randomRatchet());
        assertThat(encrypt(encryptor, SILENCE)).isEqualTo(SILENCE);
        byte[] notSilence = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE, 0};
        byte[] frame = encrypt(encryptor, notSilence);
        assertThat(frame).hasSize(4 + 12);
        assertThat(nonceOf(frame)).isEqualTo(1);
        assertThat(encrypt(encryptor, SILENCE)).isEqualTo(SILENCE);
    }

    @Test
    void withoutARatchetFramesPassThroughAndTheSameSecretContinuesItsNonces() {
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        byte[] opus = randomOpus(100);
        assertThat(encryptor.isActive()).isFalse();
        assertThat(encrypt(encryptor, opus)).isEqualTo(opus);

        byte[] firstSecret = randomSecret();
        encryptor.setRatchet(new SenderKeyRatchet(firstSecret));
        assertThat(encryptor.isActive()).isTrue();
        assertThat(nonceOf(encrypt(encryptor, opus))).isEqualTo(1);
        assertThat(nonceOf(encrypt(encryptor, opus))).isEqualTo(2);

        encryptor.setRatchet(null);
        assertThat(encryptor.isActive()).isFalse();
        assertThat(encrypt(encryptor, opus)).isEqualTo(opus);

        // the same secret again (even as another instance) must not reuse nonce 1 with the same key
        encryptor.setRatchet(new SenderKeyRatchet(firstSecret));
        assertThat(nonceOf(encrypt(encryptor, opus))).isEqualTo(3);
        // a new epoch's secret starts again at 1
        encryptor.setRatchet(randomRatchet());
        assertThat(nonceOf(encrypt(encryptor, opus))).isEqualTo(1);
    }

    @Test
    void encryptsInPlaceBehindAnRtpHeader() {
        SenderKeyRatchet ratchet = randomRatchet();
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(ratchet);
        byte[] opus = randomOpus(400);
        byte[] packet = new byte[12 + opus.length + DaveFrameEncryptor.maxOverhead()];
        System.arraycopy(opus, 0, packet, 12, opus.length);
        int length = encryptor.encrypt(packet, 12, opus.length, packet, 12);
        assertThat(new DaveFrameDecryptor(ratchet).decrypt(packet, 12, length)).isEqualTo(opus);
    }

    @Test
    void aRatchetSwappedFromAnotherThreadTakesEffectBetweenFrames() throws Exception {
        SenderKeyRatchet first = randomRatchet();
        SenderKeyRatchet second = randomRatchet();
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(first);
        CountDownLatch running = new CountDownLatch(200);
        Thread gateway = new Thread(() -> {
            try {
                running.await();
                encryptor.setRatchet(second);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        gateway.start();
        DaveFrameDecryptor firstDecryptor = new DaveFrameDecryptor(first);
        DaveFrameDecryptor secondDecryptor = new DaveFrameDecryptor(second);
        byte[] opus = randomOpus(120);
        int firstCount = 0;
        int secondCount = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (secondCount < 100 && System.nanoTime() < deadline) {
            byte[] frame = encrypt(encryptor, opus);
            running.countDown();
            if (secondCount == 0) {
                try {
                    assertThat(firstDecryptor.decrypt(frame, 0, frame.length)).isEqualTo(opus);
                    firstCount++;
                    continue;
                } catch (DaveFrameException notFirst) {
                    // the swap happened: from here on only the second ratchet may be used, nonces from 1
                }
            }
            secondCount++;
            assertThat(nonceOf(frame)).isEqualTo(secondCount);
            assertThat(secondDecryptor.decrypt(frame, 0, frame.length)).isEqualTo(opus);
        }
        gateway.join(5000);
        assertThat(firstCount).isGreaterThanOrEqualTo(200);
        assertThat(secondCount).isEqualTo(100);
    }
}
