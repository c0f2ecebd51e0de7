package dev.basalt.voice.discord.dave;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.mls.KeyScheduleEpoch;
import org.bouncycastle.mls.TreeSize;
import org.bouncycastle.mls.codec.GroupInfo;
import org.bouncycastle.mls.codec.GroupSecrets;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Welcome;
import org.bouncycastle.mls.crypto.Secret;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bouncycastle.util.encoders.Hex.decode;
import static org.bouncycastle.util.encoders.Hex.toHexString;

/**
 * RFC 9420 interoperability vectors (OpenMLS copies, src/test/resources/mls-rfc9420/) for cipher suite 2, through
 * the same bcmls calls Basalt's DAVE group makes.
 */
class MlsRfc9420VectorsTest {

    private static JsonNode suite2(String file) throws Exception {
        try (InputStream in = MlsRfc9420VectorsTest.class.getResourceAsStream("/mls-rfc9420/" + file)) {
            for (JsonNode entry : JsonMapper.builder().build().readTree(in)) {
                if (entry.path("cipher_suite").asInt() == 2) {
                    return entry;
                }
            }
        }
        throw new AssertionError("no cipher suite 2 in " + file);
    }

    private static byte[] hex(JsonNode node, String field) {
        return decode(node.path(field).asString());
    }

    @Test
    void cryptoBasics() throws Exception {
        JsonNode v = suite2("crypto-basics.json");
        JsonNode ref = v.path("ref_hash");
        assertThat(DaveMls.SUITE.refHash(hex(ref, "value"), ref.path("label").asString()))
                .isEqualTo(hex(ref, "out"));

        JsonNode expand = v.path("expand_with_label");
        assertThat(new Secret(hex(expand, "secret")).expandWithLabel(DaveMls.SUITE, expand.path("label").asString(),
                hex(expand, "context"), expand.path("length").asInt()).value()).isEqualTo(hex(expand, "out"));

        JsonNode derive = v.path("derive_secret");
        assertThat(new Secret(hex(derive, "secret")).deriveSecret(DaveMls.SUITE, derive.path("label").asString())
                .value()).isEqualTo(hex(derive, "out"));

        // the DAVE sender key ratchet is exactly this step (uint32 generation as context)
        JsonNode tree = v.path("derive_tree_secret");
        assertThat(new Secret(hex(tree, "secret")).deriveTreeSecret(DaveMls.SUITE, tree.path("label").asString(),
                (int) tree.path("generation").asLong(), tree.path("length").asInt()).value()).isEqualTo(hex(tree, "out"));

        JsonNode sign = v.path("sign_with_label");
        assertThat(DaveMls.SUITE.verifyWithLabel(hex(sign, "pub"), sign.path("label").asString(), hex(sign, "content"),
                hex(sign, "signature"))).isTrue();
        byte[] ours = DaveMls.SUITE.signWithLabel(hex(sign, "priv"), sign.path("label").asString(),
                hex(sign, "content"));
        assertThat(DaveMls.SUITE.verifyWithLabel(hex(sign, "pub"), sign.path("label").asString(), hex(sign, "content"),
                ours)).isTrue();
        byte[] tampered = hex(sign, "content");
        tampered[0] ^= 1;
        assertThat(DaveMls.SUITE.verifyWithLabel(hex(sign, "pub"), sign.path("label").asString(), tampered,
                hex(sign, "signature"))).isFalse();

        JsonNode hpke = v.path("encrypt_with_label");
        assertThat(DaveMls.SUITE.decryptWithLabel(hex(hpke, "priv"), hpke.path("label").asString(),
                hex(hpke, "context"), hex(hpke, "kem_output"), hex(hpke, "ciphertext")))
                .isEqualTo(hex(hpke, "plaintext"));
    }

    @Test
    void keyScheduleUpToEpochAuthenticatorAndExporter() throws Exception {
        JsonNode v = suite2("key-schedule.json");
        Secret init = new Secret(hex(v, "initial_init_secret"));
        int epochs = 0;
        for (JsonNode e : v.path("epochs")) {
            byte[] context = hex(e, "group_context");
            KeyScheduleEpoch.JoinSecrets join = KeyScheduleEpoch.JoinSecrets.forMember(DaveMls.SUITE, init,
                    new Secret(hex(e, "commit_secret")), new Secret(hex(e, "psk_secret")), context);
            assertThat(join.joinerSecret.value()).isEqualTo(hex(e, "joiner_secret"));
            assertThat(join.welcomeSecret.value()).isEqualTo(hex(e, "welcome_secret"));
            KeyScheduleEpoch epoch = join.complete(TreeSize.forLeaves(1), context);
            assertThat(toHexString(epoch.epochAuthenticator.value())).isEqualTo(e.path("epoch_authenticator").asString());
            assertThat(epoch.exporterSecret.value()).isEqualTo(hex(e, "exporter_secret"));
            assertThat(epoch.senderDataSecret.value()).isEqualTo(hex(e, "sender_data_secret"));
            assertThat(epoch.encryptionSecret.value()).isEqualTo(hex(e, "encryption_secret"));
            assertThat(epoch.confirmationKey.value()).isEqualTo(hex(e, "confirmation_key"));
            assertThat(epoch.membershipKey.value()).isEqualTo(hex(e, "membership_key"));
            assertThat(epoch.resumptionPSK.value()).isEqualTo(hex(e, "resumption_psk"));
            assertThat(epoch.externalSecret.value()).isEqualTo(hex(e, "external_secret"));
            assertThat(epoch.initSecret.value()).isEqualTo(hex(e, "init_secret"));
            assertThat(DaveMls.SUITE.getHPKE().serializePublicKey(epoch.getExternalPublicKey()))
                    .isEqualTo(hex(e, "external_pub"));
            JsonNode exporter = e.path("exporter");
            // the call DaveGroup makes for every sender's media base secret. These vectors use the label's hex
            // text itself as the label string (context is raw bytes)
            assertThat(epoch.MLSExporter(exporter.path("label").asString(), hex(exporter, "context"),
                    exporter.path("length").asInt())).isEqualTo(hex(exporter, "secret"));
            init = new Secret(hex(e, "init_secret"));
            epochs++;
        }
        assertThat(epochs).isGreaterThan(1);
    }

    @Test
    void welcomeDecryptsAndItsGroupInfoVerifies() throws Exception {
        JsonNode v = suite2("welcome.json");
        MLSMessage keyPackage = (MLSMessage) MLSInputStream.decode(hex(v, "key_package"), MLSMessage.class);
        MLSMessage message = (MLSMessage) MLSInputStream.decode(hex(v, "welcome"), MLSMessage.class);
        Welcome welcome = message.welcome;
        int index = welcome.find(keyPackage.keyPackage);
        assertThat(index).isGreaterThanOrEqualTo(0);
        GroupSecrets secrets = welcome.decryptSecrets(index, hex(v, "init_priv"));
        GroupInfo info = welcome.decrypt(secrets.joiner_secret, new ArrayList<>());
        assertThat(info.verify(DaveMls.SUITE, hex(v, "signer_pub"))).isTrue();
        byte[] wrongSigner = DaveMls.SUITE.serializeSignaturePublicKey(
                DaveMls.SUITE.generateSignatureKeyPair().getPublic());
        assertThat(info.verify(DaveMls.SUITE, wrongSigner)).isFalse();
        // re-encoding is byte-exact, as op 30's bare Welcome needs
        assertThat(MLSOutputStream.encode(message)).isEqualTo(hex(v, "welcome"));
    }
}
