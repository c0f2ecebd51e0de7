package dev.basalt.voice.discord.dave;

import java.io.IOException;
import java.lang.reflect.Field;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.mls.TreeKEM.LeafIndex;
import org.bouncycastle.mls.TreeKEM.LeafNode;
import org.bouncycastle.mls.TreeKEM.TreeKEMPublicKey;
import org.bouncycastle.mls.codec.ContentType;
import org.bouncycastle.mls.codec.Extension;
import org.bouncycastle.mls.codec.ExtensionType;
import org.bouncycastle.mls.codec.ExternalSender;
import org.bouncycastle.mls.codec.FramedContent;
import org.bouncycastle.mls.codec.MLSInputStream;
import org.bouncycastle.mls.codec.MLSMessage;
import org.bouncycastle.mls.codec.Proposal;
import org.bouncycastle.mls.codec.ProposalOrRef;
import org.bouncycastle.mls.codec.ProposalOrRefType;
import org.bouncycastle.mls.codec.ProposalType;
import org.bouncycastle.mls.codec.SenderType;
import org.bouncycastle.mls.codec.Welcome;
import org.bouncycastle.mls.codec.WireFormat;
import org.bouncycastle.mls.crypto.Secret;
import org.bouncycastle.mls.protocol.Group;

/**
 * One member's view of a call's DAVE group (protocol version 1): the pending one-member group it offers before the
 * call's group exists, the established group after a commit or Welcome, the external proposals queued for the
 * current epoch and the successor our own commit would lead to. Only the voice gateway (the group's single
 * external sender) may propose, only Add and Remove, only for users in the call; commits must carry every proposal
 * by reference.
 *
 * <p>Not thread-safe: one thread (the connection's gateway thread) drives it.
 */
public final class DaveGroup {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PROPOSAL_REF_LABEL = "MLS 1.0 Proposal Reference";

    private final long userId;
    private final byte[] groupId;
    private AsymmetricCipherKeyPair signatureKeys;
    private int keyPackagesMade;
    private final Set<Long> recognizedUsers = new HashSet<>();

    private byte[] externalSenderBytes;
    private JoinMaterial join;
    private Group pending;
    private Group established;
    /** Proposals were handled into the base group in this epoch (the spec's "working state" exists). */
    private boolean working;
    private final Map<String, byte[]> queued = new LinkedHashMap<>();
    private Group outboundSuccessor;

    /**
     * @param channelId the voice channel: its 8 big-endian bytes are the MLS group id
     */
    public DaveGroup(long userId, long channelId) {
        this(userId, channelId, signatureKeys());
    }

    private static AsymmetricCipherKeyPair signatureKeys() {
        synchronized (DaveMls.LOCK) {
            return DaveMls.SUITE.generateSignatureKeyPair();
        }
    }

    DaveGroup(long userId, long channelId, AsymmetricCipherKeyPair signatureKeys) {
        this.userId = userId;
        this.groupId = DaveMls.bigEndian(channelId);
        this.signatureKeys = signatureKeys;
        recognizedUsers.add(userId);
    }

    /**
     * Drops every group and queued proposal and makes a fresh key package (key packages are single-use). The
     * pending group is created now if the external sender is known, else as soon as it arrives.
     *
     * @return the bare KeyPackage for op 26
     */
    public byte[] reset() {
        synchronized (DaveMls.LOCK) {
            return resetLocked();
        }
    }

    private byte[] resetLocked() {
        pending = null;
        established = null;
        clearEpochWork();
        if (keyPackagesMade++ > 0) {
            // a fresh signature key with every new key package: when the gateway removes our old leaf and adds the
            // new one in the same commit, members that check key uniqueness against the current tree (bcmls does)
            // would refuse an Add that reuses the old leaf's key. A bot has no identity to keep across re-joins.
            signatureKeys = DaveMls.SUITE.generateSignatureKeyPair();
        }
        join = DaveMls.newKeyPackage(userId, signatureKeys);
        createPendingGroup();
        return join.encoded();
    }

    /** Op 25. A new sender is ignored once a group is established (its members all agreed on the old one). */
    public void externalSender(byte[] payload) throws InvalidGroupMessageException {
        synchronized (DaveMls.LOCK) {
            externalSenderLocked(payload);
        }
    }

    private void externalSenderLocked(byte[] payload) throws InvalidGroupMessageException {
        if (established != null) {
            return;
        }
        try {
            ExternalSender sender = (ExternalSender) MLSInputStream.decode(payload, ExternalSender.class);
            externalSenderBytes = DaveMls.encode(sender);
        } catch (IOException | RuntimeException e) {
            throw new InvalidGroupMessageException("unreadable external sender package", e);
        }
        pending = null;
        clearEpochWork();
        createPendingGroup();
    }

    public void userConnected(long user) {
        recognizedUsers.add(user);
    }

    public void userDisconnected(long user) {
        if (user != userId) {
            recognizedUsers.remove(user);
        }
    }

    /**
     * Op 27: queues external Add/Remove proposals (or revokes queued ones), then commits everything queued.
     *
     * @return op 28's payload (our commit, then the Welcome when it adds someone), or empty when nothing is queued
     *         or there is no group to propose into
     */
    public Optional<byte[]> proposals(byte[] payload) throws InvalidGroupMessageException {
        synchronized (DaveMls.LOCK) {
            return proposalsLocked(payload);
        }
    }

    private Optional<byte[]> proposalsLocked(byte[] payload) throws InvalidGroupMessageException {
        Group base = base();
        if (base == null) {
            return Optional.empty();
        }
        if (payload.length < 1) {
            throw new InvalidGroupMessageException("empty proposals message");
        }
        byte[] body = Arrays.copyOfRange(payload, 1, payload.length);
        switch (payload[0]) {
            case 0 -> append(base, body);
            case 1 -> revoke(base, body);
            default -> throw new InvalidGroupMessageException("unknown proposals operation " + payload[0]);
        }
        working = true;
        outboundSuccessor = null;
        if (queued.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(commit(base));
    }

    private void append(Group base, byte[] body) throws InvalidGroupMessageException {
        List<MLSMessage> messages = new ArrayList<>();
        List<byte[]> encoded = new ArrayList<>();
        List<byte[]> refs = new ArrayList<>();
        try {
            new MLSInputStream(body).readList(messages, MLSMessage.class);
            for (MLSMessage message : messages) {
                byte[] bytes = DaveMls.encode(message);
                checkProposal(base, message, bytes);
                encoded.add(bytes);
                // an external sender's PublicMessage has no membership tag: AuthenticatedContent = bytes after version
                refs.add(DaveMls.SUITE.refHash(Arrays.copyOfRange(bytes, 2, bytes.length), PROPOSAL_REF_LABEL));
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidGroupMessageException("unreadable proposals", e);
        }
        for (int i = 0; i < encoded.size(); i++) {
            try {
                base.handle(encoded.get(i), null);
            } catch (Exception e) {
                throw new InvalidGroupMessageException("proposal refused by MLS", e);
            }
            queued.put(key(refs.get(i)), refs.get(i));
        }
    }

    private void checkProposal(Group base, MLSMessage message, byte[] bytes) throws IOException,
            InvalidGroupMessageException {
        if (message.wireFormat != WireFormat.mls_public_message) {
            throw new InvalidGroupMessageException("proposal is not a PublicMessage");
        }
        FramedContent content = framedContent(bytes);
        if (content.getEpoch() != base.getEpoch()) {
            throw new InvalidGroupMessageException("proposal for epoch " + content.getEpoch() + ", group is at "
                    + base.getEpoch());
        }
        if (content.getContentType() != ContentType.PROPOSAL) {
            throw new InvalidGroupMessageException("not a proposal");
        }
        if (content.getSender().getSenderType() != SenderType.EXTERNAL || content.getSender().getSenderIndex() != 0) {
            throw new InvalidGroupMessageException("proposal not from the voice gateway");
        }
        Proposal proposal = content.getProposal();
        if (proposal.getProposalType() == ProposalType.ADD) {
            long added = DaveMls.userId(proposal.getAdd().keyPackage.getLeafNode().getCredential().getIdentity());
            if (!recognizedUsers.contains(added)) {
                throw new InvalidGroupMessageException("Add for user " + added + ", who is not in the call");
            }
        } else if (proposal.getProposalType() != ProposalType.REMOVE) {
            throw new InvalidGroupMessageException("proposal type " + proposal.getProposalType() + " is not allowed");
        }
    }

    private void revoke(Group base, byte[] body) throws InvalidGroupMessageException {
        Set<String> revoked = new HashSet<>();
        try {
            MLSInputStream in = new MLSInputStream(body);
            List<RefOpaque> refs = new ArrayList<>();
            in.readList(refs, RefOpaque.class);
            for (RefOpaque ref : refs) {
                if (!queued.containsKey(key(ref.value))) {
                    throw new InvalidGroupMessageException("revoke of an unknown proposal");
                }
                revoked.add(key(ref.value));
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidGroupMessageException("unreadable revoke", e);
        }
        dropCachedProposals(base, revoked);
        revoked.forEach(queued::remove);
    }

    private byte[] commit(Group base) throws InvalidGroupMessageException {
        byte[] leafSecret = new byte[DaveMls.SUITE.getKDF().getHashLength()];
        RANDOM.nextBytes(leafSecret);
        Group.GroupWithMessage result;
        try {
            // the Welcome carries the ratchet tree inline; a path is added only when MLS requires one (Remove)
            result = base.commit(new Secret(leafSecret),
                    new Group.CommitOptions(List.of(), true, false, new Group.LeafNodeOptions()),
                    new Group.MessageOptions(false, new byte[0], 0),
                    new Group.CommitParameters(Group.NORMAL_COMMIT_PARAMS));
        } catch (Exception e) {
            throw new InvalidGroupMessageException("could not commit the queued proposals", e);
        }
        outboundSuccessor = result.group;
        Welcome welcome = result.message.welcome;
        result.message.welcome = null;
        byte[] commit = DaveMls.encode(result.message);
        boolean adds = welcome != null && DaveMls.encode(welcome).length > 0 && addsSomeone(base);
        if (!adds) {
            return commit;
        }
        byte[] welcomeBytes = DaveMls.encode(welcome);
        byte[] out = Arrays.copyOf(commit, commit.length + welcomeBytes.length);
        System.arraycopy(welcomeBytes, 0, out, commit.length, welcomeBytes.length);
        return out;
    }

    private static boolean addsSomeone(Group base) {
        for (Object cached : cachedProposals(base)) {
            Proposal proposal = (Proposal) read(cached, "proposal");
            if (proposal.getProposalType() == ProposalType.ADD) {
                return true;
            }
        }
        return false;
    }

    /**
     * Op 29: the commit the gateway picked for this epoch.
     *
     * @return true when the group moved to a new epoch, false when the commit was not for us to process
     */
    public boolean commitAnnounced(byte[] commitMessage) throws InvalidGroupMessageException {
        synchronized (DaveMls.LOCK) {
            return commitAnnouncedLocked(commitMessage);
        }
    }

    private boolean commitAnnouncedLocked(byte[] commitMessage) throws InvalidGroupMessageException {
        Group base = base();
        if (!working || base == null) {
            return false;
        }
        FramedContent content;
        try {
            MLSMessage message = (MLSMessage) MLSInputStream.decode(commitMessage, MLSMessage.class);
            if (message.wireFormat != WireFormat.mls_public_message) {
                throw new InvalidGroupMessageException("commit is not a PublicMessage");
            }
            content = framedContent(commitMessage);
        } catch (IOException | RuntimeException e) {
            throw new InvalidGroupMessageException("unreadable commit", e);
        }
        if (!Arrays.equals(content.getGroupID(), groupId)) {
            return false;
        }
        if (content.getEpoch() != base.getEpoch()) {
            throw new InvalidGroupMessageException("commit for epoch " + content.getEpoch() + ", group is at "
                    + base.getEpoch());
        }
        if (content.getContentType() != ContentType.COMMIT || content.getSender().getSenderType() != SenderType.MEMBER) {
            throw new InvalidGroupMessageException("not a member's commit");
        }
        for (ProposalOrRef entry : content.getCommit().getProposals()) {
            if (entry.getType() != ProposalOrRefType.REFERENCE || !queued.containsKey(key(entry.getReference()))) {
                throw new InvalidGroupMessageException("commit carries a proposal that is not a queued reference");
            }
        }
        boolean ours = content.getSender().getSender().equals(base.getIndex());
        if (!ours && base == pending) {
            throw new InvalidGroupMessageException("another member's commit before the group exists");
        }
        Group next;
        try {
            next = base.handle(commitMessage, ours ? outboundSuccessor : null);
        } catch (Exception e) {
            throw new InvalidGroupMessageException("commit refused by MLS", e);
        }
        if (next == null) {
            throw new InvalidGroupMessageException("commit produced no new epoch");
        }
        checkUniqueUsers(next);
        establish(next);
        return true;
    }

    /**
     * Op 30: joins the call's group.
     *
     * @return true when we joined, false when we already are in a group
     */
    public boolean welcome(byte[] welcomeBytes) throws InvalidGroupMessageException {
        synchronized (DaveMls.LOCK) {
            return welcomeLocked(welcomeBytes);
        }
    }

    private boolean welcomeLocked(byte[] welcomeBytes) throws InvalidGroupMessageException {
        if (established != null) {
            return false;
        }
        if (join == null || externalSenderBytes == null) {
            throw new InvalidGroupMessageException("Welcome before our key package or the external sender");
        }
        Group joined;
        try {
            Welcome welcome = (Welcome) MLSInputStream.decode(welcomeBytes, Welcome.class);
            joined = new Group(join.initPrivateKey(), join.leafKeys(), join.signaturePrivateKey(), join.keyPackage(),
                    welcome, null, Map.of(), Map.of());
        } catch (Exception e) {
            throw new InvalidGroupMessageException("Welcome refused by MLS", e);
        }
        if (!Arrays.equals(joined.getGroupID(), groupId)) {
            throw new InvalidGroupMessageException("Welcome into another group");
        }
        checkExternalSender(joined);
        checkUniqueUsers(joined);
        establish(joined);
        return true;
    }

    private void checkExternalSender(Group group) throws InvalidGroupMessageException {
        List<ExternalSender> senders = null;
        for (Extension extension : group.getExtensions()) {
            if (extension.extensionType == ExtensionType.EXTERNAL_SENDERS) {
                try {
                    senders = extension.getSenders();
                } catch (Exception e) {
                    throw new InvalidGroupMessageException("unreadable external senders", e);
                }
            }
        }
        if (senders == null || senders.size() != 1
                || !Arrays.equals(DaveMls.encode(senders.get(0)), externalSenderBytes)) {
            throw new InvalidGroupMessageException("the group's external sender is not the voice gateway's");
        }
    }

    private static void checkUniqueUsers(Group group) throws InvalidGroupMessageException {
        Set<Long> seen = new HashSet<>();
        for (long user : members(group)) {
            if (!seen.add(user)) {
                throw new InvalidGroupMessageException("user " + user + " is in the group twice");
            }
        }
    }

    private void establish(Group group) {
        established = group;
        pending = null;
        join = null;
        clearEpochWork();
    }

    public boolean isEstablished() {
        return established != null;
    }

    /** The established group's epoch, 0 before there is one. */
    public long epoch() {
        return established == null ? 0 : established.getEpoch();
    }

    public byte[] epochAuthenticator() {
        return established == null ? null : established.getEpochAuthenticator();
    }

    /** A sender's media base secret in the current epoch (spec 7.1); null before a group is established. */
    public byte[] baseSecret(long sender) {
        synchronized (DaveMls.LOCK) {
            return baseSecretLocked(sender);
        }
    }

    private byte[] baseSecretLocked(long sender) {
        if (established == null) {
            return null;
        }
        try {
            return established.getKeySchedule().MLSExporter(DaveMls.EXPORTER_LABEL, DaveMls.littleEndian(sender),
                    DaveMls.BASE_SECRET_LENGTH);
        } catch (IOException e) {
            throw new IllegalStateException("MLS exporter failed", e);
        }
    }

    /** User ids in the established group, in leaf order. */
    public List<Long> roster() {
        synchronized (DaveMls.LOCK) {
            return rosterLocked();
        }
    }

    private List<Long> rosterLocked() {
        return established == null ? List.of() : members(established);
    }

    private static List<Long> members(Group group) {
        TreeKEMPublicKey tree = group.getTree();
        List<Long> users = new ArrayList<>();
        long leaves = tree.getSize().leafCount();
        for (int i = 0; i < leaves; i++) {
            LeafIndex index = new LeafIndex(i);
            if (tree.hasLeaf(index)) {
                LeafNode leaf = tree.getLeafNode(index);
                if (leaf != null) {
                    users.add(DaveMls.userId(leaf.getCredential().getIdentity()));
                }
            }
        }
        return users;
    }

    private Group base() {
        return pending != null ? pending : established;
    }

    private void createPendingGroup() {
        if (join == null || externalSenderBytes == null || established != null) {
            return;
        }
        try {
            ExternalSender sender = (ExternalSender) MLSInputStream.decode(externalSenderBytes, ExternalSender.class);
            pending = new Group(groupId, DaveMls.SUITE, join.leafKeys(), join.signaturePrivateKey(),
                    join.leaf().copy(join.leaf().getEncryptionKey()), List.of(Extension.externalSender(List.of(sender))));
        } catch (Exception e) {
            throw new IllegalStateException("could not create the pending MLS group", e);
        }
    }

    private void clearEpochWork() {
        working = false;
        queued.clear();
        outboundSuccessor = null;
    }

    private static FramedContent framedContent(byte[] publicMessage) throws IOException {
        // MLSMessage = version:uint16 ‖ wire_format:uint16 ‖ PublicMessage, which starts with the FramedContent
        return (FramedContent) MLSInputStream.decode(Arrays.copyOfRange(publicMessage, 4, publicMessage.length),
                FramedContent.class);
    }

    private static String key(byte[] ref) {
        return org.bouncycastle.util.encoders.Hex.toHexString(ref);
    }

    // --- bcmls gap: no API drops a cached proposal, so revoke edits its private queue (spec 9.2) ---

    private static List<?> cachedProposals(Group group) {
        return (List<?>) read(group, "pendingProposals");
    }

    private static void dropCachedProposals(Group group, Set<String> refs) {
        cachedProposals(group).removeIf(cached -> refs.contains(key((byte[]) read(cached, "proposalRef"))));
    }

    private static Object read(Object target, String field) {
        try {
            Field f = target.getClass().getDeclaredField(field);
            f.setAccessible(true);
            return f.get(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this bcmls version does not expose " + field
                    + " as DAVE's proposal revocation needs", e);
        }
    }

    /** A ProposalRef inside a revoke: opaque&lt;V&gt;. */
    public static final class RefOpaque implements MLSInputStream.Readable {
        final byte[] value;

        public RefOpaque(MLSInputStream in) throws IOException {
            value = in.readOpaque();
        }
    }
}
