package dev.basalt.voice.discord.dave;

import java.io.IOException;
import java.util.List;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.LifeTime;
import org.bouncycastle.mls.codec.Capabilities;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.util.encoders.Hex;

/**
 * The MLS parameters of DAVE protocol version 1: ciphersuite 2 (P-256, AES-128-GCM, SHA-256), basic credentials
 * carrying the user id as 8 big-endian bytes, and the exact leaf capabilities and lifetime the voice gateway
 * accepts.
 */
public final class DaveMls {

    public static final MlsCipherSuite SUITE = MlsCipherSuite.BCMLS_128_DHKEMP256_AES128GCM_SHA256_P256;

    /** The label of the per-sender media base secret; the context is the sender's user id, little-endian. */
    public static final String EXPORTER_LABEL = "Discord Secure Frames v0";

    public static final int BASE_SECRET_LENGTH = 16;

    /**
     * bcmls keeps one signer, one KDF, one AEAD and one digest per ciphersuite in static fields, and decoded MLS
     * objects use those shared instances: two threads doing MLS work at once corrupt each other's signatures. Every
     * MLS operation of the process (all voice connections) therefore runs under this lock. They are rare and short
     * (milliseconds per commit), and the audio path never takes it.
     */
    public static final Object LOCK = new Object();

    /**
     * versions {1}, suites {2}, extensions {}, proposals {}, credentials {1}: what libdave and davey emit. bcmls has
     * no setters for capabilities (its defaults list every suite and x509), so they are decoded from their bytes.
     */
    private static final byte[] CAPABILITIES = Hex.decode("020001" + "020002" + "00" + "00" + "020001");

    private DaveMls() {
    }

    /** A fresh, single-use key package: new HPKE init and leaf keys, the connection's signature key. */
    public static JoinMaterial newKeyPackage(long userId, AsymmetricCipherKeyPair signatureKeys) {
        synchronized (LOCK) {
            return buildKeyPackage(userId, signatureKeys);
        }
    }

    private static JoinMaterial buildKeyPackage(long userId, AsymmetricCipherKeyPair signatureKeys) {
        try {
            byte[] sigPub = SUITE.serializeSignaturePublicKey(signatureKeys.getPublic());
            byte[] sigPriv = SUITE.serializeSignaturePrivateKey(signatureKeys.getPrivate());
            AsymmetricCipherKeyPair leafKeys = SUITE.getHPKE().generatePrivateKey();
            AsymmetricCipherKeyPair initKeys = SUITE.getHPKE().generatePrivateKey();
            // LifeTime() is 0..2^64-1, the only span the gateway accepts
            LeafNode leaf = new LeafNode(SUITE, SUITE.getHPKE().serializePublicKey(leafKeys.getPublic()), sigPub,
                    Credential.forBasic(bigEndian(userId)), capabilities(), new LifeTime(), List.of(), sigPriv);
            KeyPackage keyPackage = new KeyPackage(SUITE, SUITE.getHPKE().serializePublicKey(initKeys.getPublic()),
                    leaf, List.of(), sigPriv);
            return new JoinMaterial(keyPackage, SUITE.getHPKE().serializePrivateKey(initKeys.getPrivate()), leafKeys,
                    leaf, sigPriv);
        } catch (Exception e) {
            throw new IllegalStateException("could not build an MLS key package", e);
        }
    }

    public static Capabilities capabilities() throws IOException {
        return (Capabilities) MLSInputStream.decode(CAPABILITIES, Capabilities.class);
    }

    public static byte[] encode(Object mlsValue) {
        try {
            return MLSOutputStream.encode(mlsValue);
        } catch (IOException e) {
            throw new IllegalStateException("could not encode " + mlsValue.getClass().getSimpleName(), e);
        }
    }

    public static byte[] bigEndian(long value) {
        byte[] out = new byte[8];
        for (int i = 7; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    public static byte[] littleEndian(long value) {
        byte[] out = new byte[8];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }

    /** A basic credential's identity as a user id; -1 when it is not 8 bytes. */
    public static long userId(byte[] identity) {
        if (identity == null || identity.length != 8) {
            return -1;
        }
        long value = 0;
        for (byte b : identity) {
            value = (value << 8) | (b & 0xFF);
        }
        return value;
    }
}
