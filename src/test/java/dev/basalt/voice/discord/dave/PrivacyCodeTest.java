package dev.basalt.voice.discord.dave;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.basalt.voice.discord.dave.DaveVectors.HEX;
import static dev.basalt.voice.discord.dave.DaveVectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** libdave's displayable-code, key-fingerprint and pairwise-fingerprint known answers (libdave-kat.json). */
class PrivacyCodeTest {

    private static final JsonNode KAT = DaveVectors.load("libdave-kat.json");

    @Test
    void displayableCodesMatchLibdave() {
        int checked = 0;
        for (JsonNode entry : KAT.get("displayable_code")) {
            assertThat(PrivacyCode.displayable(hex(entry.get("data")), entry.get("length").asInt(),
                    entry.get("group_size").asInt())).isEqualTo(entry.get("code").asString());
            checked++;
        }
        assertThat(checked).isEqualTo(2);
    }

    @Test
    void voicePrivacyCodeIsThirtyDigitsOfTheEpochAuthenticator() {
        byte[] authenticator = new byte[32];
        System.arraycopy(HEX.parseHex("aabbccddeebbccddeeffccddeeffaaddeeffaabbeeffaabbccffaabbccdd"), 0,
                authenticator, 0, 30);
        assertThat(PrivacyCode.voicePrivacyCode(authenticator)).isEqualTo("058708105556138052119572494877");
    }

    @Test
    void displayableRefusesShortInputAndBadGroups() {
        assertThatThrownBy(() -> PrivacyCode.displayable(new byte[4], 5, 5))
                .hasMessage("a 5-digit code needs 5 input bytes, got 4");
        assertThatThrownBy(() -> PrivacyCode.displayable(new byte[32], 30, 8))
                .hasMessage("code length 30 is not a multiple of group size 8 (1..7)");
    }

    @Test
    void keyFingerprintsMatchLibdave() {
        for (JsonNode entry : KAT.get("key_fingerprint_v0")) {
            byte[] fingerprint = PrivacyCode.keyFingerprint(hex(entry.get("key")),
                    Long.parseUnsignedLong(entry.get("user_id").asString()));
            assertThat(HEX.formatHex(fingerprint)).isEqualTo(entry.get("fingerprint").asString());
        }
    }

    @Test
    void pairwiseFingerprintsMatchLibdaveInEitherOrder() {
        for (JsonNode entry : KAT.get("pairwise_fingerprint_v0")) {
            byte[] keyA = hex(entry.get("key_a"));
            byte[] keyB = hex(entry.get("key_b"));
            long userA = Long.parseUnsignedLong(entry.get("user_a").asString());
            long userB = Long.parseUnsignedLong(entry.get("user_b").asString());
            String expected = entry.get("fingerprint").asString();
            assertThat(HEX.formatHex(PrivacyCode.pairwiseFingerprint(keyA, userA, keyB, userB))).isEqualTo(expected);
            assertThat(HEX.formatHex(PrivacyCode.pairwiseFingerprint(keyB, userB, keyA, userA))).isEqualTo(expected);
            assertThat(PrivacyCode.pairwiseCode(keyA, userA, keyB, userB))
                    .isEqualTo(PrivacyCode.displayable(HEX.parseHex(expected), 45, 5)).hasSize(45);
        }
    }
}
