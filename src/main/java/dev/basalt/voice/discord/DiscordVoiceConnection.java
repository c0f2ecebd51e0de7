package dev.basalt.voice.discord;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.basalt.voice.OpusFrameSource;
import dev.basalt.voice.VoiceClose;
import dev.basalt.voice.VoiceComponent;
import dev.basalt.voice.VoiceConnection;
import dev.basalt.voice.VoiceCredentials;
import dev.basalt.voice.VoiceEndpoint;
import dev.basalt.voice.VoiceEvent;
import dev.basalt.voice.discord.crypto.EncryptionMode;
import dev.basalt.voice.discord.crypto.TransportCipher;
import dev.basalt.voice.discord.dave.DaveFrameEncryptor;
import dev.basalt.voice.discord.dave.DaveSession;
import dev.basalt.voice.discord.dave.SenderKeyRatchet;
import dev.basalt.voice.discord.gateway.GatewayListener;
import dev.basalt.voice.discord.gateway.GatewayMessage;
import dev.basalt.voice.discord.gateway.VoiceGatewayClient;
import dev.basalt.voice.discord.udp.IpDiscovery;
import dev.basalt.voice.discord.udp.PacedSender;
import dev.basalt.voice.discord.udp.PacketSource;
import dev.basalt.voice.discord.udp.RtpPacketizer;
import dev.basalt.voice.discord.udp.UdpKeepAlive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guild's voice connection to Discord. One gateway socket at a time drives a voice session (SSRC, UDP address,
 * transport key); audio is pulled from the attached {@link OpusFrameSource} by the paced sender, one packet per
 * 20 ms. When the socket closes, {@link ClosePolicy} decides: resume (audio keeps flowing), a new session, or stop
 * and wait for new credentials.
 */
public final class DiscordVoiceConnection implements VoiceConnection, PacketSource {

    private static final Logger log = LoggerFactory.getLogger(DiscordVoiceConnection.class);
    private static final byte[] SILENCE_FRAME = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};
    private static final int SILENCE_FRAMES_AFTER_AUDIO = 5;
    private static final int KEEP_ALIVE_IDLE_SLOTS = 250;
    private static final int RTP_HEADER = 12;
    private static final int MAX_PACKET = 1500;
    /**
     * Benchmark switch (docs/benchmarks.md, "DAVE"): a JVM system property, deliberately not a configuration key,
     * holding a 16-byte hex base secret. When set, every connection encrypts its frames with a fixed ratchet from it,
     * as if an MLS group had produced it, so the cost of DAVE can be measured without Discord.
     */
    static final String BENCH_DAVE_SECRET_PROPERTY = "basalt.bench.daveFixedSecret";
    private static final byte[] BENCH_DAVE_SECRET = benchDaveSecret();

    private enum State { CONNECTING, CONNECTED, RESUMING, WAITING, CLOSED }

    private final long guildId;
    private final long userId;
    private final VoiceComponent owner;
    private final Consumer<VoiceConnection> onClose;
    private final DiscordVoiceTransport transport;

    // control state, guarded by this
    private VoiceCredentials credentials;
    private State state = State.CONNECTING;
    private volatile VoiceGatewayClient gateway;
    private int generation;
    private boolean hadReady;
    private int attempts;
    private boolean protocolErrorRetried;
    private int lastSeq = -1;
    /** System.nanoTime() of the first close of the current recovery, 0 when not recovering (for monitoring). */
    private long recoveringSince;
    private CompletableFuture<Void> ready = new CompletableFuture<>();
    private ScheduledFuture<?> handshakeTimeout;
    private DatagramChannel channel;
    private PacedSender.Registration registration;
    private volatile int ssrc;
    private EncryptionMode mode;
    /** DAVE for the current voice session; null when DAVE was not offered (disabled, or no channel id). */
    private DaveSession daveSession;

    // audio state, used by the sender thread only (published through volatile writes)
    private volatile OpusFrameSource source;
    private volatile TransportCipher cipher;
    private volatile RtpPacketizer packetizer;
    private volatile boolean speakingWanted;
    /** The DAVE protocol version the sender uses (set at executed transitions). */
    private volatile int daveVersion;
    private final ByteBuffer frame = ByteBuffer.allocate(MAX_PACKET);
    private final byte[] packet =
            new byte[RTP_HEADER + MAX_PACKET + DaveFrameEncryptor.maxOverhead() + TransportCipher.OVERHEAD];
    /** End-to-end encryption of each frame; passes frames through until DAVE installs a sender key ratchet. */
    private final DaveFrameEncryptor dave = new DaveFrameEncryptor();
    private boolean speaking;
    private int silenceLeft;
    private int idleSlots;
    private int keepAlives;
    private volatile ScheduledFuture<?> speakingOff;

    DiscordVoiceConnection(long guildId, long userId, VoiceCredentials credentials, VoiceComponent owner,
                           Consumer<VoiceConnection> onClose, DiscordVoiceTransport transport) {
        this.guildId = guildId;
        this.userId = userId;
        this.credentials = credentials;
        this.owner = owner;
        this.onClose = onClose;
        this.transport = transport;
        if (BENCH_DAVE_SECRET != null) {
            dave.setRatchet(new SenderKeyRatchet(BENCH_DAVE_SECRET));
        }
    }

    /** The frame encryptor of this connection; DAVE's gateway handling installs the sender key ratchet here. */
    DaveFrameEncryptor daveEncryptor() {
        return dave;
    }

    private static byte[] benchDaveSecret() {
        String hex = System.getProperty(BENCH_DAVE_SECRET_PROPERTY);
        if (hex == null || hex.isBlank()) {
            return null;
        }
        log.warn("Benchmark mode: every voice connection encrypts "
                + "its audio with a fixed DAVE key from -D{}; never use this outside a benchmark",
                BENCH_DAVE_SECRET_PROPERTY);
        return java.util.HexFormat.of().parseHex(hex.trim());
    }

    synchronized void start() {
        openGateway(false);
    }

    @Override
    public long guildId() {
        return guildId;
    }

    @Override
    public synchronized Long channelId() {
        return credentials.channelId();
    }

    @Override
    public VoiceComponent owner() {
        return owner;
    }

    @Override
    public synchronized VoiceCredentials credentials() {
        return credentials;
    }

    @Override
    public synchronized CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public synchronized boolean isGatewayOpen() {
        return gateway != null && gateway.isOpen();
    }

    @Override
    public synchronized long ping() {
        return gateway == null ? -1 : gateway.ping();
    }

    @Override
    public void attach(OpusFrameSource newSource) {
        source = newSource;
    }

    /** Sent and nulled frames as counted at the socket, or zeros before the first session. */
    public synchronized dev.basalt.voice.discord.udp.FrameCounts frameCounts() {
        return registration == null ? dev.basalt.voice.discord.udp.FrameCounts.ZERO : registration.counts();
    }

    /**
     * A new endpoint, token, session or channel starts a new voice session; a null endpoint means Discord is moving
     * the call, so the connection closes and waits for the next server update.
     */
    @Override
    public synchronized void notify(VoiceEvent event) {
        if (state == State.CLOSED) {
            return;
        }
        VoiceCredentials next = credentials;
        if (event instanceof VoiceEvent.VoiceServerUpdate server) {
            if (server.endpoint() == null) {
                log.info("Guild {}: Discord is moving the voice server; waiting for the new one", guildId);
                endSession(1000, "Voice server moving");
                state = State.WAITING;
                return;
            }
            next = new VoiceCredentials(server.token(), server.endpoint(), next.sessionId(), next.channelId());
        } else if (event instanceof VoiceEvent.VoiceStateUpdate voiceState) {
            next = new VoiceCredentials(next.token(), next.endpoint(), voiceState.sessionId(), voiceState.channelId());
        }
        if (next.equals(credentials) && state != State.WAITING) {
            return;
        }
        log.info("Guild {}: new voice credentials ({}); starting a new voice session", guildId, next.endpoint());
        credentials = next;
        recoveringSince = 0;
        endSession(1000, "New voice session");
        attempts = 0;
        protocolErrorRetried = false;
        if (ready.isDone()) {
            ready = new CompletableFuture<>();
        }
        openGateway(false);
    }

    @Override
    public void disconnect() {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            endSession(1000, "Disconnected");
            ready.completeExceptionally(new IllegalStateException("voice connection closed"));
        }
        source = null;
        onClose.accept(this);
    }

    // --- session lifecycle (all under this) ---

    private void openGateway(boolean resume) {
        int gen = ++generation;
        state = resume ? State.RESUMING : State.CONNECTING;
        URI uri = VoiceEndpoint.gatewayUri(credentials.endpoint());
        scheduleHandshakeTimeout(gen);
        int previousSeq = lastSeq;
        VoiceGatewayClient.connect(transport.http(), uri, guildId, new Listener(gen, resume, previousSeq), transport.timers(),
                transport.timing().handshakeTimeout()).whenComplete((client, error) -> {
                    synchronized (this) {
                        if (gen != generation) {
                            if (client != null) {
                                client.close(1000, "Superseded");
                            }
                            return;
                        }
                        if (error != null) {
                            Throwable cause = error.getCause() == null ? error : error.getCause();
                            log.warn("Guild {}: could not open the voice gateway {}: {}", guildId, uri, cause.toString());
                            onGatewayClosed(gen, 1006, "Could not connect: " + cause.getMessage(), false);
                            return;
                        }
                    }
                });
    }

    private void scheduleHandshakeTimeout(int gen) {
        cancelHandshakeTimeout();
        Duration timeout = transport.timing().handshakeTimeout();
        handshakeTimeout = transport.timers().schedule(() -> {
            synchronized (this) {
                if (gen == generation && (state == State.CONNECTING || state == State.RESUMING)) {
                    log.warn("Guild {}: the voice gateway did not complete the handshake within {} ms", guildId,
                            timeout.toMillis());
                    VoiceGatewayClient stale = gateway;
                    if (stale != null) {
                        stale.close(4000, "Handshake timed out");
                    } else {
                        onGatewayClosed(gen, 1006, "Handshake timed out", false);
                    }
                }
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelHandshakeTimeout() {
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
            handshakeTimeout = null;
        }
    }

    /** Ends the gateway and the UDP session; the next session starts from scratch. */
    private void endSession(int code, String reason) {
        generation++;
        cancelHandshakeTimeout();
        if (gateway != null) {
            gateway.close(code, reason);
            gateway = null;
        }
        stopAudio();
        hadReady = false;
        daveSession = null;
        useDaveKeys(0, null);
    }

    private void stopAudio() {
        ScheduledFuture<?> pending = speakingOff;
        if (pending != null) {
            pending.cancel(false);
        }
        cipher = null;
        packetizer = null;
        if (registration != null) {
            registration.close();
            registration = null;
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("Guild {}: closing the UDP socket failed: {}", guildId, e.toString());
            }
            channel = null;
        }
    }

    private synchronized void onMessage(int gen, GatewayMessage message) {
        if (gen != generation || state == State.CLOSED) {
            return;
        }
        VoiceGatewayClient client = gateway;
        if (client == null) {
            return;
        }
        if (message instanceof GatewayMessage.Hello) {
            if (state == State.RESUMING) {
                client.resume(credentials.sessionId(), credentials.token());
            } else {
                client.identify(userId, credentials.sessionId(), credentials.token(), offerDave());
            }
        } else if (message instanceof GatewayMessage.Dave op) {
            onDave(op);
        } else if (message instanceof GatewayMessage.ClientsConnect connect) {
            if (daveSession != null) {
                daveSession.clientsConnected(connect.userIds());
            }
        } else if (message instanceof GatewayMessage.ClientDisconnect disconnect) {
            if (daveSession != null) {
                daveSession.clientDisconnected(disconnect.userId());
            }
        } else if (message instanceof GatewayMessage.Ready r) {
            onReady(gen, r);
        } else if (message instanceof GatewayMessage.SessionDescription description) {
            onSessionDescription(description);
        } else if (message instanceof GatewayMessage.Resumed) {
            cancelHandshakeTimeout();
            state = State.CONNECTED;
            attempts = 0;
            recovered(true);
            log.info("Guild {}: voice gateway resumed", guildId);
        }
    }

    /**
     * The DAVE version this new session offers, creating its DAVE state. The MLS group id is the voice channel, so
     * without a channel id DAVE cannot start: such a session identifies without it and works wherever Discord does
     * not demand end-to-end encryption.
     */
    private int offerDave() {
        daveSession = null;
        if (!transport.daveEnabled()) {
            return 0;
        }
        Long channelId = credentials.channelId();
        if (channelId == null) {
            log.warn("Guild {}: the client sent no voice channelId, so this connection cannot offer end-to-end "
                    + "encryption (DAVE); calls that require it will be refused (close 4017). Update the Lavalink "
                    + "client so it sends channelId", guildId);
            return 0;
        }
        daveSession = new DaveSession(guildId, userId, channelId, new DaveReplies(), this::useDaveKeys,
                transport.daveCounters());
        return DiscordVoiceTransport.MAX_DAVE_PROTOCOL_VERSION;
    }

    private void onDave(GatewayMessage.Dave op) {
        if (daveSession == null) {
            log.debug("Guild {}: DAVE op {} without DAVE offered; ignoring", guildId, op.getClass().getSimpleName());
            return;
        }
        if (op instanceof GatewayMessage.DaveExternalSender m) {
            daveSession.externalSender(m.externalSender());
        } else if (op instanceof GatewayMessage.DaveProposals m) {
            daveSession.proposals(m.payload());
        } else if (op instanceof GatewayMessage.DaveAnnounceCommit m) {
            daveSession.commitAnnounced(m.transitionId(), m.commit());
        } else if (op instanceof GatewayMessage.DaveWelcome m) {
            daveSession.welcome(m.transitionId(), m.welcome());
        } else if (op instanceof GatewayMessage.DavePrepareTransition m) {
            daveSession.prepareTransition(m.transitionId(), m.protocolVersion());
        } else if (op instanceof GatewayMessage.DaveExecuteTransition m) {
            daveSession.executeTransition(m.transitionId());
        } else if (op instanceof GatewayMessage.DavePrepareEpoch m) {
            daveSession.prepareEpoch(m.epoch(), m.protocolVersion());
        }
    }

    /**
     * Swaps the sender's DAVE key state in one volatile write each; called on the gateway's thread at a transition,
     * read by the 20 ms path without locks.
     */
    private void useDaveKeys(int protocolVersion, byte[] baseSecret) {
        if (BENCH_DAVE_SECRET != null) {
            return; // the benchmark's fixed ratchet stays
        }
        dave.setRatchet(baseSecret == null ? null : new SenderKeyRatchet(baseSecret));
        daveVersion = protocolVersion;
    }

    /** Sends DAVE's replies on whatever socket is current (a resumed session keeps its DAVE state). */
    private final class DaveReplies implements DaveSession.Replies {
        @Override
        public void keyPackage(byte[] keyPackage) {
            VoiceGatewayClient client = gateway;
            if (client != null) {
                client.daveKeyPackage(keyPackage);
            }
        }

        @Override
        public void commitWelcome(byte[] commitWelcome) {
            VoiceGatewayClient client = gateway;
            if (client != null) {
                client.daveCommitWelcome(commitWelcome);
            }
        }

        @Override
        public void transitionReady(int transitionId) {
            VoiceGatewayClient client = gateway;
            if (client != null) {
                client.daveTransitionReady(transitionId);
            }
        }

        @Override
        public void invalidCommitWelcome(int transitionId) {
            VoiceGatewayClient client = gateway;
            if (client != null) {
                client.daveInvalidCommitWelcome(transitionId);
            }
        }
    }

    private void onReady(int gen, GatewayMessage.Ready r) {
        hadReady = true;
        ssrc = r.ssrc();
        Optional<EncryptionMode> selected = EncryptionMode.select(r.modes());
        if (selected.isEmpty()) {
            log.error("Guild {}: Discord offered no encryption mode Basalt supports: {}", guildId, r.modes());
            gateway.close(4016, "No supported encryption mode");
            return;
        }
        mode = selected.get();
        transport.workers().execute(() -> discoverAndSelect(gen, r));
    }

    /** IP discovery blocks for up to seconds, so it runs off the gateway's thread. */
    private void discoverAndSelect(int gen, GatewayMessage.Ready r) {
        DatagramChannel udp = null;
        try {
            udp = DatagramChannel.open();
            udp.connect(new InetSocketAddress(r.ip(), r.port()));
            InetSocketAddress external = IpDiscovery.discover(udp, r.ssrc(), 10, Duration.ofSeconds(1));
            synchronized (this) {
                if (gen != generation || gateway == null) {
                    udp.close();
                    return;
                }
                stopAudio();
                channel = udp;
                gateway.selectProtocol(external.getHostString(), external.getPort(), mode.wireName());
            }
        } catch (IOException e) {
            log.warn("Guild {}: UDP discovery with {}:{} failed: {}", guildId, r.ip(), r.port(), e.getMessage());
            if (udp != null) {
                try {
                    udp.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            synchronized (this) {
                if (gen == generation && gateway != null) {
                    gateway.close(4000, "UDP discovery failed");
                }
            }
        }
    }

    private void onSessionDescription(GatewayMessage.SessionDescription description) {
        Optional<EncryptionMode> chosen = EncryptionMode.byWireName(description.mode());
        if (chosen.isEmpty() || channel == null) {
            log.error("Guild {}: session description with unusable mode {}", guildId, description.mode());
            gateway.close(4016, "Unusable encryption mode");
            return;
        }
        cancelHandshakeTimeout();
        if (daveSession != null) {
            daveSession.start(description.daveProtocolVersion());
        }
        RtpPacketizer rtp = new RtpPacketizer(ssrc);
        cipher = TransportCipher.create(chosen.get(), description.secretKey());
        packetizer = rtp;
        // Discord drops audio from an SSRC that has not announced itself; announce before the first packet
        gateway.speaking(1, ssrc);
        speakingWanted = true;
        registration = transport.sender().register((InetSocketAddress) remoteAddress(), channel, this);
        state = State.CONNECTED;
        attempts = 0;
        recovered(false);
        log.info("Guild {}: voice connected ({}, {})", guildId, credentials.endpoint(), description.mode());
        ready.complete(null);
    }

    private java.net.SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private synchronized void onGatewayClosed(int gen, int code, String reason, boolean byRemote) {
        if (gen != generation || state == State.CLOSED || state == State.WAITING) {
            return;
        }
        if (gateway != null) {
            lastSeq = gateway.lastSeq();
        }
        gateway = null;
        cancelHandshakeTimeout();
        ClosePolicy.Action action = ClosePolicy.actionFor(code, hadReady);
        if (ClosePolicy.isProtocolError(code)) {
            if (protocolErrorRetried) {
                action = ClosePolicy.Action.STOP;
            }
            protocolErrorRetried = true;
        }
        attempts++;
        if (action != ClosePolicy.Action.STOP && attempts > transport.timing().maxAttempts()) {
            log.warn("Guild {}: giving up on the voice connection after {} attempts", guildId, attempts - 1);
            action = ClosePolicy.Action.STOP;
        }
        log.info("Guild {}: voice gateway closed with {} '{}' ({}); {}", guildId, code, reason,
                byRemote ? "by Discord" : "locally", describe(action));
        transport.observer().closed(code, action);
        if (action == ClosePolicy.Action.STOP) {
            recoveringSince = 0;
        } else if (recoveringSince == 0) {
            recoveringSince = System.nanoTime();
        }
        switch (action) {
            case RESUME:
                scheduleReconnect(true);
                break;
            case NEW_SESSION:
                if (ClosePolicy.isReportedWhileRecovering(code)) {
                    owner.reportClose(this, new VoiceClose(code, reason, byRemote, true));
                }
                stopAudio();
                hadReady = false;
                scheduleReconnect(false);
                break;
            default:
                stopAudio();
                hadReady = false;
                state = State.WAITING;
                ready.completeExceptionally(new IllegalStateException("voice gateway closed with " + code));
                owner.reportClose(this, new VoiceClose(code, explain(code, reason), byRemote, false));
        }
    }

    private void scheduleReconnect(boolean resume) {
        transport.observer().reconnecting(resume);
        int gen = ++generation;
        state = resume ? State.RESUMING : State.CONNECTING;
        Duration delay = transport.timing().delayBefore(attempts);
        transport.timers().schedule(() -> {
            synchronized (this) {
                if (gen == generation && state != State.CLOSED && state != State.WAITING) {
                    openGateway(resume);
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void recovered(boolean resumed) {
        if (recoveringSince != 0) {
            transport.observer().recovered(resumed, Duration.ofNanos(System.nanoTime() - recoveringSince));
            recoveringSince = 0;
        }
    }

    /** 4017 means the call demands end-to-end encryption; say why this node could not offer it. */
    private String explain(int code, String reason) {
        if (code != 4017) {
            return reason;
        }
        String why;
        if (!transport.daveEnabled()) {
            why = "this call requires end-to-end encryption (DAVE), which is disabled on this node by config "
                    + "(basalt.dave.enabled=false)";
        } else if (credentials.channelId() == null) {
            why = "this call requires end-to-end encryption (DAVE), which needs the voice channelId the client did "
                    + "not send; update the Lavalink client so it sends channelId";
        } else {
            why = "Discord refused this node's end-to-end encryption (DAVE)";
        }
        return reason.isEmpty() ? why : reason + " (" + why + ")";
    }

    private static String describe(ClosePolicy.Action action) {
        switch (action) {
            case RESUME:
                return "resuming the session";
            case NEW_SESSION:
                return "starting a new session";
            default:
                return "waiting for new voice credentials from the bot";
        }
    }

    // --- the 20 ms path: sender thread only, no locks, no allocation ---

    @Override
    public int nextPacket(ByteBuffer target) {
        TransportCipher c = cipher;
        RtpPacketizer rtp = packetizer;
        if (c == null || rtp == null) {
            return 0;
        }
        if (speakingWanted) {
            speakingWanted = false;
            speaking = true;
            silenceLeft = SILENCE_FRAMES_AFTER_AUDIO;
        }
        OpusFrameSource s = source;
        frame.clear();
        int payload;
        if (s != null && s.provideFrame(frame)) {
            if (!speaking) {
                speaking = true;
                announceSpeaking(1);
            }
            silenceLeft = SILENCE_FRAMES_AFTER_AUDIO;
            idleSlots = 0;
            if (daveVersion > 0 && !dave.isActive()) {
                // the call is end-to-end encrypted but this member has no key yet: never send audio in clear;
                // a silence frame (always clear) keeps the stream's timing
                transport.daveCounters().frameWithoutKey();
                payload = dave.encrypt(SILENCE_FRAME, 0, SILENCE_FRAME.length, packet, RTP_HEADER);
            } else {
                payload = dave.encrypt(frame.array(), frame.arrayOffset(), frame.position(), packet, RTP_HEADER);
            }
        } else if (silenceLeft > 0) {
            // five silence frames stop receivers from interpolating across the gap
            silenceLeft--;
            // DAVE leaves silence frames in clear; through the encryptor anyway so every frame takes one path
            payload = dave.encrypt(SILENCE_FRAME, 0, SILENCE_FRAME.length, packet, RTP_HEADER);
            if (silenceLeft == 0) {
                speaking = false;
                announceSpeaking(0);
            }
        } else {
            if (++idleSlots % KEEP_ALIVE_IDLE_SLOTS == 0) {
                // keeps the NAT binding open while nothing plays
                byte[] keepAlive = UdpKeepAlive.next(keepAlives++);
                target.put(keepAlive);
                return keepAlive.length;
            }
            return 0;
        }
        rtp.writeHeader(packet);
        int length = c.seal(packet, RTP_HEADER, payload);
        target.put(packet, 0, length);
        return length;
    }

    /**
     * Speaking must be on before the first packet reaches Discord and off only after the last. Packets leave the
     * native queue up to its buffer duration after they are made, so "off" waits that long (and is dropped if
     * audio resumes meanwhile); "on" goes out at once, ahead of the packet.
     */
    private void announceSpeaking(int mask) {
        ScheduledFuture<?> pending = speakingOff;
        if (pending != null) {
            pending.cancel(false);
            speakingOff = null;
        }
        Duration lead = transport.sendAhead();
        if (mask == 0 && !lead.isZero()) {
            speakingOff = transport.timers().schedule(() -> sendSpeaking(0), lead.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            sendSpeaking(mask);
        }
    }

    private void sendSpeaking(int mask) {
        VoiceGatewayClient client = gateway;
        if (client != null) {
            client.speaking(mask, ssrc);
        }
    }

    private final class Listener implements GatewayListener {
        private final int gen;
        private final boolean resume;
        private final int previousSeq;

        Listener(int gen, boolean resume, int previousSeq) {
            this.gen = gen;
            this.resume = resume;
            this.previousSeq = previousSeq;
        }

        @Override
        public void onOpen(VoiceGatewayClient client) {
            synchronized (DiscordVoiceConnection.this) {
                if (gen != generation) {
                    client.close(1000, "Superseded");
                    return;
                }
                gateway = client;
                if (resume) {
                    client.continueSequence(previousSeq);
                }
            }
        }

        @Override
        public void onMessage(GatewayMessage message) {
            DiscordVoiceConnection.this.onMessage(gen, message);
        }

        @Override
        public void onClosed(int code, String reason, boolean byRemote) {
            onGatewayClosed(gen, code, reason, byRemote);
        }
    }
}
