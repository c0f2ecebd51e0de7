package dev.basalt.voice.discord.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.basalt.voice.discord.crypto.EncryptionMode.AEAD_AES256_GCM_RTPSIZE;
import static dev.basalt.voice.discord.crypto.EncryptionMode.AEAD_XCHACHA20_POLY1305_RTPSIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Known answers from the project's transport vectors (src/test/resources/vectors/transport), round trips, rejection. */
class TransportCipherTest {

    private static final HexFormat HEX = HexFormat.of();
    private static JsonNode vectors;

    @BeforeAll
    static void loadVectors() throws IOException {
        try (InputStream in = TransportCipherTest.class.getResourceAsStream("/vectors/transport/transport-vectors.json")) {
            assertThat(in).as("transport-vectors.json on the test classpath").isNotNull();
            vectors = JsonMapper.builder().build().readTree(in);
        }
    }

    private static byte[] vector(String name) {
        return HEX.parseHex(vectors.get(name).asString());
    }

    private static byte[] key() {
        return vector("secret_key");
    }

    /** header ‖ payload with room for the tag and nonce. */
    private static byte[] unsealed(byte[] header, byte[] payload) {
        byte[] packet = new byte[header.length + payload.length + TransportCipher.OVERHEAD];
        System.arraycopy(header, 0, packet, 0, header.length);
        System.arraycopy(payload, 0, packet, header.length, payload.length);
        return packet;
    }

    @Test
    void theFirstSealOfAFreshCipherUsesNonceCounterOneLikeTheVectors() {
        assertThat(vector("nonce_suffix")).containsExactly(0, 0, 0, 1);
        assertThat(((RtpSizeCipher) TransportCipher.create(AEAD_AES256_GCM_RTPSIZE, key())).nextNonce()).isEqualTo(1);
    }

    @Test
    void aesGcmPacketMatchesTheVectorByteForByte() {
        assertSealsTo(AEAD_AES256_GCM_RTPSIZE, "aead_aes256_gcm_rtpsize_packet");
    }

    @Test
    void xchachaPacketMatchesTheVectorByteForByte() {
        assertSealsTo(AEAD_XCHACHA20_POLY1305_RTPSIZE, "aead_xchacha20_poly1305_rtpsize_packet");
    }

    private static void assertSealsTo(EncryptionMode mode, String expectedName) {
        byte[] header = vector("rtp_header");
        byte[] payload = vector("payload");
        byte[] packet = unsealed(header, payload);
        TransportCipher cipher = TransportCipher.create(mode, key());

        int length = cipher.seal(packet, header.length, payload.length);

        assertThat(HEX.formatHex(packet, 0, length)).isEqualTo(vectors.get(expectedName).asString());
        assertThat(length).isEqualTo(header.length + payload.length + 20);
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void vectorPacketsOpenToThePayload(EncryptionMode mode) {
        byte[] packet = vector(mode == AEAD_AES256_GCM_RTPSIZE
                ? "aead_aes256_gcm_rtpsize_packet" : "aead_xchacha20_poly1305_rtpsize_packet");
        byte[] out = new byte[64];

        int length = TransportCipher.create(mode, key()).open(packet, packet.length, out);

        assertThat(Arrays.copyOf(out, length)).isEqualTo(vector("payload"));
    }

    @Test
    void extensionExampleAuthenticatesThePreambleAndStripsTheBody() {
        byte[] packet = vector("extension_example_aes_packet");
        byte[] aad = vector("extension_example_header_aad");
        assertThat(Arrays.copyOf(packet, aad.length)).as("12-byte header + 4-byte extension preamble in clear")
                .isEqualTo(aad);
        byte[] out = new byte[64];

        int length = TransportCipher.create(AEAD_AES256_GCM_RTPSIZE, key()).open(packet, packet.length, out);

        assertThat(HEX.formatHex(out, 0, length)).isEqualTo("f8fffe");

        // sealing the same plaintext with the same 16-byte AAD reproduces the received packet
        byte[] plaintext = vector("extension_example_plaintext");
        byte[] resealed = unsealed(aad, plaintext);
        int sealed = TransportCipher.create(AEAD_AES256_GCM_RTPSIZE, key()).seal(resealed, aad.length,
                plaintext.length);
        assertThat(Arrays.copyOf(resealed, sealed)).isEqualTo(packet);
    }

    @Test
    void extensionPreambleIsPartOfTheAad() {
        byte[] packet = vector("extension_example_aes_packet");
        packet[14] ^= 0x01; // flip a bit of the clear extension length: authenticated, so the tag must fail
        assertThatThrownBy(() -> TransportCipher.create(AEAD_AES256_GCM_RTPSIZE, key())
                .open(packet, packet.length, new byte[64]))
                .isInstanceOf(TransportDecryptionException.class);
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void roundTripsAcrossPayloadSizesWithIncrementingBigEndianNonces(EncryptionMode mode) {
        Random random = new Random(42);
        TransportCipher sender = TransportCipher.create(mode, key());
        TransportCipher receiver = TransportCipher.create(mode, key());
        byte[] header = vector("rtp_header");
        byte[] out = new byte[1500];
        int counter = 1;
        for (int size : new int[]{0, 1, 3, 16, 63, 64, 65, 160, 1275}) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            byte[] packet = unsealed(header, payload);

            int length = sender.seal(packet, header.length, size);

            assertThat(length).isEqualTo(12 + size + 20);
            assertThat(Arrays.copyOf(packet, 12)).as("header stays in clear").isEqualTo(header);
            assertThat(Arrays.copyOfRange(packet, length - 4, length))
                    .isEqualTo(new byte[]{0, 0, 0, (byte) counter++});
            int opened = receiver.open(packet, length, out);
            assertThat(Arrays.copyOf(out, opened)).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void receivedHeadersWithCsrcsExtensionAndPaddingOpen(EncryptionMode mode) {
        // V=2, P=1, X=1, CC=2: 12 + 8 bytes of CSRCs + the extension preamble in the AAD
        byte[] header = HEX.parseHex("b278" + "0102" + "000003c0" + "deadbeef" + "00000001" + "00000002" + "bede0002");
        byte[] extensionBody = HEX.parseHex("10ff2200" + "00000000");
        byte[] opus = HEX.parseHex("fc01020304");
        byte[] padding = HEX.parseHex("000003");
        byte[] plaintext = concat(extensionBody, opus, padding);
        byte[] packet = unsealed(header, plaintext);

        int length = TransportCipher.create(mode, key()).seal(packet, header.length, plaintext.length);
        byte[] out = new byte[64];
        int opened = TransportCipher.create(mode, key()).open(packet, length, out);

        assertThat(Arrays.copyOf(out, opened)).isEqualTo(opus);
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void aWrongKeyIsRejected(EncryptionMode mode) {
        byte[] packet = sealedSilence(mode);
        byte[] otherKey = key();
        otherKey[31] ^= 1;

        assertThatThrownBy(() -> TransportCipher.create(mode, otherKey).open(packet, packet.length, new byte[64]))
                .isInstanceOf(TransportDecryptionException.class)
                .hasMessageContaining("tag mismatch");
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void everyTamperedByteIsRejected(EncryptionMode mode) {
        byte[] original = sealedSilence(mode);
        TransportCipher receiver = TransportCipher.create(mode, key());
        for (int i = 1; i < original.length; i++) { // byte 0 would change the header layout; covered below
            byte[] packet = original.clone();
            packet[i] ^= 0x40;
            int index = i;
            assertThatThrownBy(() -> receiver.open(packet, packet.length, new byte[64]))
                    .as("byte %d altered", index)
                    .isInstanceOf(TransportDecryptionException.class);
        }
    }

    @Test
    void malformedPacketsAreRejected() {
        TransportCipher cipher = TransportCipher.create(AEAD_AES256_GCM_RTPSIZE, key());
        byte[] out = new byte[64];
        assertThatThrownBy(() -> cipher.open(new byte[12], 12, out)).isInstanceOf(TransportDecryptionException.class);
        byte[] version1 = sealedSilence(AEAD_AES256_GCM_RTPSIZE);
        version1[0] = 0x40;
        assertThatThrownBy(() -> cipher.open(version1, version1.length, out))
                .isInstanceOf(TransportDecryptionException.class).hasMessageContaining("version");
        byte[] shortened = Arrays.copyOf(sealedSilence(AEAD_AES256_GCM_RTPSIZE), 12 + 16 + 3);
        assertThatThrownBy(() -> cipher.open(shortened, shortened.length, out))
                .isInstanceOf(TransportDecryptionException.class).hasMessageContaining("too short");
    }

    @ParameterizedTest
    @EnumSource(EncryptionMode.class)
    void theNonceCounterWrapsFromAllOnesToZero(EncryptionMode mode) {
        RtpSizeCipher sender = (RtpSizeCipher) TransportCipher.create(mode, key());
        TransportCipher receiver = TransportCipher.create(mode, key());
        sender.nextNonce(0xFFFFFFFF);
        byte[] header = vector("rtp_header");
        byte[] payload = vector("payload");

        byte[] last = unsealed(header, payload);
        int lastLength = sender.seal(last, 12, payload.length);
        byte[] wrapped = unsealed(header, payload);
        int wrappedLength = sender.seal(wrapped, 12, payload.length);

        assertThat(HEX.formatHex(last, lastLength - 4, lastLength)).isEqualTo("ffffffff");
        assertThat(HEX.formatHex(wrapped, wrappedLength - 4, wrappedLength)).isEqualTo("00000000");
        assertThat(sender.nextNonce()).isEqualTo(1);
        byte[] out = new byte[64];
        assertThat(Arrays.copyOf(out, receiver.open(last, lastLength, out))).isEqualTo(payload);
        assertThat(Arrays.copyOf(out, receiver.open(wrapped, wrappedLength, out))).isEqualTo(payload);
        assertThat(last).as("different nonce, different ciphertext").isNotEqualTo(wrapped);
    }

    @Test
    void sealRefusesAPacketWithoutRoomForTagAndNonce() {
        TransportCipher cipher = TransportCipher.create(AEAD_AES256_GCM_RTPSIZE, key());
        assertThatThrownBy(() -> cipher.seal(new byte[12 + 3 + 19], 12, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysMustBe32Bytes() {
        assertThatThrownBy(() -> TransportCipher.create(AEAD_AES256_GCM_RTPSIZE, new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }

    /** draft-irtf-cfrg-xchacha-03, section 2.2.1. */
    @Test
    void hchacha20MatchesTheDraftTestVector() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        byte[] nonce = HEX.parseHex("000000090000004a0000000031415927");

        assertThat(HEX.formatHex(HChaCha20.subkey(key, nonce)))
                .isEqualTo("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
    }

    @Test
    void modeSelectionPrefersAesGcmAndIgnoresDiscontinuedModes() {
        assertThat(EncryptionMode.select(List.of("aead_xchacha20_poly1305_rtpsize", "aead_aes256_gcm_rtpsize",
                "xsalsa20_poly1305"))).contains(AEAD_AES256_GCM_RTPSIZE);
        assertThat(EncryptionMode.select(List.of("xsalsa20_poly1305_lite_rtpsize", "aead_xchacha20_poly1305_rtpsize")))
                .contains(AEAD_XCHACHA20_POLY1305_RTPSIZE);
        assertThat(EncryptionMode.select(List.of("aead_aes256_gcm", "xsalsa20_poly1305"))).isEmpty();
        assertThat(EncryptionMode.select(null)).isEmpty();
        assertThat(EncryptionMode.byWireName("aead_aes256_gcm_rtpsize")).contains(AEAD_AES256_GCM_RTPSIZE);
        assertThat(EncryptionMode.byWireName("aead_xchacha20_poly1305_rtpsize"))
                .contains(AEAD_XCHACHA20_POLY1305_RTPSIZE);
        assertThat(EncryptionMode.byWireName("aead_aes256_gcm")).isEqualTo(Optional.empty());
        assertThat(AEAD_AES256_GCM_RTPSIZE.wireName()).isEqualTo("aead_aes256_gcm_rtpsize");
    }

    private static byte[] sealedSilence(EncryptionMode mode) {
        byte[] packet = unsealed(vector("rtp_header"), vector("payload"));
        int length = TransportCipher.create(mode, key()).seal(packet, 12, 3);
        return Arrays.copyOf(packet, length);
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
