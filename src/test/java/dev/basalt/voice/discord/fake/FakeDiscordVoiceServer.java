package dev.basalt.voice.discord.fake;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sedmelluq.discord.lavaplayer.natives.opus.OpusDecoder;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A strict stand-in for a Discord voice server (spec {@code shared/spec/discord-voice.md} sections 2–4): a TLS
 * voice gateway speaking version 8 on {@code wss://localhost:PORT/?v=8} and a UDP media socket on
 * {@code 127.0.0.1}, for testing Basalt's voice client without Discord.
 *
 * <p>It plays the server side of a session (Hello, Ready, Session Description, heartbeat ACKs, Resumed and
 * re-delivery of missed numbered messages, IP discovery), decrypts and decodes the audio it receives, and
 * records everything a test may want to assert. Whatever the client does wrong is either answered with the
 * close code Discord documents or, when Discord would not close, recorded in {@link #violations()}; a correct
 * client leaves that list empty. Deliberate test scenarios that a correct client handles (wrong credentials,
 * an invalidated session) are answered with their close codes but are not violations.
 *
 * <p>Start one with {@link #start()} or {@link #builder()}; each instance binds its own ephemeral TCP and UDP
 * ports, so two instances model an endpoint move. Clients trust its certificate through the JVM default trust
 * store, which the build points at {@code src/test/resources/tls/test-truststore.p12}.
 *
 * <p>Numbered messages: every server JSON message except Hello (8), Heartbeat ACK (6) and Resumed (9) — those
 * three belong to one connection — carries a top-level {@code seq}, and every server binary frame starts with it
 * (uint16). The counter is per session, 16 bits wide (it wraps), starts at {@link Builder#firstSeq} (default 1),
 * and messages sent while the session has no connection are buffered and delivered after a Resume.
 */
public final class FakeDiscordVoiceServer implements AutoCloseable {

    public static final String DEFAULT_GUILD_ID = "1100000000000000001";
    public static final String DEFAULT_USER_ID = "1200000000000000002";
    public static final String DEFAULT_SESSION_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    public static final String DEFAULT_TOKEN = "fake0voice0token0";
    public static final double DEFAULT_HEARTBEAT_INTERVAL_MILLIS = 41_250;
    public static final List<String> DEFAULT_MODES =
            List.of(TransportCrypto.AES_GCM, TransportCrypto.XCHACHA, "xsalsa20_poly1305");
    public static final Duration DEFAULT_GRACE = Duration.ofMillis(250);
    public static final Duration DEFAULT_PAUSE_THRESHOLD = Duration.ofMillis(200);
    /** Password of both PKCS12 files under {@code src/test/resources/tls/}. */
    public static final String TLS_PASSWORD = "basalt-test";
    static final String SERVER_KEYSTORE = "/tls/fake-discord-server.p12";

    /** Discord's Opus silence frame. */
    public static final byte[] SILENCE_FRAME = {(byte) 0xF8, (byte) 0xFF, (byte) 0xFE};

    /** PCM kept for analysis at most (per list): two minutes of stereo. */
    private static final int MAX_PCM_SHORTS = 2 * 60 * AudioSnapshot.SAMPLE_RATE * AudioSnapshot.CHANNELS;
    private static final Set<Integer> CLIENT_JSON_OPS = Set.of(0, 1, 3, 5, 7, 23, 31);
    private static final Set<String> IDENTIFY_FIELDS =
            Set.of("server_id", "user_id", "session_id", "token", "max_dave_protocol_version");

    private static final Logger log = LoggerFactory.getLogger(FakeDiscordVoiceServer.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // ---------------------------------------------------------------------------------------------- records

    /**
     * An Identify (op 0) as received; {@code maxDaveProtocolVersion} is null when the field was absent;
     * {@code otherFields} names any fields of {@code d} beyond the five documented ones (not a violation: Discord
     * ignores them, but a test can insist on the minimal form).
     */
    public record Identify(int connection, String serverId, String userId, String sessionId, String token,
                           Number maxDaveProtocolVersion, List<String> otherFields, String raw) {
    }

    /** A Resume (op 7) as received and whether it was honoured. {@code seqAck} null = field absent. */
    public record Resume(int connection, String serverId, String sessionId, String token, Integer seqAck,
                         boolean accepted) {
    }

    /** A Select Protocol (op 1) as received. */
    public record SelectProtocol(int connection, String protocol, String address, int port, String mode,
                                 String raw) {
    }

    /** A Speaking (op 5) from the client, with its arrival time ({@link System#nanoTime()}). */
    public record Speaking(int connection, long nanos, int speaking, int delay, long ssrc) {
    }

    /**
     * A Heartbeat (op 3): the nonce as JSON text, the {@code seq_ack} (null = absent), whether it matched what
     * the server had sent, and the time since the previous heartbeat on that connection (NaN for the first).
     */
    public record Heartbeat(int connection, long nanos, String nonce, Integer seqAck, boolean seqAckValid,
                            double sincePreviousMillis) {
    }

    /** A closed gateway connection; {@code byClient} = the client initiated the close. */
    public record GatewayClose(int connection, int code, String reason, boolean byClient) {
    }

    /** A binary frame from the client: {@code opcode | payload} (no sequence number). */
    public record BinaryFrame(int connection, int op, byte[] payload) {
    }

    /** A JSON message with a DAVE opcode (23, 31) from the client, kept for later DAVE tests. */
    public record DaveMessage(int connection, int op, String raw) {
    }

    /** One answered IP discovery: the SSRC asked about and the address reported back. */
    public record Discovery(long ssrc, String address, int port) {
    }

    // --------------------------------------------------------------------------------------------- builder

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a server with all defaults (heartbeat 41250 ms, default credentials and modes). */
    public static FakeDiscordVoiceServer start() {
        return builder().start();
    }

    /** Settings fixed at start; most have a runtime setter too. */
    public static final class Builder {
        private double heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL_MILLIS;
        private List<String> modes = DEFAULT_MODES;
        private String guildId = DEFAULT_GUILD_ID;
        private String userId = DEFAULT_USER_ID;
        private String sessionId = DEFAULT_SESSION_ID;
        private String token = DEFAULT_TOKEN;
        private List<String> clientsConnect = List.of();
        private boolean speakingEcho = true;
        private boolean heartbeatAcks = true;
        private Long ssrc;
        private int firstSeq = 1;
        private Duration grace = DEFAULT_GRACE;
        private long dropSeed = 42;
        private Long daveChannelId;
        private long daveAnchorUser;

        private Builder() {
        }

        /**
         * DAVE mode (spec 9.3): the call requires end-to-end encryption (an Identify without DAVE is closed with
         * 4017), Session Description says version 1, and the server acts as the DAVE gateway with one simulated
         * member already in the call, who founds the MLS group of {@code channelId}. See {@link FakeDaveGateway}.
         */
        public Builder dave(long channelId, long anchorUserId) {
            this.daveChannelId = channelId;
            this.daveAnchorUser = anchorUserId;
            return this;
        }

        /** Hello's heartbeat_interval in ms; fractions are sent as a JSON float (e.g. 500.5). */
        public Builder heartbeatInterval(double millis) {
            this.heartbeatInterval = millis;
            return this;
        }

        /** Ready's {@code modes}. */
        public Builder offeredModes(String... modes) {
            this.modes = List.of(modes);
            return this;
        }

        /** The only Identify/Resume credentials accepted. */
        public Builder credentials(String guildId, String userId, String sessionId, String token) {
            this.guildId = guildId;
            this.userId = userId;
            this.sessionId = sessionId;
            this.token = token;
            return this;
        }

        /** Send Clients Connect (op 11) with these user ids right after Ready. */
        public Builder clientsConnect(String... userIds) {
            this.clientsConnect = List.of(userIds);
            return this;
        }

        /** Answer every client Speaking with a numbered server Speaking (op 5); default on. */
        public Builder speakingEcho(boolean echo) {
            this.speakingEcho = echo;
            return this;
        }

        public Builder heartbeatAcks(boolean acks) {
            this.heartbeatAcks = acks;
            return this;
        }

        /** A fixed SSRC for every session instead of a random one (random ones always have the top bit set). */
        public Builder ssrc(long ssrc) {
            this.ssrc = ssrc & 0xFFFFFFFFL;
            return this;
        }

        /** The first {@code seq} of each session (0–65535); e.g. 65534 to exercise the wrap. */
        public Builder firstSeq(int firstSeq) {
            this.firstSeq = firstSeq & 0xFFFF;
            return this;
        }

        /**
         * Slack for races between the TCP and UDP paths and for heartbeat timing: a seq_ack may lag a message
         * sent less than this long ago; Speaking may arrive this much after the audio it announces; heartbeats
         * are late after 1.5 × interval + grace.
         */
        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        /** Seed for {@link #setUdpDropRate(double)}. */
        public Builder dropSeed(long seed) {
            this.dropSeed = seed;
            return this;
        }

        public FakeDiscordVoiceServer start() {
            return new FakeDiscordVoiceServer(this);
        }
    }

    // ----------------------------------------------------------------------------------------------- state

    private final Object lock = new Object();
    private final SecureRandom random = new SecureRandom();
    private final Random dropRandom;
    private final long graceNanos;
    private final Long fixedSsrc;
    private final int firstSeq;
    private final List<String> clientsConnectOnReady;
    /** Null unless in DAVE mode; guarded by lock. */
    private final FakeDaveGateway dave;

    private final Gateway gateway;
    private final DatagramChannel udp;
    private final Thread udpThread;
    private final ScheduledExecutorService watchdog;
    private final ExecutorService closer;
    private volatile boolean running = true;

    // everything below is guarded by lock
    private double heartbeatInterval;
    private List<String> offeredModes;
    private String guildId;
    private String userId;
    private String sessionId;
    private String token;
    private boolean speakingEcho;
    private boolean heartbeatAcks;
    private int dropNext;
    private double dropRate;

    private final List<Conn> conns = new ArrayList<>();
    private final Map<String, Session> sessionsById = new HashMap<>();
    private final Map<Long, Session> sessionsBySsrc = new HashMap<>();
    private Session currentSession;

    private final List<String> violations = new ArrayList<>();
    private final List<String> clientMessages = new ArrayList<>();
    private final List<Identify> identifies = new ArrayList<>();
    private final List<Resume> resumes = new ArrayList<>();
    private final List<SelectProtocol> selects = new ArrayList<>();
    private final List<Speaking> speaking = new ArrayList<>();
    private final List<Heartbeat> heartbeats = new ArrayList<>();
    private final List<GatewayClose> closes = new ArrayList<>();
    private final List<BinaryFrame> binaryFrames = new ArrayList<>();
    private final List<DaveMessage> daveMessages = new ArrayList<>();
    private final List<Discovery> discoveries = new ArrayList<>();
    private final List<Exception> gatewayErrors = new ArrayList<>();
    private int heartbeatAcksSent;
    private int keepAlives;
    private int rtcpPackets;
    private int droppedDatagrams;
    private int decryptFailures;
    private int audioBeforeSpeaking;
    private int audioWhileNotSpeaking;
    private int daveDecrypted;
    private int daveUndecryptable;
    private int davePlain;

    private final List<AudioSnapshot.Packet> packets = new ArrayList<>();
    private final List<Pending> pendingChecks = new ArrayList<>();
    private short[] pcm = new short[0];
    private int pcmSize;
    private short[] voicedPcm = new short[0];
    private int voicedSize;

    private FakeDiscordVoiceServer(Builder builder) {
        this.heartbeatInterval = builder.heartbeatInterval;
        this.offeredModes = builder.modes;
        this.guildId = builder.guildId;
        this.userId = builder.userId;
        this.sessionId = builder.sessionId;
        this.token = builder.token;
        this.clientsConnectOnReady = builder.clientsConnect;
        this.dave = builder.daveChannelId == null ? null
                : new FakeDaveGateway(this, builder.daveChannelId, builder.daveAnchorUser);
        this.speakingEcho = builder.speakingEcho;
        this.heartbeatAcks = builder.heartbeatAcks;
        this.fixedSsrc = builder.ssrc;
        this.firstSeq = builder.firstSeq;
        this.graceNanos = builder.grace.toNanos();
        this.dropRandom = new Random(builder.dropSeed);
        this.closer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fake-discord-closer");
            t.setDaemon(true);
            return t;
        });
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try {
            udp = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
            udp.bind(new InetSocketAddress(loopback, 0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the fake voice server's UDP socket", e);
        }
        gateway = new Gateway(new InetSocketAddress(loopback, 0));
        gateway.setReuseAddr(true);
        gateway.setTcpNoDelay(true);
        gateway.setDaemon(true);
        gateway.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(serverSslContext()));
        gateway.start();
        try {
            if (!gateway.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the fake voice gateway did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (gateway.startFailure != null) {
            closeQuietly();
            throw new IllegalStateException("the fake voice gateway failed to start", gateway.startFailure);
        }
        udpThread = new Thread(this::udpLoop, "fake-discord-udp-" + gateway.getPort());
        udpThread.setDaemon(true);
        udpThread.start();
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-discord-watchdog-" + gateway.getPort());
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::watch, 25, 25, TimeUnit.MILLISECONDS);
        log.info("Fake Discord voice server on wss://{}/?v=8, UDP 127.0.0.1:{}", endpoint(), udpPort());
    }

    /** The server side of the test TLS material: key and chain from {@code tls/fake-discord-server.p12}. */
    public static SSLContext serverSslContext() {
        try (InputStream in = FakeDiscordVoiceServer.class.getResourceAsStream(SERVER_KEYSTORE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + SERVER_KEYSTORE);
            }
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, TLS_PASSWORD.toCharArray());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, TLS_PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the fake voice server's TLS key", e);
        }
    }

    // ------------------------------------------------------------------------------------------ addresses

    /** What a bot's VOICE_SERVER_UPDATE would carry: {@code localhost:PORT} (no scheme). */
    public String endpoint() {
        return "localhost:" + gateway.getPort();
    }

    /** {@code wss://localhost:PORT/?v=8}. */
    public URI gatewayUri() {
        return URI.create("wss://" + endpoint() + "/?v=8");
    }

    public int gatewayPort() {
        return gateway.getPort();
    }

    public int udpPort() {
        try {
            return ((InetSocketAddress) udp.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String guildId() {
        synchronized (lock) {
            return guildId;
        }
    }

    public String userId() {
        synchronized (lock) {
            return userId;
        }
    }

    public String sessionId() {
        synchronized (lock) {
            return sessionId;
        }
    }

    public String token() {
        synchronized (lock) {
            return token;
        }
    }

    /** SSRC of the most recent session (Ready's {@code ssrc}); -1 before any Identify succeeded. */
    public long ssrc() {
        synchronized (lock) {
            return currentSession == null ? -1 : currentSession.ssrc;
        }
    }

    /** Transport key of the most recent session; null before any. */
    public byte[] secretKey() {
        synchronized (lock) {
            return currentSession == null ? null : currentSession.key.clone();
        }
    }

    /** Mode of the most recent session's Session Description; null before Select Protocol. */
    public String selectedMode() {
        synchronized (lock) {
            return currentSession == null ? null : currentSession.mode;
        }
    }

    /** The last {@code seq} the most recent session has sent (or buffered); -1 if none. */
    public int lastSeq() {
        synchronized (lock) {
            return currentSession == null || currentSession.log.isEmpty() ? -1
                    : currentSession.log.get(currentSession.log.size() - 1).seq;
        }
    }

    // ------------------------------------------------------------------------------------------- controls

    /** Credentials the next Identify / Resume must carry (e.g. after a simulated VOICE_SERVER_UPDATE). */
    public void expectCredentials(String guildId, String userId, String sessionId, String token) {
        synchronized (lock) {
            this.guildId = guildId;
            this.userId = userId;
            this.sessionId = sessionId;
            this.token = token;
        }
    }

    public void setHeartbeatAcks(boolean acks) {
        synchronized (lock) {
            this.heartbeatAcks = acks;
        }
    }

    /** Hello's interval for connections opened from now on. */
    public void setHeartbeatInterval(double millis) {
        synchronized (lock) {
            this.heartbeatInterval = millis;
        }
    }

    /** Ready's {@code modes} for sessions identified from now on. */
    public void setOfferedModes(String... modes) {
        synchronized (lock) {
            this.offeredModes = List.of(modes);
        }
    }

    public void setSpeakingEcho(boolean echo) {
        synchronized (lock) {
            this.speakingEcho = echo;
        }
    }

    /** Drops the next {@code n} incoming datagrams of any kind (discovery, audio, keep-alive) unseen. */
    public void dropUdp(int n) {
        synchronized (lock) {
            dropNext += n;
        }
    }

    /** Drops each incoming datagram with this probability (seeded, see {@link Builder#dropSeed}). */
    public void setUdpDropRate(double rate) {
        synchronized (lock) {
            dropRate = rate;
        }
    }

    /**
     * Closes the newest open gateway connection with {@code code}. 1006 cannot be sent in a close frame, so for
     * 1006 the TCP connection is dropped without one (what a network failure looks like).
     */
    public void closeGateway(int code, String reason) {
        Conn target;
        synchronized (lock) {
            target = newestOpenConn();
            if (target == null) {
                throw new IllegalStateException("no open gateway connection to close");
            }
        }
        if (code == 1006) {
            target.ws.closeConnection(1006, reason);
        } else {
            target.ws.close(code, reason);
        }
    }

    /** Forgets the most recent session, so that its next Resume is answered with 4006. */
    public void invalidateSession() {
        synchronized (lock) {
            if (currentSession != null) {
                currentSession.invalid = true;
            }
        }
    }

    /** Sends a numbered binary frame {@code seq(uint16 BE) | op | payload} on the current session. */
    public int sendBinary(int op, byte[] payload) {
        synchronized (lock) {
            Session s = requireSession();
            int seq = s.takeSeq();
            byte[] frame = ByteBuffer.allocate(3 + payload.length).putShort((short) seq).put((byte) op)
                    .put(payload).array();
            deliver(s, new Numbered(seq, null, frame));
            return seq;
        }
    }

    /** Sends a numbered JSON message {@code {"op", "d", "seq"}}; {@code d} is serialized with Jackson. */
    public int sendJson(int op, Object d) {
        synchronized (lock) {
            return sendNumbered(requireSession(), op, JSON.valueToTree(d));
        }
    }

    /** Clients Connect (op 11). */
    public int sendClientsConnect(String... userIds) {
        synchronized (lock) {
            return sendNumbered(requireSession(), 11, clientsConnectPayload(List.of(userIds)));
        }
    }

    /** Client Disconnect (op 13). */
    public int sendClientDisconnect(String userId) {
        synchronized (lock) {
            ObjectNode d = NODES.objectNode().put("user_id", userId);
            return sendNumbered(requireSession(), 13, d);
        }
    }

    /** A server Speaking (op 5) about another user. */
    public int sendSpeaking(String userId, long ssrc, int speakingMask) {
        synchronized (lock) {
            ObjectNode d = NODES.objectNode().put("user_id", userId).put("ssrc", ssrc & 0xFFFFFFFFL)
                    .put("speaking", speakingMask);
            return sendNumbered(requireSession(), 5, d);
        }
    }

    /** Forgets received packets and PCM (not the sessions), to measure one phase of a test on its own. */
    public void resetAudio() {
        synchronized (lock) {
            packets.clear();
            pendingChecks.clear();
            pcm = new short[0];
            pcmSize = 0;
            voicedPcm = new short[0];
            voicedSize = 0;
        }
    }

    /** Stops the gateway (open connections get 1001), the UDP socket and the decoders. Idempotent. */
    public void stop() {
        if (!running) {
            return;
        }
        running = false;
        closeQuietly();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void closeQuietly() {
        running = false;
        try {
            gateway.stop(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("stopping the fake gateway", e);
        }
        try {
            udp.close();
        } catch (IOException ignored) {
            // closing
        }
        if (watchdog != null) {
            watchdog.shutdownNow();
        }
        closer.shutdownNow();
        if (udpThread != null) {
            try {
                udpThread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    /**
     * Protocol mistakes of the client so far. Audio/Speaking ordering is judged {@code grace} after a packet
     * arrives, so this waits (at most that long) until every packet received before the call is judged.
     */
    public List<String> violations() {
        long asOf = System.nanoTime();
        synchronized (lock) {
            while (running && hasPendingBefore(asOf) && System.nanoTime() < asOf + graceNanos + 50_000_000L) {
                waitOn(10);
            }
            evaluatePending(System.nanoTime());
            return List.copyOf(violations);
        }
    }

    /** Throws an AssertionError listing the violations, if there are any. */
    public void assertNoViolations() {
        List<String> found = violations();
        if (!found.isEmpty()) {
            throw new AssertionError("the fake Discord voice server recorded " + found.size()
                    + " protocol violation(s):\n  " + String.join("\n  ", found));
        }
    }

    /** Every text frame the client sent, in order. */
    public List<String> clientMessages() {
        synchronized (lock) {
            return List.copyOf(clientMessages);
        }
    }

    public List<Identify> identifyRecords() {
        synchronized (lock) {
            return List.copyOf(identifies);
        }
    }

    public List<Resume> resumeRecords() {
        synchronized (lock) {
            return List.copyOf(resumes);
        }
    }

    public List<SelectProtocol> selectProtocolRecords() {
        synchronized (lock) {
            return List.copyOf(selects);
        }
    }

    /** Every client Speaking in arrival order (all sessions). */
    public List<Speaking> speakingTimeline() {
        synchronized (lock) {
            return List.copyOf(speaking);
        }
    }

    public List<Heartbeat> heartbeatRecords() {
        synchronized (lock) {
            return List.copyOf(heartbeats);
        }
    }

    /** Time between consecutive heartbeats on the same connection, in ms. */
    public List<Double> heartbeatIntervalsMillis() {
        synchronized (lock) {
            return heartbeats.stream().map(Heartbeat::sincePreviousMillis).filter(d -> !Double.isNaN(d)).toList();
        }
    }

    public List<GatewayClose> closes() {
        synchronized (lock) {
            return List.copyOf(closes);
        }
    }

    public List<BinaryFrame> binaryFrames() {
        synchronized (lock) {
            return List.copyOf(binaryFrames);
        }
    }

    public List<DaveMessage> daveMessages() {
        synchronized (lock) {
            return List.copyOf(daveMessages);
        }
    }

    public List<Discovery> discoveries() {
        synchronized (lock) {
            return List.copyOf(discoveries);
        }
    }

    /** Exceptions Java-WebSocket reported for connections (e.g. TLS handshakes a client aborted). */
    public List<Exception> gatewayErrors() {
        synchronized (lock) {
            return List.copyOf(gatewayErrors);
        }
    }

    /** Accepted Identifies (after the credential check). */
    public int identifies() {
        synchronized (lock) {
            return identifies.size();
        }
    }

    /** Honoured Resumes. */
    public int resumes() {
        synchronized (lock) {
            return (int) resumes.stream().filter(Resume::accepted).count();
        }
    }

    public int rejectedResumes() {
        synchronized (lock) {
            return (int) resumes.stream().filter(r -> !r.accepted()).count();
        }
    }

    public int heartbeats() {
        synchronized (lock) {
            return heartbeats.size();
        }
    }

    public int heartbeatAcksSent() {
        synchronized (lock) {
            return heartbeatAcksSent;
        }
    }

    /** WebSocket connections opened so far (including rejected ones). */
    public int connections() {
        synchronized (lock) {
            return conns.size();
        }
    }

    public int openConnections() {
        synchronized (lock) {
            return (int) conns.stream().filter(c -> c.open).count();
        }
    }

    public int keepAlives() {
        synchronized (lock) {
            return keepAlives;
        }
    }

    public int rtcpPackets() {
        synchronized (lock) {
            return rtcpPackets;
        }
    }

    public int droppedDatagrams() {
        synchronized (lock) {
            return droppedDatagrams;
        }
    }

    public int decryptFailures() {
        synchronized (lock) {
            return decryptFailures;
        }
    }

    /** Audio packets that arrived before the session's first non-zero Speaking (the first is a violation). */
    public int audioBeforeSpeaking() {
        synchronized (lock) {
            evaluatePending(System.nanoTime());
            return audioBeforeSpeaking;
        }
    }

    /** Non-silence packets while the client had declared speaking 0. */
    public int audioWhileNotSpeaking() {
        synchronized (lock) {
            evaluatePending(System.nanoTime());
            return audioWhileNotSpeaking;
        }
    }

    public AudioSnapshot audio() {
        return audio(DEFAULT_PAUSE_THRESHOLD);
    }

    public AudioSnapshot audio(Duration pauseThreshold) {
        synchronized (lock) {
            return new AudioSnapshot(packets, Arrays.copyOf(pcm, pcmSize), Arrays.copyOf(voicedPcm, voicedSize),
                    pauseThreshold.toNanos(), System.nanoTime());
        }
    }

    /** Silence frames right before the most recent pause in the audio (-1 if there was no pause yet). */
    public int trailingSilenceFrames() {
        return audio().trailingSilenceFrames();
    }

    // --------------------------------------------------------------------------------------------- awaits

    public Identify awaitIdentify(Duration timeout) {
        return awaitIdentifies(1, timeout).get(0);
    }

    /** Waits for at least {@code n} accepted Identifies; returns them all. */
    public List<Identify> awaitIdentifies(int n, Duration timeout) {
        return await("accepted Identify #" + n, timeout, () -> identifies.size() >= n ? List.copyOf(identifies) : null);
    }

    /** Waits for at least {@code n} honoured Resumes; returns the last one. */
    public Resume awaitResumes(int n, Duration timeout) {
        return await("honoured Resume #" + n, timeout, () -> {
            List<Resume> ok = resumes.stream().filter(Resume::accepted).toList();
            return ok.size() >= n ? ok.get(ok.size() - 1) : null;
        });
    }

    public SelectProtocol awaitSelectProtocol(Duration timeout) {
        return await("Select Protocol", timeout, () -> selects.isEmpty() ? null : selects.get(selects.size() - 1));
    }

    /** Waits for a Speaking with a non-zero mask; returns the first such. */
    public Speaking awaitSpeaking(Duration timeout) {
        return await("Speaking with a non-zero mask", timeout,
                () -> speaking.stream().filter(s -> s.speaking() != 0).findFirst().orElse(null));
    }

    /** Waits for a Speaking with exactly {@code mask} after the {@code after}-th Speaking (0 = any). */
    public Speaking awaitSpeakingState(int mask, int after, Duration timeout) {
        return await("Speaking " + mask + " after Speaking #" + after, timeout,
                () -> speaking.stream().skip(after).filter(s -> s.speaking() == mask).findFirst().orElse(null));
    }

    /** Waits until {@code n} gateway connections have been opened in total. */
    public int awaitConnections(int n, Duration timeout) {
        return await(n + " gateway connection(s)", timeout, () -> conns.size() >= n ? conns.size() : null);
    }

    public int awaitHeartbeats(int n, Duration timeout) {
        return await(n + " heartbeat(s)", timeout, () -> heartbeats.size() >= n ? heartbeats.size() : null);
    }

    /** Waits for {@code n} closed gateway connections in total; returns all closes. */
    public List<GatewayClose> awaitCloses(int n, Duration timeout) {
        return await(n + " closed gateway connection(s)", timeout,
                () -> closes.size() >= n ? List.copyOf(closes) : null);
    }

    public int awaitDiscoveries(int n, Duration timeout) {
        return await(n + " IP discovery request(s)", timeout,
                () -> discoveries.size() >= n ? discoveries.size() : null);
    }

    /** Waits until {@code n} audio packets (since the last {@link #resetAudio()}) have arrived. */
    public AudioSnapshot awaitPackets(int n, Duration timeout) {
        await(n + " audio packet(s)", timeout, () -> packets.size() >= n ? Boolean.TRUE : null);
        return audio();
    }

    /** Waits until the audio has paused (see {@link AudioSnapshot}) at least {@code n} times. */
    public AudioSnapshot awaitAudioPauses(int n, Duration timeout) {
        AudioSnapshot[] last = new AudioSnapshot[1];
        await(n + " pause(s) in the audio", timeout, () -> {
            if (packets.isEmpty()) {
                return null;
            }
            AudioSnapshot snapshot = new AudioSnapshot(packets, new short[0], new short[0],
                    DEFAULT_PAUSE_THRESHOLD.toNanos(), System.nanoTime());
            return snapshot.pauses() >= n ? snapshot : null;
        });
        return audio();
    }

    /** Waits for any condition on this server (evaluated under its lock, re-checked on every event). */
    public void awaitCondition(String description, Duration timeout, BooleanSupplier condition) {
        await(description, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    private <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                T value = probe.get();
                if (value != null) {
                    return value;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !running) {
                    throw new AssertionError("fake Discord voice server: " + (running ? "timed out after "
                            + timeout.toMillis() + " ms" : "stopped") + " waiting for " + what + "; closes="
                            + closes + ", violations=" + violations);
                }
                waitOn(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    private void waitOn(long millis) {
        try {
            lock.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    // ------------------------------------------------------------------------------------- session model

    private static final class Numbered {
        final int seq;
        final String text;
        final byte[] binary;
        /** When it last went out on a connection; Long.MAX_VALUE while only buffered. */
        long sentNanos = Long.MAX_VALUE;

        Numbered(int seq, String text, byte[] binary) {
            this.seq = seq;
            this.text = text;
            this.binary = binary;
        }
    }

    private final class Session {
        final String guildId;
        final String userId;
        final String sessionId;
        final String token;
        final long ssrc;
        final byte[] key = new byte[32];
        final List<String> modes;
        final List<Numbered> log = new ArrayList<>();
        final Set<Integer> nonces = new HashSet<>();
        int nextSeq = firstSeq;
        int ackedIndex = -1;
        boolean invalid;
        Conn conn;
        Discovery discovered;
        boolean selected;
        String mode;
        Long firstSpeakingNanos;
        final List<Speaking> speakingEvents = new ArrayList<>();
        boolean flaggedBeforeSpeaking;
        int flaggedZeroIndex = -1;
        boolean flaggedNonceReuse;
        /** Only touched by the UDP thread. */
        OpusDecoder decoder;

        Session(String guildId, String userId, String sessionId, String token, long ssrc, List<String> modes) {
            this.guildId = guildId;
            this.userId = userId;
            this.sessionId = sessionId;
            this.token = token;
            this.ssrc = ssrc;
            this.modes = modes;
            random.nextBytes(key);
        }

        int takeSeq() {
            int seq = nextSeq;
            nextSeq = (nextSeq + 1) & 0xFFFF;
            return seq;
        }

        int indexOfSeq(int seq) {
            for (int i = log.size() - 1; i >= 0; i--) {
                if (log.get(i).seq == seq) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static final class Conn {
        final int id;
        final WebSocket ws;
        final double interval;
        final long helloNanos;
        long lastHeartbeatNanos;
        String lastNonce;
        int heartbeatCount;
        boolean lateFlagged;
        boolean rejected;
        boolean authenticated;
        boolean open = true;
        Session session;

        Conn(int id, WebSocket ws, double interval, long now) {
            this.id = id;
            this.ws = ws;
            this.interval = interval;
            this.helloNanos = now;
        }
    }

    private record Pending(Session session, AudioSnapshot.Packet packet) {
    }

    private Session requireSession() {
        if (currentSession == null) {
            throw new IllegalStateException("no session: nothing has identified yet");
        }
        return currentSession;
    }

    private Conn newestOpenConn() {
        for (int i = conns.size() - 1; i >= 0; i--) {
            if (conns.get(i).open) {
                return conns.get(i);
            }
        }
        return null;
    }

    private void violation(String message) {
        violations.add(message);
        log.warn("Voice protocol violation: {}", message);
        lock.notifyAll();
    }

    private int sendNumbered(Session s, int op, JsonNode d) {
        int seq = s.takeSeq();
        ObjectNode message = NODES.objectNode();
        message.put("op", op);
        message.set("d", d);
        message.put("seq", seq);
        deliver(s, new Numbered(seq, message.toString(), null));
        return seq;
    }

    private void deliver(Session s, Numbered n) {
        s.log.add(n);
        if (s.conn != null && s.conn.open) {
            send(s.conn, n);
        }
    }

    private void send(Conn c, Numbered n) {
        n.sentNanos = System.nanoTime();
        try {
            if (n.text != null) {
                c.ws.send(n.text);
            } else {
                c.ws.send(n.binary);
            }
        } catch (RuntimeException e) {
            log.debug("send on gateway connection #{} failed", c.id, e);
        }
    }

    private void sendUnnumbered(Conn c, int op, JsonNode d) {
        ObjectNode message = NODES.objectNode();
        message.put("op", op);
        message.set("d", d);
        try {
            c.ws.send(message.toString());
        } catch (RuntimeException e) {
            log.debug("send on gateway connection #{} failed", c.id, e);
        }
    }

    /**
     * Closes outside our lock: Java-WebSocket's close holds the connection's monitor and calls back into
     * onClose, which takes our lock, so closing while holding it could deadlock with its selector thread.
     */
    private void closeWith(Conn c, int code, String reason) {
        c.rejected = true;
        closer.execute(() -> c.ws.close(code, reason));
    }

    /** A client mistake Discord answers with a close code. */
    private void protocolClose(Conn c, int code, String reason, String violation) {
        violation("gateway #" + c.id + ": " + violation + " -> closed " + code);
        closeWith(c, code, reason);
    }

    private static ObjectNode clientsConnectPayload(List<String> userIds) {
        ObjectNode d = NODES.objectNode();
        ArrayNode ids = d.putArray("user_ids");
        userIds.forEach(ids::add);
        return d;
    }

    private static JsonNode number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? NODES.numberNode((long) value)
                : NODES.numberNode(value);
    }

    // -------------------------------------------------------------------------------------------- gateway

    private final class Gateway extends WebSocketServer {
        final CountDownLatch started = new CountDownLatch(1);
        volatile Exception startFailure;

        Gateway(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket ws, ClientHandshake handshake) {
            onGatewayOpen(ws, handshake.getResourceDescriptor());
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean remote) {
            onGatewayClose(ws, code, reason, remote);
        }

        @Override
        public void onMessage(WebSocket ws, String message) {
            onGatewayText(ws, message);
        }

        @Override
        public void onMessage(WebSocket ws, ByteBuffer message) {
            onGatewayBinary(ws, message);
        }

        @Override
        public void onError(WebSocket ws, Exception ex) {
            if (ws == null) {
                startFailure = ex;
                started.countDown();
                log.warn("fake voice gateway failure", ex);
                return;
            }
            synchronized (lock) {
                gatewayErrors.add(ex);
            }
            log.debug("fake voice gateway connection error", ex);
        }
    }

    private void onGatewayOpen(WebSocket ws, String resource) {
        long now = System.nanoTime();
        synchronized (lock) {
            Conn c = new Conn(conns.size() + 1, ws, heartbeatInterval, now);
            c.lastHeartbeatNanos = now;
            ws.setAttachment(c);
            conns.add(c);
            String problem = versionProblem(resource);
            if (problem != null) {
                protocolClose(c, 4020, "Bad request: gateway version 8 required", problem);
            } else {
                ObjectNode hello = NODES.objectNode();
                hello.set("heartbeat_interval", number(c.interval));
                hello.put("v", 8);
                sendUnnumbered(c, 8, hello);
            }
            lock.notifyAll();
        }
    }

    private static String versionProblem(String resource) {
        try {
            URI uri = new URI(resource == null ? "" : resource);
            String path = uri.getPath();
            if (path != null && !path.isEmpty() && !path.equals("/")) {
                return "connected to path '" + resource + "', expected /?v=8";
            }
            String query = uri.getRawQuery();
            if (query != null) {
                for (String part : query.split("&")) {
                    if (part.equals("v=8")) {
                        return null;
                    }
                }
            }
            return "connected to '" + resource + "' without v=8";
        } catch (URISyntaxException e) {
            return "unparseable resource '" + resource + "'";
        }
    }

    private void onGatewayClose(WebSocket ws, int code, String reason, boolean remote) {
        synchronized (lock) {
            Conn c = ws.getAttachment();
            if (c == null) {
                return;
            }
            c.open = false;
            if (c.session != null && c.session.conn == c) {
                c.session.conn = null;
            }
            closes.add(new GatewayClose(c.id, code, reason, remote));
            lock.notifyAll();
        }
    }

    private void onGatewayBinary(WebSocket ws, ByteBuffer message) {
        synchronized (lock) {
            Conn c = ws.getAttachment();
            if (c == null || c.rejected) {
                return;
            }
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            if (bytes.length == 0) {
                protocolClose(c, 4002, "Failed to decode payload", "empty binary frame");
                return;
            }
            if (!c.authenticated) {
                protocolClose(c, 4003, "Not authenticated", "binary op " + (bytes[0] & 0xFF) + " before Identify");
                return;
            }
            binaryFrames.add(new BinaryFrame(c.id, bytes[0] & 0xFF, Arrays.copyOfRange(bytes, 1, bytes.length)));
            if (dave != null) {
                dave.onBinary(bytes[0] & 0xFF, Arrays.copyOfRange(bytes, 1, bytes.length));
            }
            lock.notifyAll();
        }
    }

    private void onGatewayText(WebSocket ws, String text) {
        long now = System.nanoTime();
        synchronized (lock) {
            Conn c = ws.getAttachment();
            if (c == null || c.rejected) {
                return;
            }
            clientMessages.add(text);
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (JacksonException e) {
                protocolClose(c, 4002, "Failed to decode payload", "undecodable JSON: " + abbreviate(text));
                return;
            }
            JsonNode opNode = message == null ? null : message.get("op");
            if (opNode == null || !opNode.isIntegralNumber()) {
                protocolClose(c, 4002, "Failed to decode payload", "message without an integer op: "
                        + abbreviate(text));
                return;
            }
            int op = opNode.asInt();
            JsonNode d = message.get("d");
            if (!CLIENT_JSON_OPS.contains(op)) {
                protocolClose(c, 4001, "Unknown opcode", "unknown or server-only op " + op);
                return;
            }
            if (op != 0 && op != 3 && op != 7 && !c.authenticated) {
                protocolClose(c, 4003, "Not authenticated", "op " + op + " before Identify/Resume");
                return;
            }
            switch (op) {
                case 0 -> onIdentify(c, d, text);
                case 1 -> onSelectProtocol(c, d, text);
                case 3 -> onHeartbeat(c, d, now);
                case 5 -> onSpeaking(c, d, now);
                case 7 -> onResume(c, d);
                default -> {
                    daveMessages.add(new DaveMessage(c.id, op, text));
                    if (dave != null) {
                        dave.onJson(op, d);
                    }
                }
            }
            lock.notifyAll();
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private String requiredString(Conn c, JsonNode d, String field, String op, List<String> missing) {
        JsonNode node = d == null ? null : d.get(field);
        if (node == null || node.isNull()) {
            missing.add(field);
            return null;
        }
        if (!node.isString()) {
            violation("gateway #" + c.id + ": " + op + " field " + field + " is " + node.getNodeType()
                    + ", expected a string");
        }
        return node.asString();
    }

    private void onIdentify(Conn c, JsonNode d, String raw) {
        if (c.authenticated) {
            protocolClose(c, 4005, "Already authenticated", "second Identify/Resume on one connection");
            return;
        }
        if (d == null || !d.isObject()) {
            protocolClose(c, 4020, "Bad request", "Identify without an object d");
            return;
        }
        List<String> missing = new ArrayList<>();
        String serverId = requiredString(c, d, "server_id", "Identify", missing);
        String user = requiredString(c, d, "user_id", "Identify", missing);
        String session = requiredString(c, d, "session_id", "Identify", missing);
        String tok = requiredString(c, d, "token", "Identify", missing);
        JsonNode dave = d.get("max_dave_protocol_version");
        Number maxDave = null;
        if (dave == null) {
            violation("gateway #" + c.id + ": Identify without max_dave_protocol_version");
        } else if (!dave.isNumber()) {
            violation("gateway #" + c.id + ": Identify max_dave_protocol_version is " + dave.getNodeType());
        } else {
            maxDave = dave.numberValue();
        }
        if (!missing.isEmpty()) {
            protocolClose(c, 4020, "Bad request", "Identify without " + missing);
            return;
        }
        if (!tok.equals(token) || !serverId.equals(guildId) || !user.equals(userId) || !session.equals(sessionId)) {
            log.info("gateway #{}: Identify with other credentials than expected -> 4004", c.id);
            closeWith(c, 4004, "Authentication failed");
            return;
        }
        List<String> otherFields = d.propertyNames().stream().filter(name -> !IDENTIFY_FIELDS.contains(name))
                .toList();
        identifies.add(new Identify(c.id, serverId, user, session, tok, maxDave, otherFields, raw));
        if (this.dave != null && (maxDave == null || maxDave.intValue() < 1)) {
            log.info("gateway #{}: DAVE required but not offered -> 4017", c.id);
            closeWith(c, 4017, "E2EE/DAVE protocol required");
            return;
        }
        long ssrc = fixedSsrc != null ? fixedSsrc : (1L << 31) | (random.nextInt() & 0x7FFFFFFFL);
        Session s = new Session(serverId, user, session, tok, ssrc, offeredModes);
        sessionsBySsrc.put(ssrc, s);
        sessionsById.put(session, s);
        currentSession = s;
        s.conn = c;
        c.session = s;
        c.authenticated = true;

        ObjectNode ready = NODES.objectNode();
        ready.put("ssrc", ssrc);
        ready.put("ip", "127.0.0.1");
        ready.put("port", udpPort());
        ArrayNode modes = ready.putArray("modes");
        s.modes.forEach(modes::add);
        ready.set("heartbeat_interval", number(c.interval / 3)); // bogus on purpose: clients must use Hello's
        ready.putArray("experiments").add("fake_experiment");
        ready.putArray("streams");
        sendNumbered(s, 2, ready);
        if (!clientsConnectOnReady.isEmpty()) {
            sendNumbered(s, 11, clientsConnectPayload(clientsConnectOnReady));
        }
    }

    private void onResume(Conn c, JsonNode d) {
        if (c.authenticated) {
            protocolClose(c, 4005, "Already authenticated", "Resume on an authenticated connection");
            return;
        }
        if (d == null || !d.isObject()) {
            protocolClose(c, 4020, "Bad request", "Resume without an object d");
            return;
        }
        List<String> missing = new ArrayList<>();
        String serverId = requiredString(c, d, "server_id", "Resume", missing);
        String session = requiredString(c, d, "session_id", "Resume", missing);
        String tok = requiredString(c, d, "token", "Resume", missing);
        JsonNode ackNode = d.get("seq_ack");
        Integer seqAck = null;
        if (ackNode == null) {
            violation("gateway #" + c.id + ": Resume without seq_ack");
        } else if (!ackNode.isIntegralNumber()) {
            violation("gateway #" + c.id + ": Resume seq_ack is " + ackNode.getNodeType());
        } else {
            seqAck = ackNode.asInt();
        }
        if (!missing.isEmpty()) {
            resumes.add(new Resume(c.id, serverId, session, tok, seqAck, false));
            protocolClose(c, 4020, "Bad request", "Resume without " + missing);
            return;
        }
        Session s = sessionsById.get(session);
        if (s == null) {
            resumes.add(new Resume(c.id, serverId, session, tok, seqAck, false));
            protocolClose(c, 4006, "Session is no longer valid",
                    "Resume of session " + session + " that never had Ready on this server");
            return;
        }
        if (s.invalid) {
            resumes.add(new Resume(c.id, serverId, session, tok, seqAck, false));
            log.info("gateway #{}: Resume of an invalidated session -> 4006", c.id);
            closeWith(c, 4006, "Session is no longer valid");
            return;
        }
        if (!tok.equals(s.token) || !serverId.equals(s.guildId)) {
            resumes.add(new Resume(c.id, serverId, session, tok, seqAck, false));
            log.info("gateway #{}: Resume with other credentials than the session's -> 4004", c.id);
            closeWith(c, 4004, "Authentication failed");
            return;
        }
        int from;
        if (seqAck == null || seqAck == -1) {
            from = 0;
        } else {
            int index = s.indexOfSeq(seqAck);
            if (index < 0) {
                resumes.add(new Resume(c.id, serverId, session, tok, seqAck, false));
                protocolClose(c, 4006, "Session is no longer valid", "Resume seq_ack " + seqAck
                        + " is no seq this session sent (last sent " + lastSeqOf(s) + ")");
                return;
            }
            from = index + 1;
        }
        if (from - 1 < s.ackedIndex) {
            violation("gateway #" + c.id + ": Resume seq_ack " + seqAck + " is older than the seq_ack "
                    + s.log.get(s.ackedIndex).seq + " already heartbeated");
        }
        s.ackedIndex = Math.max(s.ackedIndex, from - 1);
        resumes.add(new Resume(c.id, serverId, session, tok, seqAck, true));
        if (s.conn != null && s.conn != c && s.conn.open) {
            s.conn.session = null;
        }
        s.conn = c;
        c.session = s;
        c.authenticated = true;
        sendUnnumbered(c, 9, NODES.nullNode());
        for (int i = from; i < s.log.size(); i++) {
            send(c, s.log.get(i));
        }
    }

    private static int lastSeqOf(Session s) {
        return s.log.isEmpty() ? -1 : s.log.get(s.log.size() - 1).seq;
    }

    private void onSelectProtocol(Conn c, JsonNode d, String raw) {
        Session s = c.session;
        if (d == null || !d.isObject()) {
            protocolClose(c, 4020, "Bad request", "Select Protocol without an object d");
            return;
        }
        JsonNode protocol = d.get("protocol");
        if (protocol == null || !protocol.isString() || !protocol.asString().equals("udp")) {
            protocolClose(c, 4012, "Unknown protocol", "Select Protocol protocol " + protocol);
            return;
        }
        JsonNode data = d.get("data");
        if (data == null || !data.isObject() || !data.path("address").isString()
                || !data.path("port").isIntegralNumber() || !data.path("mode").isString()) {
            protocolClose(c, 4020, "Bad request", "Select Protocol data lacks address/port/mode: "
                    + abbreviate(raw));
            return;
        }
        String address = data.get("address").asString();
        int port = data.get("port").asInt();
        String mode = data.get("mode").asString();
        selects.add(new SelectProtocol(c.id, "udp", address, port, mode, raw));
        if (!TransportCrypto.AEAD_MODES.contains(mode)) {
            protocolClose(c, 4016, "Unknown encryption mode", "Select Protocol with deprecated/unknown mode "
                    + mode);
            return;
        }
        if (!s.modes.contains(mode)) {
            protocolClose(c, 4016, "Unknown encryption mode", "Select Protocol with mode " + mode
                    + " that Ready did not offer " + s.modes);
            return;
        }
        if (s.selected) {
            violation("gateway #" + c.id + ": second Select Protocol in one session");
        }
        if (s.discovered == null) {
            violation("gateway #" + c.id + ": Select Protocol before any IP discovery for SSRC " + s.ssrc);
        } else if (!s.discovered.address().equals(address) || s.discovered.port() != port) {
            violation("gateway #" + c.id + ": Select Protocol address " + address + ":" + port
                    + " differs from IP discovery's " + s.discovered.address() + ":" + s.discovered.port());
        }
        s.selected = true;
        s.mode = mode;
        ObjectNode description = NODES.objectNode();
        description.put("mode", mode);
        ArrayNode key = description.putArray("secret_key");
        for (byte b : s.key) {
            key.add(b & 0xFF);
        }
        description.put("dave_protocol_version", dave == null ? 0 : 1);
        description.put("audio_codec", "opus");
        description.put("video_codec", "H264");
        description.put("media_session_id", Long.toHexString(random.nextLong()));
        sendNumbered(s, 4, description);
        if (dave != null) {
            dave.sessionStarted(s.userId);
        }
    }

    private void onHeartbeat(Conn c, JsonNode d, long now) {
        String nonce = null;
        Integer seqAck = null;
        if (d == null || !d.isObject()) {
            violation("gateway #" + c.id + ": Heartbeat d is " + (d == null ? "absent" : d.getNodeType())
                    + ", v8 wants {t, seq_ack}");
            if (d != null && d.isNumber()) {
                nonce = d.toString();
            }
        } else {
            JsonNode t = d.get("t");
            if (t == null || !t.isNumber()) {
                violation("gateway #" + c.id + ": Heartbeat without a numeric nonce t");
            } else {
                nonce = t.toString();
            }
            JsonNode ack = d.get("seq_ack");
            if (ack != null && !ack.isNull()) {
                if (ack.isIntegralNumber()) {
                    seqAck = ack.asInt();
                } else {
                    violation("gateway #" + c.id + ": Heartbeat seq_ack is " + ack.getNodeType());
                }
            }
        }
        if (nonce != null && nonce.equals(c.lastNonce)) {
            violation("gateway #" + c.id + ": Heartbeat repeats the previous nonce " + nonce);
        }
        c.lastNonce = nonce;

        boolean valid = true;
        Session s = c.authenticated ? c.session : null;
        if (s != null) {
            int index = acceptableAckIndex(s, seqAck, now);
            if (index == Integer.MIN_VALUE) {
                valid = false;
                violation("gateway #" + c.id + ": Heartbeat seq_ack " + seqAck + " but the last seq sent was "
                        + lastSeqOf(s));
            } else {
                s.ackedIndex = Math.max(s.ackedIndex, index);
            }
        }

        boolean first = c.heartbeatCount++ == 0;
        double since = first ? Double.NaN : (now - c.lastHeartbeatNanos) / 1e6;
        double sinceHelloOrLast = (now - c.lastHeartbeatNanos) / 1e6;
        double late = 1.5 * c.interval + graceNanos / 1e6;
        if (!first && since < 0.5 * c.interval) {
            violation(String.format("gateway #%d: heartbeat %.1f ms after the previous one (interval %.1f ms)",
                    c.id, since, c.interval));
        }
        if (sinceHelloOrLast > late && !c.lateFlagged) {
            violation(String.format("gateway #%d: heartbeat %.1f ms after the %s (interval %.1f ms)", c.id,
                    sinceHelloOrLast, first ? "Hello" : "previous one", c.interval));
        }
        c.lateFlagged = false;
        c.lastHeartbeatNanos = now;
        heartbeats.add(new Heartbeat(c.id, now, nonce, seqAck, valid, since));
        if (heartbeatAcks && d != null) {
            ObjectNode ackPayload = NODES.objectNode();
            ackPayload.set("t", d.isObject() ? d.get("t") : d);
            sendUnnumbered(c, 6, ackPayload);
            heartbeatAcksSent++;
        }
    }

    /**
     * The log index a seq_ack acknowledges (-1 for "nothing"), or MIN_VALUE if it cannot be right: it must name
     * the last message sent, or one whose successors were all sent less than {@code grace} ago (in flight).
     */
    private int acceptableAckIndex(Session s, Integer seqAck, long arrival) {
        long horizon = arrival - graceNanos;
        boolean nothing = seqAck == null || seqAck == -1;
        for (int i = s.log.size() - 1; i >= 0; i--) {
            Numbered n = s.log.get(i);
            if (!nothing && n.seq == seqAck) {
                return i;
            }
            if (n.sentNanos < horizon) {
                return Integer.MIN_VALUE;
            }
        }
        return nothing ? -1 : Integer.MIN_VALUE;
    }

    private void onSpeaking(Conn c, JsonNode d, long now) {
        Session s = c.session;
        if (d == null || !d.isObject()) {
            protocolClose(c, 4020, "Bad request", "Speaking without an object d");
            return;
        }
        JsonNode mask = d.get("speaking");
        if (mask == null || !mask.isIntegralNumber()) {
            protocolClose(c, 4020, "Bad request", "Speaking without an integer speaking bitmask");
            return;
        }
        int value = mask.asInt();
        if (value < 0 || value > 7) {
            violation("gateway #" + c.id + ": Speaking bitmask " + value + " outside 0..7");
        }
        JsonNode delay = d.get("delay");
        if (delay == null || !delay.isIntegralNumber()) {
            violation("gateway #" + c.id + ": Speaking without an integer delay");
        }
        JsonNode ssrcNode = d.get("ssrc");
        long ssrc = ssrcNode != null && ssrcNode.isIntegralNumber() ? ssrcNode.asLong() : -1;
        if (ssrc != s.ssrc) {
            violation("gateway #" + c.id + ": Speaking ssrc " + ssrcNode + " is not ours (" + s.ssrc + ")");
        }
        Speaking event = new Speaking(c.id, now, value, delay == null ? 0 : delay.asInt(), ssrc);
        speaking.add(event);
        s.speakingEvents.add(event);
        if (value != 0 && s.firstSpeakingNanos == null) {
            s.firstSpeakingNanos = now;
        }
        if (speakingEcho) {
            ObjectNode echo = NODES.objectNode().put("user_id", s.userId).put("ssrc", s.ssrc)
                    .put("speaking", value);
            sendNumbered(s, 5, echo);
        }
    }

    // ------------------------------------------------------------------------------------------ watchdog

    private void watch() {
        try {
            long now = System.nanoTime();
            synchronized (lock) {
                for (Conn c : conns) {
                    if (!c.open || c.rejected || c.lateFlagged) {
                        continue;
                    }
                    double quiet = (now - c.lastHeartbeatNanos) / 1e6;
                    if (quiet > 1.5 * c.interval + graceNanos / 1e6) {
                        c.lateFlagged = true;
                        violation(String.format("gateway #%d: no heartbeat for %.1f ms (interval %.1f ms)", c.id,
                                quiet, c.interval));
                    }
                }
                evaluatePending(now);
            }
        } catch (RuntimeException e) {
            log.warn("fake voice server watchdog", e);
        }
    }

    private boolean hasPendingBefore(long nanos) {
        for (Pending p : pendingChecks) {
            if (p.packet().arrivalNanos() <= nanos) {
                return true;
            }
        }
        return false;
    }

    /** Judges Speaking vs audio for packets that arrived at least {@code grace} ago. */
    private void evaluatePending(long now) {
        Iterator<Pending> it = pendingChecks.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            long t = p.packet().arrivalNanos();
            if (t > now - graceNanos) {
                continue;
            }
            it.remove();
            Session s = p.session();
            AudioSnapshot.Packet packet = p.packet();
            if (s.firstSpeakingNanos == null || s.firstSpeakingNanos > t + graceNanos) {
                audioBeforeSpeaking++;
                if (!s.flaggedBeforeSpeaking) {
                    s.flaggedBeforeSpeaking = true;
                    violation("UDP: audio packet seq " + packet.sequence() + " (SSRC " + s.ssrc
                            + ") arrived before the first non-zero Speaking");
                }
                continue;
            }
            if (packet.silence()) {
                continue;
            }
            int stateIndex = -1;
            boolean nonZeroNear = false;
            for (int i = 0; i < s.speakingEvents.size(); i++) {
                Speaking e = s.speakingEvents.get(i);
                if (e.nanos() <= t - graceNanos) {
                    stateIndex = i;
                } else if (e.nanos() <= t + graceNanos && e.speaking() != 0) {
                    nonZeroNear = true;
                }
            }
            if (stateIndex >= 0 && s.speakingEvents.get(stateIndex).speaking() == 0 && !nonZeroNear) {
                audioWhileNotSpeaking++;
                if (s.flaggedZeroIndex != stateIndex) {
                    s.flaggedZeroIndex = stateIndex;
                    violation("UDP: non-silence audio packet seq " + packet.sequence()
                            + " while the client's Speaking was 0 (no new Speaking before it)");
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ UDP

    private void udpLoop() {
        try {
            receiveLoop();
        } finally {
            decoders.forEach(OpusDecoder::close);
            decoders.clear();
        }
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(65536);
        while (running) {
            InetSocketAddress from;
            try {
                buffer.clear();
                from = (InetSocketAddress) udp.receive(buffer);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (running) {
                    log.warn("fake voice UDP receive", e);
                }
                continue;
            }
            long now = System.nanoTime();
            buffer.flip();
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            try {
                onDatagram(data, from, now);
            } catch (RuntimeException e) {
                log.warn("fake voice UDP handling", e);
                synchronized (lock) {
                    violation("UDP: datagram handling failed: " + e);
                }
            }
        }
    }

    private boolean drop() {
        if (dropNext > 0) {
            dropNext--;
            return true;
        }
        return dropRate > 0 && dropRandom.nextDouble() < dropRate;
    }

    private void onDatagram(byte[] data, InetSocketAddress from, long now) {
        Session session;
        String mode;
        synchronized (lock) {
            if (drop()) {
                droppedDatagrams++;
                return;
            }
            if (data.length == 74 && data[0] == 0 && data[1] == 1) {
                onDiscovery(data, from);
                return;
            }
            int version = data.length > 0 ? (data[0] & 0xFF) >> 6 : -1;
            if (version == 2 && data.length >= 8 && (data[1] & 0xFF) >= 0xC8 && (data[1] & 0xFF) <= 0xCC) {
                rtcpPackets++; // checked first: an RTCP receiver report without blocks is also 8 bytes
                lock.notifyAll();
                return;
            }
            if (data.length == 8) {
                keepAlives++;
                if (data[4] != 0 || data[5] != 0 || data[6] != 0 || data[7] != 0) {
                    violation("UDP: keep-alive whose last 4 bytes are not zero");
                }
                lock.notifyAll();
                return;
            }
            if (version != 2 || data.length <= 12) {
                violation("UDP: unrecognised datagram of " + data.length + " bytes starting "
                        + hex(Arrays.copyOf(data, Math.min(4, data.length))));
                return;
            }
            long ssrc = ByteBuffer.wrap(data).getInt(8) & 0xFFFFFFFFL;
            session = sessionsBySsrc.get(ssrc);
            if (session == null) {
                violation("UDP: RTP packet for unknown SSRC " + ssrc);
                return;
            }
            if (session.mode == null) {
                violation("UDP: RTP packet for SSRC " + ssrc + " before Session Description");
                return;
            }
            mode = session.mode;
        }
        TransportCrypto.OpenedPacket opened;
        try {
            opened = TransportCrypto.open(mode, session.key, data);
        } catch (GeneralSecurityException e) {
            synchronized (lock) {
                decryptFailures++;
                violation("UDP: cannot decrypt an RTP packet of " + data.length + " bytes with " + mode + ": "
                        + e);
            }
            return;
        }
        boolean silence = Arrays.equals(opened.payload(), SILENCE_FRAME);
        byte[] opus = opened.payload();
        if (!silence && dave != null) {
            opus = daveOpen(opus);
            if (opus == null) {
                return;
            }
        }
        short[] decoded = null;
        String decodeProblem = null;
        if (opened.payloadType() == 0x78 && opus.length > 0) {
            try {
                decoded = decode(session, opus);
            } catch (RuntimeException e) {
                decodeProblem = e.toString();
            }
        }
        synchronized (lock) {
            if (opened.payloadType() != 0x78) {
                violation("UDP: RTP payload type " + opened.payloadType() + ", expected 120 (Opus)");
            }
            if (opened.payload().length == 0) {
                violation("UDP: empty Opus payload in packet seq " + opened.sequence());
            }
            if (decodeProblem != null) {
                violation("UDP: Opus frame of packet seq " + opened.sequence() + " does not decode: "
                        + decodeProblem);
            }
            int nonce = ByteBuffer.wrap(opened.nonceSuffix()).getInt();
            if (!session.nonces.add(nonce) && !session.flaggedNonceReuse) {
                session.flaggedNonceReuse = true;
                violation("UDP: nonce suffix " + hex(opened.nonceSuffix()) + " reused under one key (SSRC "
                        + session.ssrc + ")");
            }
            AudioSnapshot.Packet packet = new AudioSnapshot.Packet(opened.sequence(), opened.timestamp(),
                    opened.ssrc(), now, silence, opened.payload().length, mode);
            packets.add(packet);
            pendingChecks.add(new Pending(session, packet));
            if (decoded != null) {
                appendPcm(decoded, silence);
            }
            lock.notifyAll();
        }
    }

    /**
     * A frame as the DAVE members hear it: decrypted with the client's key of the current or a recent epoch, or
     * plain after a downgrade. Anything else cannot be heard: it is counted and dropped (null).
     */
    private byte[] daveOpen(byte[] frame) {
        synchronized (lock) {
            byte[] opus = dave.decrypt(frame);
            if (opus != null) {
                daveDecrypted++;
                return opus;
            }
            if (dave.protocolVersion() == 0) {
                davePlain++;
                return frame;
            }
            daveUndecryptable++;
            lock.notifyAll();
            return null;
        }
    }

    // ----------------------------------------------------------------------------------------- DAVE mode

    private FakeDaveGateway requireDave() {
        if (dave == null) {
            throw new IllegalStateException("the fake voice server is not in DAVE mode (Builder.dave)");
        }
        return dave;
    }

    /** A simulated member joins the call; the client's commit adds it (its Welcome must work for the member). */
    public void daveMemberJoins(long userId) {
        synchronized (lock) {
            requireDave().memberJoins(userId);
        }
    }

    /** A simulated member leaves; the anchor member's commit removes it. */
    public void daveMemberLeaves(long userId) {
        synchronized (lock) {
            requireDave().memberLeaves(userId);
        }
    }

    /** Damages the next Welcome sent to the client (to test op 31 recovery: removal and re-add). */
    public void daveCorruptNextWelcome() {
        synchronized (lock) {
            requireDave().corruptNextWelcome();
        }
    }

    /** Downgrade to DAVE version 0 (op 21), executed when the client is ready. */
    public void daveDowngrade() {
        synchronized (lock) {
            requireDave().downgrade();
        }
    }

    /** The gateway's (and anchor member's) MLS epoch. */
    public long daveEpoch() {
        synchronized (lock) {
            return requireDave().epoch();
        }
    }

    /** Which of {@code users} the anchor member sees in the group. */
    public List<Long> daveMembers(List<Long> users) {
        synchronized (lock) {
            return requireDave().rosterOfAnchor(users);
        }
    }

    public byte[] daveEpochAuthenticator() {
        synchronized (lock) {
            return requireDave().anchorAuthenticator();
        }
    }

    /** Transition ids executed (op 22 sent after the client's op 23). */
    public List<Integer> daveExecutedTransitions() {
        synchronized (lock) {
            return requireDave().executed();
        }
    }

    /** Transition ids the client reported invalid (op 31). */
    public List<Integer> daveInvalidReports() {
        synchronized (lock) {
            return requireDave().invalidReports();
        }
    }

    public int daveKeyPackages() {
        synchronized (lock) {
            return requireDave().keyPackages();
        }
    }

    public int daveCommitsFromClient() {
        synchronized (lock) {
            return requireDave().commitsFromClient();
        }
    }

    /**
     * Frames the fake's own decryption opened but Basalt's {@code DaveFrameDecryptor} (replay window, generation
     * checks) refused or opened differently.
     */
    public int daveDecryptorDisagreements() {
        synchronized (lock) {
            return requireDave().decryptorDisagreements();
        }
    }

    /** Non-silence frames the members decrypted. */
    public int daveDecryptedFrames() {
        synchronized (lock) {
            return daveDecrypted;
        }
    }

    /** Non-silence frames no member could decrypt while DAVE was on (lost to the listeners). */
    public int daveUndecryptableFrames() {
        synchronized (lock) {
            return daveUndecryptable;
        }
    }

    /** Plain frames accepted after a downgrade. */
    public int davePlainFrames() {
        synchronized (lock) {
            return davePlain;
        }
    }

    private void onDiscovery(byte[] data, InetSocketAddress from) {
        ByteBuffer in = ByteBuffer.wrap(data);
        int length = in.getShort(2) & 0xFFFF;
        long ssrc = in.getInt(4) & 0xFFFFFFFFL;
        if (length != 70) {
            violation("UDP: IP discovery request with length field " + length + ", expected 70");
        }
        for (int i = 8; i < 74; i++) {
            if (data[i] != 0) {
                violation("UDP: IP discovery request whose address/port fields are not zero");
                break;
            }
        }
        Session s = sessionsBySsrc.get(ssrc);
        if (s == null) {
            violation("UDP: IP discovery for unknown SSRC " + ssrc);
            return;
        }
        String address = from.getAddress().getHostAddress();
        byte[] ascii = address.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(74);
        out.putShort((short) 2).putShort((short) 70).putInt((int) ssrc);
        out.put(ascii, 0, Math.min(ascii.length, 63));
        out.putShort(72, (short) from.getPort());
        out.position(0).limit(74);
        try {
            udp.send(out, from);
        } catch (IOException e) {
            log.warn("fake voice UDP discovery reply", e);
        }
        s.discovered = new Discovery(ssrc, address, from.getPort());
        discoveries.add(s.discovered);
        lock.notifyAll();
    }

    // owned by the UDP thread
    private final List<OpusDecoder> decoders = new ArrayList<>();
    private ByteBuffer opusIn;
    private ShortBuffer pcmOut;

    /** Decodes one Opus frame to 48 kHz stereo; only called on the UDP thread. */
    private short[] decode(Session session, byte[] opus) {
        if (session.decoder == null) {
            session.decoder = new OpusDecoder(AudioSnapshot.SAMPLE_RATE, AudioSnapshot.CHANNELS);
            decoders.add(session.decoder);
        }
        if (opusIn == null) {
            opusIn = ByteBuffer.allocateDirect(4096);
            pcmOut = ByteBuffer.allocateDirect(5760 * 2 * Short.BYTES).order(java.nio.ByteOrder.nativeOrder())
                    .asShortBuffer();
        }
        if (opus.length > opusIn.capacity()) {
            throw new IllegalArgumentException("Opus frame of " + opus.length + " bytes");
        }
        opusIn.clear();
        opusIn.put(opus).flip();
        int samples = session.decoder.decode(opusIn, pcmOut);
        short[] out = new short[samples * AudioSnapshot.CHANNELS];
        pcmOut.get(out);
        return out;
    }

    private void appendPcm(short[] samples, boolean silence) {
        if (pcmSize + samples.length <= MAX_PCM_SHORTS) {
            if (pcmSize + samples.length > pcm.length) {
                pcm = Arrays.copyOf(pcm, Math.max(pcm.length * 2, pcmSize + samples.length + 96_000));
            }
            System.arraycopy(samples, 0, pcm, pcmSize, samples.length);
            pcmSize += samples.length;
        }
        if (!silence && voicedSize + samples.length <= MAX_PCM_SHORTS) {
            if (voicedSize + samples.length > voicedPcm.length) {
                voicedPcm = Arrays.copyOf(voicedPcm, Math.max(voicedPcm.length * 2,
                        voicedSize + samples.length + 96_000));
            }
            System.arraycopy(samples, 0, voicedPcm, voicedSize, samples.length);
            voicedSize += samples.length;
        }
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b & 0xFF));
        }
        return sb.toString();
    }
}
