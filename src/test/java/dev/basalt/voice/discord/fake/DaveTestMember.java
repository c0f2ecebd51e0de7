package dev.basalt.voice.discord.fake;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.LifeTime;
import org.bouncycastle.mls.codec.Capabilities;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.Extension;
import org.bouncycastle.mls.codec.ExternalSender;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Welcome;
import org.bouncycastle.mls.crypto.MlsCipherSuite;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.Group;

/**
 * A DAVE group member written directly against bcmls, independent of Basalt's {@code DaveGroup}: it makes key
 * packages, founds or joins a group, takes the gateway's proposals, commits, applies others' commits and exports
 * the per-sender media secrets. Not thread-safe.
 */
public final class DaveTestMember {

    private static final MlsCipherSuite SUITE = MlsCipherSuite.BCMLS_128_DHKEMP256_AES128GCM_SHA256_P256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long userId;
    private final AsymmetricCipherKeyPair signatureKeys = SUITE.generateSignatureKeyPair();
    private final byte[] signaturePrivate;
    private KeyPackage keyPackage;
    private byte[] initPrivate;
    private AsymmetricCipherKeyPair leafKeys;
    private LeafNode leaf;
    private Group group;
    private Group ownSuccessor;

    public DaveTestMember(long userId) {
        this.userId = userId;
        this.signaturePrivate = SUITE.serializeSignaturePrivateKey(signatureKeys.getPrivate());
    }

    public long userId() {
        return userId;
    }

    /** A fresh key package, as the bare struct op 26 carries. */
    public byte[] keyPackage() {
        try {
            leafKeys = SUITE.getHPKE().generatePrivateKey();
            AsymmetricCipherKeyPair initKeys = SUITE.getHPKE().generatePrivateKey();
            initPrivate = SUITE.getHPKE().serializePrivateKey(initKeys.getPrivate());
            Capabilities caps = (Capabilities) MLSInputStream.decode(
                    org.bouncycastle.util.encoders.Hex.decode("0200010200020000020001"), Capabilities.class);
            leaf = new LeafNode(SUITE, SUITE.getHPKE().serializePublicKey(leafKeys.getPublic()),
                    SUITE.serializeSignaturePublicKey(signatureKeys.getPublic()),
                    Credential.forBasic(java.nio.ByteBuffer.allocate(8).putLong(userId).array()), caps, new LifeTime(),
                    List.of(), signaturePrivate);
            keyPackage = new KeyPackage(SUITE, SUITE.getHPKE().serializePublicKey(initKeys.getPublic()), leaf,
                    List.of(), signaturePrivate);
            return MLSOutputStream.encode(keyPackage);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Founds the call's group alone (epoch 0) with the gateway as external sender. */
    public void found(long channelId, byte[] externalSender) {
        if (keyPackage == null) {
            keyPackage();
        }
        try {
            ExternalSender sender = (ExternalSender) MLSInputStream.decode(externalSender, ExternalSender.class);
            group = new Group(java.nio.ByteBuffer.allocate(8).putLong(channelId).array(), SUITE, leafKeys,
                    signaturePrivate, leaf.copy(leaf.getEncryptionKey()),
                    List.of(Extension.externalSender(List.of(sender))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void join(byte[] welcome) {
        try {
            group = new Group(initPrivate, leafKeys, signaturePrivate, keyPackage,
                    (Welcome) MLSInputStream.decode(welcome, Welcome.class), null, Map.of(), Map.of());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes one external proposal (an MLSMessage). */
    public void propose(byte[] proposal) {
        try {
            if (group.handle(proposal, null) != null) {
                throw new IllegalStateException("a proposal moved the epoch");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commits every queued proposal: {@code [commit, welcomeOrNull]}; the successor is kept until announced. */
    public byte[][] commit() {
        byte[] leafSecret = new byte[32];
        RANDOM.nextBytes(leafSecret);
        try {
            Group.GroupWithMessage result = group.commit(new Secret(leafSecret),
                    new Group.CommitOptions(new ArrayList<>(), true, false, new Group.LeafNodeOptions()),
                    new Group.MessageOptions(false, new byte[0], 0),
                    new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
            ownSuccessor = result.group;
            Welcome welcome = result.message.welcome;
            result.message.welcome = null;
            return new byte[][] {MLSOutputStream.encode(result.message),
                    welcome == null ? null : MLSOutputStream.encode(welcome)};
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Applies the winning commit (ours or someone else's). */
    public void apply(byte[] commit) {
        try {
            group = group.handle(commit, ownSuccessor);
            ownSuccessor = null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean inGroup() {
        return group != null;
    }

    public long epoch() {
        return group.getEpoch();
    }

    public byte[] groupId() {
        return group.getGroupID();
    }

    public byte[] epochAuthenticator() {
        return group.getEpochAuthenticator();
    }

    public byte[] baseSecret(long sender) {
        byte[] context = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(sender).array();
        try {
            return group.getKeySchedule().MLSExporter("Discord Secure Frames v0", context, 16);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The leaf a user occupies, -1 if absent. */
    public int leafOf(long user) {
        long leaves = group.getTree().getSize().leafCount();
        for (int i = 0; i < leaves; i++) {
            LeafNode node = group.getTree().getLeafNode(new LeafIndex(i));
            if (node != null && java.nio.ByteBuffer.wrap(node.getCredential().getIdentity()).getLong() == user) {
                return i;
            }
        }
        return -1;
    }

    /** An MLSMessage as bytes (for splitting op 28). */
    static int mlsMessageLength(byte[] bytes) {
        try {
            return MLSOutputStream.encode(MLSInputStream.decode(bytes, MLSMessage.class)).length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
