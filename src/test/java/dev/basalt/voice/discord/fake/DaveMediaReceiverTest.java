package dev.basalt.voice.discord.fake;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake server's own DAVE frame decryption against the project's frame vectors (dave-frame-vectors.json). */
class DaveMediaReceiverTest {

    private static final byte[] BASE = Hex.decode("b9a1879fbb223e9f62f5836c7b1752a3");
    private static final String OPUS = "fc7f2a0b5e3c11223344556677889900aabbccddeeff";

    @ParameterizedTest
    @CsvSource({
            "836af351a1bb83a92385420da0371824e6080a28fa792e0324f65cf432d4010cfafa",
            "b278350180cc5f0d546851e3428b83465282724597d322ddd5d4f62ee34e80010dfafa",
            "ad8538c541a0de99045d1be2bbaa32c9a9007e6b5164d3facaf1bfba083d808080080ffafa",
            "96255f8654815396cbe6bb31e9989b5fcb4eefa38b72cc8d72dc49d757f8ffffffff0f10fafa"})
    void decryptsTheVectorFrames(String frame) {
        assertThat(Hex.toHexString(new DaveMediaReceiver(BASE).decrypt(Hex.decode(frame)))).isEqualTo(OPUS);
    }

    @ParameterizedTest
    @CsvSource({"836af351a1bb83a92385420da0371824e6080a28fa792e0324f65cf432d4010dfafa", "f8fffe"})
    void refusesTamperedAndPlainFrames(String frame) {
        assertThat(new DaveMediaReceiver(BASE).decrypt(Hex.decode(frame))).isNull();
    }
}
