package dev.basalt.voice.discord.dave;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.codec.KeyPackage;

/**
 * One key package and the private halves needed to join a group with it (through a Welcome) or to start one.
 * Never logged: it holds private keys.
 */
public record JoinMaterial(KeyPackage keyPackage, byte[] initPrivateKey, AsymmetricCipherKeyPair leafKeys,
                           LeafNode leaf, byte[] signaturePrivateKey) {

    /** The bare KeyPackage struct, as op 26 carries it (not wrapped in an MLSMessage). */
    public byte[] encoded() {
        return DaveMls.encode(keyPackage);
    }

    @Override
    public String toString() {
        return "JoinMaterial[private]";
    }
}
