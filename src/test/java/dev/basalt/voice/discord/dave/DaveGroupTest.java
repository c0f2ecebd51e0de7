package dev.basalt.voice.discord.dave;

import java.util.List;
import java.util.Optional;

import dev.basalt.voice.discord.fake.DaveTestGateway;
import dev.basalt.voice.discord.fake.DaveTestMember;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Basalt's DAVE group state against an independent bcmls member and a test external sender: the group forms,
 * grows and shrinks through the gateway's proposals, and both sides agree on every epoch and every media secret.
 */
class DaveGroupTest {

    private static final long CHANNEL = 1234567890123456789L;
    private static final long US = 998877665544332211L;
    private static final long OTHER = 111222333444555666L;
    private static final long THIRD = 777888999000111222L;

    private final DaveTestGateway gateway = new DaveTestGateway();
    private DaveGroup ours;
    private byte[] groupId;

    @BeforeEach
    void setUp() throws Exception {
        ours = new DaveGroup(US, CHANNEL);
        ours.externalSender(gateway.externalSenderPackage());
        groupId = DaveMls.bigEndian(CHANNEL);
    }

    @Test
    void keyPackageHasDavesExactShape() {
        byte[] keyPackage = ours.reset();
        // version 1, suite 2, a 65-byte uncompressed P-256 init key
        assertThat(keyPackage).startsWith(0x00, 0x01, 0x00, 0x02, 0x40, 0x41, 0x04);
        String hex = org.bouncycastle.util.encoders.Hex.toHexString(keyPackage);
        // basic credential with our id big-endian, then capabilities {1},{2},{},{},{1}, source key_package, lifetime 0..max
        assertThat(hex).contains("0001" + "08" + String.format("%016x", US) + "0200010200020000020001" + "01"
                + "0000000000000000" + "ffffffffffffffff");
        assertThat(ours.reset()).isNotEqualTo(keyPackage); // single-use: a new one every time
    }

    @Test
    void twoMembersFormTheGroupThenAThirdJoinsAndLeaves() throws Exception {
        ours.reset();
        DaveTestMember other = new DaveTestMember(OTHER);
        ours.userConnected(OTHER);

        // initial creation: the gateway proposes the other member to our pending group; our commit wins
        byte[] addOther = gateway.add(groupId, 0, other.keyPackage());
        byte[][] commitWelcome = DaveTestGateway.split(ours.proposals(DaveTestGateway.append(List.of(addOther))).orElseThrow());
        assertThat(commitWelcome[1]).as("a commit that adds carries a Welcome").isNotNull();
        assertThat(ours.commitAnnounced(commitWelcome[0])).isTrue();
        other.join(commitWelcome[1]);
        assertThat(ours.epoch()).isEqualTo(1).isEqualTo(other.epoch());
        assertSameView(other);
        assertThat(ours.roster()).containsExactly(US, OTHER);

        // a third member joins; the other member's commit wins, we apply it
        DaveTestMember third = new DaveTestMember(THIRD);
        ours.userConnected(THIRD);
        byte[] addThird = gateway.add(groupId, 1, third.keyPackage());
        other.propose(addThird);
        assertThat(ours.proposals(DaveTestGateway.append(List.of(addThird)))).isPresent();
        byte[][] othersCommit = other.commit();
        assertThat(ours.commitAnnounced(othersCommit[0])).isTrue();
        other.apply(othersCommit[0]);
        third.join(othersCommit[1]);
        assertThat(ours.epoch()).isEqualTo(2);
        assertSameView(other);
        assertSameView(third);
        assertThat(ours.roster()).containsExactlyInAnyOrder(US, OTHER, THIRD);

        // the third leaves: external Remove; our commit (with a path) wins and the others apply it
        ours.userDisconnected(THIRD);
        byte[] removeThird = gateway.remove(groupId, 2, other.leafOf(THIRD));
        other.propose(removeThird);
        byte[][] ourRemove = DaveTestGateway.split(ours.proposals(DaveTestGateway.append(List.of(removeThird))).orElseThrow());
        assertThat(ourRemove[1]).as("a remove-only commit has no Welcome").isNull();
        assertThat(ours.commitAnnounced(ourRemove[0])).isTrue();
        other.apply(ourRemove[0]);
        assertThat(ours.epoch()).isEqualTo(3);
        assertSameView(other);
        assertThat(ours.roster()).containsExactlyInAnyOrder(US, OTHER);
        assertThat(ours.baseSecret(US)).isNotEqualTo(ours.baseSecret(OTHER)).hasSize(16);
    }

    @Test
    void weJoinThroughAWelcome() throws Exception {
        DaveTestMember founder = new DaveTestMember(OTHER);
        founder.found(CHANNEL, gateway.externalSenderPackage());
        byte[] ourKeyPackage = ours.reset();
        founder.propose(gateway.add(groupId, 0, ourKeyPackage));
        byte[][] commit = founder.commit();
        founder.apply(commit[0]);

        assertThat(ours.commitAnnounced(commit[0])).as("no proposals this epoch: not ours to process").isFalse();
        assertThat(ours.welcome(commit[1])).isTrue();
        assertThat(ours.isEstablished()).isTrue();
        assertThat(ours.epoch()).isEqualTo(1);
        assertSameView(founder);
        assertThat(ours.welcome(commit[1])).as("a second Welcome is ignored").isFalse();
    }

    @Test
    void revokedProposalsAreLeftOutOfOurCommit() throws Exception {
        ours.reset();
        DaveTestMember other = new DaveTestMember(OTHER);
        DaveTestMember third = new DaveTestMember(THIRD);
        ours.userConnected(OTHER);
        ours.userConnected(THIRD);
        byte[] addOther = gateway.add(groupId, 0, other.keyPackage());
        byte[] addThird = gateway.add(groupId, 0, third.keyPackage());
        assertThat(ours.proposals(DaveTestGateway.append(List.of(addOther, addThird)))).isPresent();
        byte[][] afterRevoke = DaveTestGateway.split(ours.proposals(
                DaveTestGateway.revoke(List.of(DaveTestGateway.ref(addThird)))).orElseThrow());
        assertThat(ours.commitAnnounced(afterRevoke[0])).isTrue();
        other.join(afterRevoke[1]);
        assertSameView(other);
        assertThat(ours.roster()).containsExactly(US, OTHER);

        assertThatThrownBy(() -> ours.proposals(DaveTestGateway.revoke(List.of(new byte[32]))))
                .isInstanceOf(InvalidGroupMessageException.class).hasMessageContaining("unknown proposal");
    }

    @Test
    void refusesAddsOfUsersNotInTheCall() {
        ours.reset();
        DaveTestMember stranger = new DaveTestMember(OTHER);
        byte[] add = gateway.add(groupId, 0, stranger.keyPackage());
        assertThatThrownBy(() -> ours.proposals(DaveTestGateway.append(List.of(add))))
                .isInstanceOf(InvalidGroupMessageException.class).hasMessageContaining("not in the call");
    }

    @Test
    void refusesProposalsNotSignedByTheGateway() {
        ours.reset();
        ours.userConnected(OTHER);
        DaveTestGateway impostor = new DaveTestGateway();
        byte[] add = impostor.add(groupId, 0, new DaveTestMember(OTHER).keyPackage());
        assertThatThrownBy(() -> ours.proposals(DaveTestGateway.append(List.of(add))))
                .isInstanceOf(InvalidGroupMessageException.class);
    }

    @Test
    void refusesAWelcomeIntoAGroupWithAnotherExternalSender() {
        DaveTestGateway foreignGateway = new DaveTestGateway();
        DaveTestMember founder = new DaveTestMember(OTHER);
        founder.found(CHANNEL, foreignGateway.externalSenderPackage());
        byte[] ourKeyPackage = ours.reset();
        founder.propose(foreignGateway.add(groupId, 0, ourKeyPackage));
        byte[][] commit = founder.commit();
        assertThatThrownBy(() -> ours.welcome(commit[1]))
                .isInstanceOf(InvalidGroupMessageException.class).hasMessageContaining("external sender");
        assertThat(ours.isEstablished()).isFalse();
    }

    @Test
    void ignoresCommitsWithoutProposalsThisEpoch() throws Exception {
        ours.reset();
        assertThat(ours.commitAnnounced(new byte[] {0, 1, 0, 1})).isFalse();
        assertThat(ours.proposals(DaveTestGateway.append(List.of()))).isEqualTo(Optional.empty());
    }

    private void assertSameView(DaveTestMember member) {
        assertThat(ours.epochAuthenticator()).isEqualTo(member.epochAuthenticator());
        assertThat(ours.baseSecret(US)).isEqualTo(member.baseSecret(US));
        assertThat(ours.baseSecret(OTHER)).isEqualTo(member.baseSecret(OTHER));
    }
}
