package dev.basalt.voice.discord.dave;

import dev.basalt.voice.discord.crypto.AesGcm;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.basalt.voice.discord.dave.DaveVectors.HEX;
import static dev.basalt.voice.discord.dave.DaveVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Known answers: the probe's ratchet keys and frames, and frames an independent implementation (davey) made. */
class DaveFrameVectorsTest {

    private static final JsonNode FRAMES = DaveVectors.load("dave-frame-vectors.json");
    private static final JsonNode DAVEY = DaveVectors.load("dave-davey-frames.json");

    @Test
    void ratchetDerivesTheKeyOfEveryVectorGeneration() {
        SenderKeyRatchet ratchet = new SenderKeyRatchet(hex(FRAMES.get("sender_base_secret")));
        int checked = 0;
        for (JsonNode entry : FRAMES.get("ratchet_keys")) {
            int generation = entry.get("generation").asInt();
            assertThat(HEX.formatHex(ratchet.keyForGeneration(generation))).as("key of generation %d", generation)
                    .isEqualTo(entry.get("key").asString());
            checked++;
        }
        assertThat(checked).isEqualTo(6);
        // going back after going forward restarts from the base secret and gives the same key
        assertThat(HEX.formatHex(new SenderKeyRatchet(hex(FRAMES.get("sender_base_secret"))).keyForGeneration(1)))
                .isEqualTo(HEX.formatHex(ratchet.keyForGeneration(1)));
    }

    @Test
    void encryptorReproducesEveryVectorFrameAtItsNonce() {
        byte[] plain = hex(FRAMES.get("plaintext_opus"));
        SenderKeyRatchet ratchet = new SenderKeyRatchet(hex(FRAMES.get("sender_base_secret")));
        for (JsonNode entry : FRAMES.get("frames")) {
            long nonce = entry.get("truncated_nonce").asLong();
            DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
            encryptor.setRatchet(ratchet);
            encryptor.skipTo(nonce - 1);
            byte[] out = new byte[plain.length + DaveFrameEncryptor.maxOverhead()];
            int length = encryptor.encrypt(plain, 0, plain.length, out);
            assertThat(HEX.formatHex(out, 0, length)).as("frame at nonce %d", nonce)
                    .isEqualTo(entry.get("frame").asString());
        }
    }

    @Test
    void decryptorOpensTheVectorFramesInOrderAndRefusesAGenerationJumpOfMoreThan250() {
        byte[] plain = hex(FRAMES.get("plaintext_opus"));
        DaveFrameDecryptor decryptor =
                new DaveFrameDecryptor(new SenderKeyRatchet(hex(FRAMES.get("sender_base_secret"))));
        int opened = 0;
        for (JsonNode entry : FRAMES.get("frames")) {
            byte[] frame = hex(entry.get("frame"));
            if (entry.get("generation").asInt() == 255) {
                // from generation 1, 255 is a jump libdave's receivers refuse; the frame itself is still checked below
                assertThatThrownBy(() -> decryptor.decrypt(frame, 0, frame.length))
                        .isInstanceOf(DaveFrameException.class)
                        .hasMessage("DAVE frame of generation 255 is more than 250 generations ahead of the newest "
                                + "seen (1)");
                ProtocolFrame layout = ProtocolFrame.parse(frame, 0, frame.length);
                assertThat(Integer.toUnsignedLong(layout.truncatedNonce())).isEqualTo(0xFFFF_FFFFL);
                byte[] recovered = new byte[layout.mediaLength()];
                AesGcm cipher = ProtocolFrame.cipher(
                        new SenderKeyRatchet(hex(FRAMES.get("sender_base_secret"))).keyForGeneration(255));
                assertThat(cipher.open(ProtocolFrame.iv(layout.truncatedNonce(), new byte[12]), frame, 0, 0, frame, 0, layout.mediaLength(), frame,
                        layout.tagOffset(), recovered, 0)).isTrue();
                assertThat(recovered).isEqualTo(plain);
                continue;
            }
            assertThat(decryptor.decrypt(frame, 0, frame.length)).as("nonce %s", entry.get("truncated_nonce"))
                    .isEqualTo(plain);
            opened++;
        }
        assertThat(opened).isEqualTo(8);
    }

    @Test
    void silenceVectorPassesThroughBothWays() {
        byte[] silence = hex(FRAMES.get("silence_frame_passthrough"));
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(new SenderKeyRatchet(hex(FRAMES.get("sender_base_secret"))));
        byte[] out = new byte[16];
        assertThat(encryptor.encrypt(silence, 0, silence.length, out)).isEqualTo(3);
        assertThat(HEX.formatHex(out, 0, 3)).isEqualTo("f8fffe");
        assertThat(new DaveFrameDecryptor(new SenderKeyRatchet(new byte[16])).decrypt(silence, 0, 3))
                .isEqualTo(silence);
    }

    @Test
    void encryptorReproducesDaveysFramesByteForByte() {
        byte[] plain = hex(DAVEY.get("plaintext_opus"));
        DaveFrameEncryptor encryptor = new DaveFrameEncryptor();
        encryptor.setRatchet(new SenderKeyRatchet(hex(DAVEY.get("sender_base_secret"))));
        JsonNode nonces = DAVEY.get("truncated_nonces");
        JsonNode frames = DAVEY.get("davey_frames");
        assertThat(frames.size()).isEqualTo(5);
        for (int i = 0; i < frames.size(); i++) {
            encryptor.skipTo(nonces.get(i).asLong() - 1);
            byte[] out = new byte[plain.length + DaveFrameEncryptor.maxOverhead()];
            int length = encryptor.encrypt(plain, 0, plain.length, out);
            assertThat(HEX.formatHex(out, 0, length)).as("davey frame %d", i)
                    .isEqualTo(frames.get(i).asString());
        }
    }

    @Test
    void decryptorRecoversDaveysFrames() {
        byte[] plain = hex(DAVEY.get("plaintext_opus"));
        DaveFrameDecryptor decryptor =
                new DaveFrameDecryptor(new SenderKeyRatchet(hex(DAVEY.get("sender_base_secret"))));
        for (JsonNode frame : DAVEY.get("davey_frames")) {
            byte[] bytes = hex(frame);
            assertThat(decryptor.decrypt(bytes, 0, bytes.length)).isEqualTo(plain);
        }
    }
}
