package dev.basalt.voice.discord.fake;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.codec.Credential;
import org.bouncycastle.mls.codec.ExternalSender;
import org.bouncycastle.mls.codec.KeyPackage;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.MLSOutputStream;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.crypto.MlsCipherSuite;

/**
 * The voice gateway's MLS role for tests (spec 9.3): the group's single external sender. It builds op 25, signs
 * external Add/Remove proposals and packs them as op 27, and splits a client's op 28 into commit and Welcome.
 */
public final class DaveTestGateway {

    private static final MlsCipherSuite SUITE = MlsCipherSuite.BCMLS_128_DHKEMP256_AES128GCM_SHA256_P256;

    private final AsymmetricCipherKeyPair keys = SUITE.generateSignatureKeyPair();
    private final byte[] externalSender;

    public DaveTestGateway() {
        try {
            externalSender = MLSOutputStream.encode(new ExternalSender(
                    SUITE.serializeSignaturePublicKey(keys.getPublic()), Credential.forBasic(new byte[] {0, 0, 0, 0, 0, 0, 0, 1})));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Op 25's payload. */
    public byte[] externalSenderPackage() {
        return externalSender.clone();
    }

    public byte[] add(byte[] groupId, long epoch, byte[] keyPackage) {
        try {
            return sign(groupId, epoch, Proposal.add((KeyPackage) MLSInputStream.decode(keyPackage, KeyPackage.class)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] remove(byte[] groupId, long epoch, int leaf) {
        return sign(groupId, epoch, Proposal.remove(new LeafIndex(leaf)));
    }

    private byte[] sign(byte[] groupId, long epoch, Proposal proposal) {
        try {
            return MLSOutputStream.encode(MLSMessage.externalProposal(SUITE, groupId, epoch, proposal, 0,
                    SUITE.serializeSignaturePrivateKey(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Op 27 append: {@code 0 ‖ MLSMessage proposal_messages<V>}. */
    public static byte[] append(List<byte[]> proposals) {
        return withVector(0, proposals, false);
    }

    /** Op 27 revoke: {@code 1 ‖ ProposalRef refs<V>}. */
    public static byte[] revoke(List<byte[]> refs) {
        return withVector(1, refs, true);
    }

    /** A proposal's reference, as a revoke names it. */
    public static byte[] ref(byte[] proposal) {
        try {
            return SUITE.refHash(Arrays.copyOfRange(proposal, 2, proposal.length), "MLS 1.0 Proposal Reference");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] withVector(int type, List<byte[]> items, boolean opaque) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] item : items) {
            if (opaque) {
                writeVarint(body, item.length);
            }
            body.writeBytes(item);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        writeVarint(out, body.size());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, int value) {
        if (value < 64) {
            out.write(value);
        } else if (value < 16384) {
            out.write(0x40 | (value >> 8));
            out.write(value);
        } else {
            out.write(0x80 | (value >>> 24));
            out.write(value >>> 16);
            out.write(value >>> 8);
            out.write(value);
        }
    }

    /** Op 28 → {@code [commit, welcomeOrNull]}. */
    public static byte[][] split(byte[] commitWelcome) {
        int commitLength = DaveTestMember.mlsMessageLength(commitWelcome);
        byte[] commit = Arrays.copyOf(commitWelcome, commitLength);
        byte[] welcome = commitLength == commitWelcome.length ? null
                : Arrays.copyOfRange(commitWelcome, commitLength, commitWelcome.length);
        return new byte[][] {commit, welcome};
    }

    /** Op 29/30 payloads: {@code transition_id:uint16 ‖ bytes}. */
    public static byte[] withTransition(int transitionId, byte[] bytes) {
        byte[] out = new byte[2 + bytes.length];
        out[0] = (byte) (transitionId >> 8);
        out[1] = (byte) transitionId;
        System.arraycopy(bytes, 0, out, 2, bytes.length);
        return out;
    }
}
