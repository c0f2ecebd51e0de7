package dev.basalt.voice.discord.fake;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fake server's own transport decryptor against the shared vectors (spec 4, vectors/transport). */
class TransportCryptoTest {

    private static final HexFormat HEX = HexFormat.of();
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = TransportCryptoTest.class.getResourceAsStream("/vectors/transport/transport-vectors.json")) {
            assertThat(in).as("vectors/transport/transport-vectors.json on the test classpath").isNotNull();
            vectors = JsonMapper.builder().build().readTree(in);
        }
    }

    private static byte[] bytes(String field) {
        return HEX.parseHex(vectors.get(field).asString());
    }

    @Test
    void opensTheAesGcmVector() throws GeneralSecurityException {
        TransportCrypto.OpenedPacket packet = TransportCrypto.open(TransportCrypto.AES_GCM, bytes("secret_key"),
                bytes("aead_aes256_gcm_rtpsize_packet"));
        assertThat(packet.payload()).isEqualTo(bytes("payload"));
        assertThat(packet.version()).isEqualTo(2);
        assertThat(packet.payloadType()).isEqualTo(0x78);
        assertThat(packet.sequence()).isEqualTo(0x0102);
        assertThat(packet.timestamp()).isEqualTo(960);
        assertThat(packet.ssrc()).isEqualTo(0xDEADBEEFL);
        assertThat(packet.nonceSuffix()).isEqualTo(bytes("nonce_suffix"));
    }

    @Test
    void opensTheXChaChaVector() throws GeneralSecurityException {
        TransportCrypto.OpenedPacket packet = TransportCrypto.open(TransportCrypto.XCHACHA, bytes("secret_key"),
                bytes("aead_xchacha20_poly1305_rtpsize_packet"));
        assertThat(packet.payload()).isEqualTo(bytes("payload"));
        assertThat(packet.ssrc()).isEqualTo(0xDEADBEEFL);
    }

    @Test
    void sealingReproducesBothVectorsByteForByte() throws GeneralSecurityException {
        for (String[] mode : new String[][]{{TransportCrypto.AES_GCM, "aead_aes256_gcm_rtpsize_packet"},
                {TransportCrypto.XCHACHA, "aead_xchacha20_poly1305_rtpsize_packet"}}) {
            byte[] sealed = TransportCrypto.seal(mode[0], bytes("secret_key"), bytes("rtp_header"), bytes("payload"),
                    bytes("nonce_suffix"));
            assertThat(HEX.formatHex(sealed)).as(mode[0]).isEqualTo(vectors.get(mode[1]).asString());
        }
    }

    @Test
    void stripsTheEncryptedExtensionBodyOfTheExtensionExample() throws GeneralSecurityException {
        byte[] packet = bytes("extension_example_aes_packet");
        TransportCrypto.OpenedPacket opened = TransportCrypto.open(TransportCrypto.AES_GCM, bytes("secret_key"), packet);
        assertThat(opened.extension()).isTrue();
        assertThat(opened.payload()).isEqualTo(bytes("payload"));
        // and the layout is what the vector says: 16 clear AAD bytes, the 4-byte body encrypted with the payload
        byte[] resealed = TransportCrypto.seal(TransportCrypto.AES_GCM, bytes("secret_key"),
                bytes("extension_example_header_aad"), bytes("extension_example_plaintext"), bytes("nonce_suffix"));
        assertThat(resealed).isEqualTo(packet);
    }

    @Test
    void rejectsTamperedPacketsAndTheWrongMode() {
        byte[] packet = bytes("aead_aes256_gcm_rtpsize_packet");
        packet[13] ^= 1;
        assertThatThrownBy(() -> TransportCrypto.open(TransportCrypto.AES_GCM, bytes("secret_key"), packet))
                .isInstanceOf(GeneralSecurityException.class);
        byte[] header = bytes("aead_aes256_gcm_rtpsize_packet");
        header[11] ^= 1; // SSRC is authenticated
        assertThatThrownBy(() -> TransportCrypto.open(TransportCrypto.AES_GCM, bytes("secret_key"), header))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> TransportCrypto.open(TransportCrypto.XCHACHA, bytes("secret_key"),
                bytes("aead_aes256_gcm_rtpsize_packet"))).isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> TransportCrypto.open(TransportCrypto.AES_GCM, bytes("secret_key"), new byte[12]))
                .isInstanceOf(TransportCrypto.MalformedPacketException.class);
    }

    @Test
    void honoursCsrcsAndPadding() throws GeneralSecurityException {
        byte[] key = bytes("secret_key");
        // CC = 1 (one CSRC in the clear AAD) and P set: payload, two padding bytes, then the count (3)
        byte[] header = ByteBuffer.allocate(16).put((byte) 0xA1).put((byte) 0x78).putShort((short) 7).putInt(6720)
                .putInt(0x01020304).putInt(0x0A0B0C0D).array();
        byte[] plaintext = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE, 0, 0, 3};
        for (String mode : TransportCrypto.AEAD_MODES) {
            byte[] sealed = TransportCrypto.seal(mode, key, header, plaintext, new byte[]{0, 0, 0, 9});
            TransportCrypto.OpenedPacket opened = TransportCrypto.open(mode, key, sealed);
            assertThat(opened.csrcCount()).isEqualTo(1);
            assertThat(opened.padding()).isTrue();
            assertThat(opened.payload()).as(mode).isEqualTo(FakeDiscordVoiceServer.SILENCE_FRAME);
            assertThat(opened.sequence()).isEqualTo(7);
            assertThat(opened.ssrc()).isEqualTo(0x01020304L);
        }
    }
}
