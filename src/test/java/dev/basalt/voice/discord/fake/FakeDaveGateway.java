package dev.basalt.voice.discord.fake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.basalt.voice.discord.dave.DaveFrameDecryptor;
import dev.basalt.voice.discord.dave.DaveMls;
import dev.basalt.voice.discord.dave.SenderKeyRatchet;
import tools.jackson.databind.JsonNode;

/**
 * The DAVE side of {@link FakeDiscordVoiceServer} (spec 9.3): the voice gateway as the group's external sender and
 * delivery service, plus one simulated member ({@code anchor}) who is in the call before the client and founds
 * the group, and any further simulated members a test lets join or leave.
 *
 * <p>Flow: the client's key package is added by the anchor's commit and the client gets a Welcome (op 30). A
 * joining member is proposed to everybody (op 27); the client's commit wins and its Welcome lets the member in.
 * A leaving member is removed by the anchor's commit (op 29). Every commit or Welcome goes out with a transition
 * id; when the client reports it ready (op 23) the gateway executes it (op 22). The anchor's view gives the
 * client's media key per epoch, so the server decrypts what the client sends.
 *
 * <p>Everything runs under the server's lock.
 */
final class FakeDaveGateway {

    private final FakeDiscordVoiceServer server;
    private final long channelId;
    private final DaveTestGateway gateway = new DaveTestGateway();
    private final DaveTestMember anchor;
    private final Map<Long, DaveTestMember> joining = new HashMap<>();
    private final Map<Integer, String> awaitingReady = new LinkedHashMap<>();
    private final List<Integer> executed = new ArrayList<>();
    private final List<Integer> invalidReports = new ArrayList<>();
    /** Receivers for the client's frames, newest epoch first (old ones stay for frames in flight). */
    private final List<EpochKeys> receivers = new ArrayList<>();
    private int decryptorDisagreements;
    private long clientUser;
    private boolean clientInGroup;
    private long awaitingClientCommitEpoch = -1;
    private int nextTransition = 1;
    /** The version the gateway last executed: 0 after a downgrade (plain Opus is then expected). */
    private int protocolVersion = 1;
    private int keyPackages;
    private boolean corruptNextWelcome;
    private int commitsFromClient;

    FakeDaveGateway(FakeDiscordVoiceServer server, long channelId, long anchorUser) {
        this.server = server;
        this.channelId = channelId;
        this.anchor = new DaveTestMember(anchorUser);
    }

    /** After Session Description with version 1: introduce the anchor and the external sender. */
    void sessionStarted(String clientUserId) {
        synchronized (DaveMls.LOCK) {
            clientUser = Long.parseLong(clientUserId);
            if (!anchor.inGroup()) {
                anchor.found(channelId, gateway.externalSenderPackage());
            }
            server.sendClientsConnect(Long.toString(anchor.userId()));
            server.sendBinary(25, gateway.externalSenderPackage());
        }
    }

    void onBinary(int op, byte[] payload) {
        synchronized (DaveMls.LOCK) {
            if (op == 26) {
                keyPackages++;
                welcomeClient(payload);
            } else if (op == 28) {
                commitsFromClient++;
                if (awaitingClientCommitEpoch == anchor.epoch()) {
                    byte[][] parts = DaveTestGateway.split(payload);
                    anchor.apply(parts[0]);
                    awaitingClientCommitEpoch = -1;
                    for (DaveTestMember member : joining.values()) {
                        if (parts[1] != null) {
                            member.join(parts[1]);
                        }
                    }
                    joining.clear();
                    newEpoch();
                    int id = transition("client commit");
                    server.sendBinary(29, DaveTestGateway.withTransition(id, parts[0]));
                }
            }
        }
    }

    void onJson(int op, JsonNode d) {
        synchronized (DaveMls.LOCK) {
            int id = d == null ? -1 : d.path("transition_id").asInt(-1);
            String what = op == 23 ? awaitingReady.remove(id) : null;
            if (what != null) {
                executed.add(id);
                protocolVersion = what.equals("downgrade") ? 0 : 1;
                server.sendJson(22, Map.of("transition_id", id));
            } else if (op == 31) {
                invalidReports.add(id);
                clientInGroup = false;
            }
        }
    }

    private void welcomeClient(byte[] keyPackage) {
        byte[] groupId = anchor.groupId();
        if (clientInGroup || anchor.leafOf(clientUser) >= 0) {
            // re-add after op 31: the old leaf goes in the same commit
            anchor.propose(gateway.remove(groupId, anchor.epoch(), anchor.leafOf(clientUser)));
        }
        anchor.propose(gateway.add(groupId, anchor.epoch(), keyPackage));
        byte[][] commit = anchor.commit();
        anchor.apply(commit[0]);
        clientInGroup = true;
        newEpoch();
        int id = transition("welcome");
        byte[] welcome = commit[1];
        if (corruptNextWelcome) {
            corruptNextWelcome = false;
            welcome = welcome.clone();
            welcome[welcome.length - 5] ^= 0x55; // inside the encrypted GroupInfo: its AEAD tag no longer matches
        }
        server.sendBinary(30, DaveTestGateway.withTransition(id, welcome));
    }

    /** A simulated member connects; the client's commit over the gateway's Add wins. */
    void memberJoins(long user) {
        synchronized (DaveMls.LOCK) {
            DaveTestMember member = new DaveTestMember(user);
            server.sendClientsConnect(Long.toString(user));
            byte[] add = gateway.add(anchor.groupId(), anchor.epoch(), member.keyPackage());
            anchor.propose(add);
            joining.put(user, member);
            awaitingClientCommitEpoch = anchor.epoch();
            server.sendBinary(27, DaveTestGateway.append(List.of(add)));
        }
    }

    /** A simulated member disconnects; the anchor's commit over the gateway's Remove wins. */
    void memberLeaves(long user) {
        synchronized (DaveMls.LOCK) {
            server.sendClientDisconnect(Long.toString(user));
            byte[] remove = gateway.remove(anchor.groupId(), anchor.epoch(), anchor.leafOf(user));
            anchor.propose(remove);
            server.sendBinary(27, DaveTestGateway.append(List.of(remove)));
            byte[][] commit = anchor.commit();
            anchor.apply(commit[0]);
            newEpoch();
            int id = transition("anchor commit");
            server.sendBinary(29, DaveTestGateway.withTransition(id, commit[0]));
        }
    }

    /** The next Welcome for the client is damaged; the client must report it (op 31) and send a new key package. */
    void corruptNextWelcome() {
        synchronized (DaveMls.LOCK) {
            corruptNextWelcome = true;
        }
    }

    /** Downgrade (op 21 with version 0); the client reports ready and the gateway executes. */
    void downgrade() {
        synchronized (DaveMls.LOCK) {
            int id = transition("downgrade");
            server.sendJson(21, Map.of("transition_id", id, "protocol_version", 0));
        }
    }

    private int transition(String what) {
        int id = nextTransition++;
        awaitingReady.put(id, what);
        return id;
    }

    private void newEpoch() {
        byte[] secret = anchor.baseSecret(clientUser);
        receivers.add(0, new EpochKeys(new DaveMediaReceiver(secret), new DaveFrameDecryptor(new SenderKeyRatchet(secret))));
        if (receivers.size() > 3) {
            receivers.remove(receivers.size() - 1);
        }
    }

    /** The client's Opus frame, or null when no current or recent epoch key opens it. */
    byte[] decrypt(byte[] frame) {
        synchronized (DaveMls.LOCK) {
            for (EpochKeys keys : receivers) {
                byte[] opus = keys.own().decrypt(frame);
                if (opus != null) {
                    // Basalt's own decryptor (with its replay and generation checks) must agree
                    try {
                        if (!java.util.Arrays.equals(opus, keys.project().decrypt(frame, 0, frame.length))) {
                            decryptorDisagreements++;
                        }
                    } catch (RuntimeException e) {
                        decryptorDisagreements++;
                    }
                    return opus;
                }
            }
            return null;
        }
    }

    int protocolVersion() {
        synchronized (DaveMls.LOCK) {
            return protocolVersion;
        }
    }

    long epoch() {
        synchronized (DaveMls.LOCK) {
            return anchor.epoch();
        }
    }

    List<Long> rosterOfAnchor(List<Long> users) {
        synchronized (DaveMls.LOCK) {
            List<Long> present = new ArrayList<>();
            for (long user : users) {
                if (anchor.leafOf(user) >= 0) {
                    present.add(user);
                }
            }
            return present;
        }
    }

    byte[] anchorAuthenticator() {
        synchronized (DaveMls.LOCK) {
            return anchor.epochAuthenticator();
        }
    }

    List<Integer> executed() {
        synchronized (DaveMls.LOCK) {
            return List.copyOf(executed);
        }
    }

    List<Integer> invalidReports() {
        synchronized (DaveMls.LOCK) {
            return List.copyOf(invalidReports);
        }
    }

    int decryptorDisagreements() {
        synchronized (DaveMls.LOCK) {
            return decryptorDisagreements;
        }
    }

    /** One epoch's keys for the client's frames: the fake's own decryption and Basalt's DaveFrameDecryptor. */
    private record EpochKeys(DaveMediaReceiver own, DaveFrameDecryptor project) {
    }

    int keyPackages() {
        synchronized (DaveMls.LOCK) {
            return keyPackages;
        }
    }

    int commitsFromClient() {
        synchronized (DaveMls.LOCK) {
            return commitsFromClient;
        }
    }
}
