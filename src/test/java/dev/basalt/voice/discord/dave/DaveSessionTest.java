package dev.basalt.voice.discord.dave;

import java.util.ArrayList;
import java.util.List;

import dev.basalt.voice.discord.fake.DaveTestGateway;
import dev.basalt.voice.discord.fake.DaveTestMember;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transitions as the gateway sequences them (spec 6.6): what the session answers, and which key state the sender
 * gets and when.
 */
class DaveSessionTest {

    private static final long CHANNEL = 42L;
    private static final long US = 1001L;
    private static final long OTHER = 2002L;

    private final DaveTestGateway gateway = new DaveTestGateway();
    private final List<String> sent = new ArrayList<>();
    private final List<byte[]> keyPackages = new ArrayList<>();
    private final List<byte[]> commits = new ArrayList<>();
    private final DaveCounters counters = new DaveCounters();
    private int senderVersion = -1;
    private byte[] senderSecret;
    private DaveSession session;

    @BeforeEach
    void setUp() {
        session = new DaveSession(1L, US, CHANNEL, new DaveSession.Replies() {
            @Override
            public void keyPackage(byte[] keyPackage) {
                sent.add("26");
                keyPackages.add(keyPackage);
            }

            @Override
            public void commitWelcome(byte[] commitWelcome) {
                sent.add("28");
                commits.add(commitWelcome);
            }

            @Override
            public void transitionReady(int transitionId) {
                sent.add("23:" + transitionId);
            }

            @Override
            public void invalidCommitWelcome(int transitionId) {
                sent.add("31:" + transitionId);
            }
        }, (version, secret) -> {
            senderVersion = version;
            senderSecret = secret;
        }, counters);
    }

    /** Joins a group founded by a test member through its Welcome, with transition 7; returns the member. */
    private DaveTestMember joinThroughWelcome() {
        session.externalSender(gateway.externalSenderPackage());
        session.start(1);
        assertThat(sent).containsExactly("26");
        assertThat(senderVersion).isEqualTo(1);
        assertThat(senderSecret).as("no key before the first transition").isNull();
        DaveTestMember founder = new DaveTestMember(OTHER);
        founder.found(CHANNEL, gateway.externalSenderPackage());
        founder.propose(gateway.add(DaveMls.bigEndian(CHANNEL), 0, keyPackages.get(0)));
        byte[][] commit = founder.commit();
        founder.apply(commit[0]);
        session.welcome(7, commit[1]);
        return founder;
    }

    @Test
    void theSenderGetsItsKeyOnlyWhenTheTransitionExecutes() {
        DaveTestMember founder = joinThroughWelcome();
        assertThat(sent).containsExactly("26", "23:7");
        assertThat(senderSecret).isNull();
        session.executeTransition(99);
        assertThat(senderSecret).as("unknown transition ignored").isNull();
        session.executeTransition(7);
        assertThat(senderVersion).isEqualTo(1);
        assertThat(senderSecret).isEqualTo(founder.baseSecret(US));
        assertThat(counters.epochChanges()).isEqualTo(1);
        assertThat(counters.transitionsExecuted()).isEqualTo(1);
    }

    @Test
    void downgradeToVersionZeroAndBack() {
        joinThroughWelcome();
        session.executeTransition(7);
        sent.clear();

        session.prepareTransition(8, 0);
        assertThat(sent).containsExactly("23:8");
        assertThat(senderVersion).as("still encrypting until execute").isEqualTo(1);
        session.executeTransition(8);
        assertThat(senderVersion).isZero();
        assertThat(senderSecret).isNull();

        // upgrade: a new group (epoch 1) for version 1, new key package, then a Welcome and its transition
        session.prepareEpoch(1, 1);
        assertThat(sent).containsExactly("23:8", "26");
        assertThat(session.group().isEstablished()).isFalse();
        DaveTestMember founder = new DaveTestMember(OTHER);
        founder.found(CHANNEL, gateway.externalSenderPackage());
        founder.propose(gateway.add(DaveMls.bigEndian(CHANNEL), 0, keyPackages.get(1)));
        byte[][] commit = founder.commit();
        session.welcome(9, commit[1]);
        session.executeTransition(9);
        assertThat(senderVersion).isEqualTo(1);
        founder.apply(commit[0]);
        assertThat(senderSecret).isEqualTo(founder.baseSecret(US));
    }

    @Test
    void transitionZeroExecutesAtOnceWithoutReply() {
        joinThroughWelcome();
        session.executeTransition(7);
        sent.clear();
        session.prepareTransition(0, 0);
        assertThat(sent).isEmpty();
        assertThat(senderVersion).isZero();
    }

    @Test
    void anUnusableWelcomeIsReportedAndAnswersWithAFreshKeyPackage() {
        session.externalSender(gateway.externalSenderPackage());
        session.start(1);
        session.welcome(5, new byte[] {0, 2, 1, 2, 3});
        assertThat(sent).containsExactly("26", "31:5", "26");
        assertThat(keyPackages.get(1)).isNotEqualTo(keyPackages.get(0));
        assertThat(counters.mlsFailures()).isEqualTo(1);
        assertThat(senderSecret).isNull();
    }

    @Test
    void anUnusableCommitIsReportedAndRekeys() {
        DaveTestMember founder = joinThroughWelcome();
        session.executeTransition(7);
        session.clientsConnected(List.of(Long.toString(3003L)));
        byte[] add = gateway.add(DaveMls.bigEndian(CHANNEL), 1, new DaveTestMember(3003L).keyPackage());
        session.proposals(DaveTestGateway.append(List.of(add)));
        assertThat(sent).endsWith("28");
        sent.clear();
        // a commit from another member over a proposal we never got
        founder.propose(gateway.add(DaveMls.bigEndian(CHANNEL), 1, new DaveTestMember(4004L).keyPackage()));
        byte[][] foreign = founder.commit();
        session.commitAnnounced(11, foreign[0]);
        assertThat(sent).containsExactly("31:11", "26");
        assertThat(counters.mlsFailures()).isEqualTo(1);
    }
}
