package dev.basalt.voice.discord.dave;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DAVE for one voice session (spec 6.5, 6.6): drives the MLS group from the gateway's DAVE ops, answers with key
 * packages, commits, readiness and invalid-commit reports, and at each executed transition hands the sender the
 * key state of the new protocol version. All calls come from the gateway's thread, in order.
 */
public final class DaveSession {

    private static final Logger log = LoggerFactory.getLogger(DaveSession.class);

    /** What DAVE sends back to the voice gateway. */
    public interface Replies {
        void keyPackage(byte[] keyPackage);

        void commitWelcome(byte[] commitWelcome);

        void transitionReady(int transitionId);

        void invalidCommitWelcome(int transitionId);
    }

    /** The sender side: which protocol version outgoing audio uses and, for version 1, our media base secret. */
    public interface SenderKeys {
        /**
         * @param baseSecret our exporter secret for the current epoch (spec 7.1), null for version 0 or while this
         *                   member is in no group yet (then frames cannot be encrypted and are held back)
         */
        void use(int protocolVersion, byte[] baseSecret);
    }

    private final long guildId;
    private final long userId;
    private final DaveGroup group;
    private final Replies replies;
    private final SenderKeys senderKeys;
    private final DaveCounters counters;
    private final Map<Integer, Integer> pendingTransitions = new HashMap<>();
    private int protocolVersion;

    public DaveSession(long guildId, long userId, long channelId, Replies replies, SenderKeys senderKeys,
                       DaveCounters counters) {
        this(guildId, userId, new DaveGroup(userId, channelId), replies, senderKeys, counters);
    }

    DaveSession(long guildId, long userId, DaveGroup group, Replies replies, SenderKeys senderKeys,
                DaveCounters counters) {
        this.guildId = guildId;
        this.userId = userId;
        this.group = group;
        this.replies = replies;
        this.senderKeys = senderKeys;
        this.counters = counters;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    public DaveGroup group() {
        return group;
    }

    /** Session Description's initial version: above 0 the call is end-to-end encrypted from the start. */
    public void start(int initialVersion) {
        protocolVersion = initialVersion;
        senderKeys.use(initialVersion, null);
        if (initialVersion > 0) {
            log.info("Guild {}: the call is end-to-end encrypted (DAVE version {}); joining its MLS group", guildId,
                    initialVersion);
            reinit();
        }
    }

    public void clientsConnected(List<String> userIds) {
        for (String id : userIds) {
            parseUser(id).ifPresent(group::userConnected);
        }
    }

    public void clientDisconnected(String userIdText) {
        parseUser(userIdText).ifPresent(group::userDisconnected);
    }

    public void externalSender(byte[] payload) {
        try {
            group.externalSender(payload);
        } catch (InvalidGroupMessageException e) {
            log.warn("Guild {}: the voice gateway's DAVE external sender is unusable: {}", guildId, e.getMessage());
        }
    }

    public void proposals(byte[] payload) {
        try {
            group.proposals(payload).ifPresent(replies::commitWelcome);
        } catch (InvalidGroupMessageException | RuntimeException e) {
            // libdave drops a bad proposals message and answers nothing; the gateway's next commit decides
            log.warn("Guild {}: ignoring DAVE proposals: {}", guildId, e.getMessage());
        }
    }

    public void commitAnnounced(int transitionId, byte[] commit) {
        boolean moved;
        try {
            moved = group.commitAnnounced(commit);
        } catch (InvalidGroupMessageException | RuntimeException e) {
            invalid(transitionId, "commit", e);
            return;
        }
        if (moved) {
            entered(transitionId);
        }
    }

    public void welcome(int transitionId, byte[] welcome) {
        boolean joined;
        try {
            joined = group.welcome(welcome);
        } catch (InvalidGroupMessageException | RuntimeException e) {
            invalid(transitionId, "Welcome", e);
            return;
        }
        if (joined) {
            entered(transitionId);
        }
    }

    public void prepareTransition(int transitionId, int version) {
        pendingTransitions.put(transitionId, version);
        if (transitionId == 0) {
            execute(transitionId);
        } else {
            replies.transitionReady(transitionId);
        }
    }

    public void executeTransition(int transitionId) {
        if (!pendingTransitions.containsKey(transitionId)) {
            log.debug("Guild {}: DAVE transition {} was never prepared; ignoring", guildId, transitionId);
            return;
        }
        execute(transitionId);
    }

    public void prepareEpoch(long epoch, int version) {
        if (epoch == 1) {
            // a new group for this version: everything before is void
            protocolVersion = version;
            reinit();
        }
    }

    private void execute(int transitionId) {
        int version = pendingTransitions.remove(transitionId);
        int previous = protocolVersion;
        protocolVersion = version;
        byte[] secret = version > 0 ? group.baseSecret(userId) : null;
        senderKeys.use(version, secret);
        counters.transitionExecuted();
        if (previous != version) {
            log.info("Guild {}: DAVE protocol version {} -> {}", guildId, previous, version);
        }
        log.debug("Guild {}: DAVE transition {} executed (version {}, epoch {})", guildId, transitionId, version,
                group.epoch());
    }

    /** A commit or Welcome moved us into a new epoch. */
    private void entered(int transitionId) {
        counters.epochChanged();
        log.debug("Guild {}: DAVE epoch {} with {} members", guildId, group.epoch(), group.roster().size());
        logPrivacyCode();
        pendingTransitions.put(transitionId, protocolVersion);
        if (transitionId == 0) {
            execute(transitionId);
        } else {
            replies.transitionReady(transitionId);
        }
    }

    private void logPrivacyCode() {
        if (log.isDebugEnabled()) {
            log.debug("Guild {}: DAVE epoch {} voice privacy code {}", guildId, group.epoch(),
                    PrivacyCode.voicePrivacyCode(group.epochAuthenticator()));
        }
    }

    private void invalid(int transitionId, String what, Exception e) {
        counters.mlsFailed();
        log.warn("Guild {}: refusing the DAVE {} of transition {} ({}); asking the gateway to re-add us", guildId,
                what, transitionId, e.getMessage());
        replies.invalidCommitWelcome(transitionId);
        reinit();
    }

    private void reinit() {
        replies.keyPackage(group.reset());
    }

    private static Optional<Long> parseUser(String id) {
        try {
            return Optional.of(Long.parseUnsignedLong(id));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
