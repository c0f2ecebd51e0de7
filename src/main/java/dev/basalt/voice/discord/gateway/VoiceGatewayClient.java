package dev.basalt.voice.discord.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One voice gateway socket (v8). It heartbeats with {@code seq_ack} after Hello, measures the round trip as the
 * connection's ping, tracks the server's message sequence from JSON and binary frames, and reports every message
 * and exactly one close to its listener. TLS is verified against the JVM's default trust store.
 */
public final class VoiceGatewayClient {

    private static final Logger log = LoggerFactory.getLogger(VoiceGatewayClient.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_MISSED_ACKS = 3;

    private final long guildId;
    private final GatewayListener listener;
    private final ScheduledExecutorService timers;
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private final Object sendLock = new Object();
    private CompletableFuture<?> sendChain = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile int lastSeq = -1;
    private volatile long pingMs = -1;
    private volatile long heartbeatNonce;
    private volatile long heartbeatSentNanos;
    private volatile int missedAcks;
    private ScheduledFuture<?> heartbeats;

    private VoiceGatewayClient(long guildId, GatewayListener listener, ScheduledExecutorService timers) {
        this.guildId = guildId;
        this.listener = listener;
        this.timers = timers;
    }

    /** Opens the socket; the future fails if the TLS or WebSocket handshake does. */
    public static CompletableFuture<VoiceGatewayClient> connect(HttpClient http, URI uri, long guildId,
                                                                GatewayListener listener,
                                                                ScheduledExecutorService timers, Duration timeout) {
        VoiceGatewayClient client = new VoiceGatewayClient(guildId, listener, timers);
        log.debug("Guild {}: opening voice gateway {}", guildId, uri);
        return http.newWebSocketBuilder().connectTimeout(timeout).buildAsync(uri, client.new Receiver())
                .thenApply(ws -> client);
    }

    public boolean isOpen() {
        WebSocket ws = socket;
        return ws != null && !ws.isInputClosed() && !ws.isOutputClosed() && !closeReported.get();
    }

    /** Round trip of the last acknowledged heartbeat in ms, -1 before the first. */
    public long ping() {
        return pingMs;
    }

    /** The last sequence number the server sent, -1 before any. */
    public int lastSeq() {
        return lastSeq;
    }

    /** Lets a resumed socket acknowledge what the previous one received. */
    public void continueSequence(int seq) {
        lastSeq = seq;
    }

    public void identify(long userId, String sessionId, String token, int maxDaveProtocolVersion) {
        ObjectNode d = JSON.createObjectNode()
                .put("server_id", Long.toString(guildId))
                .put("user_id", Long.toString(userId))
                .put("session_id", sessionId)
                .put("token", token)
                .put("max_dave_protocol_version", maxDaveProtocolVersion);
        log.debug("Guild {}: -> op 0 Identify (session {}, max DAVE version {})", guildId, sessionId,
                maxDaveProtocolVersion);
        send(0, d);
    }

    public void resume(String sessionId, String token) {
        ObjectNode d = JSON.createObjectNode()
                .put("server_id", Long.toString(guildId))
                .put("session_id", sessionId)
                .put("token", token)
                .put("seq_ack", lastSeq);
        log.debug("Guild {}: -> op 7 Resume (session {}, seq_ack {})", guildId, sessionId, lastSeq);
        send(7, d);
    }

    public void selectProtocol(String address, int port, String mode) {
        ObjectNode d = JSON.createObjectNode().put("protocol", "udp");
        d.putObject("data").put("address", address).put("port", port).put("mode", mode);
        log.debug("Guild {}: -> op 1 Select Protocol ({}:{}, {})", guildId, address, port, mode);
        send(1, d);
    }

    /** {@code mask} 1 = microphone; 0 when audio stops. Must precede the first audio packet. */
    public void speaking(int mask, int ssrc) {
        ObjectNode d = JSON.createObjectNode().put("speaking", mask).put("delay", 0).put("ssrc", Integer.toUnsignedLong(ssrc));
        log.debug("Guild {}: -> op 5 Speaking {}", guildId, mask);
        send(5, d);
    }

    /** op 26: our key package (the bare struct, as libdave and davey send it). */
    public void daveKeyPackage(byte[] keyPackage) {
        sendBinary(26, keyPackage);
    }

    /** op 28: our commit, followed by the Welcome when it adds members. */
    public void daveCommitWelcome(byte[] commitWelcome) {
        sendBinary(28, commitWelcome);
    }

    /** op 23: we processed what transition {@code transitionId} needs. */
    public void daveTransitionReady(int transitionId) {
        log.debug("Guild {}: -> op 23 DAVE transition {} ready", guildId, transitionId);
        send(23, JSON.createObjectNode().put("transition_id", transitionId));
    }

    /** op 31: the commit or Welcome of {@code transitionId} was unusable; asks to be removed and re-added. */
    public void daveInvalidCommitWelcome(int transitionId) {
        log.debug("Guild {}: -> op 31 DAVE invalid commit/welcome (transition {})", guildId, transitionId);
        send(31, JSON.createObjectNode().put("transition_id", transitionId));
    }

    /** Any JSON op. */
    public void send(int op, JsonNode d) {
        ObjectNode message = JSON.createObjectNode().put("op", op);
        message.set("d", d);
        String text = JSON.writeValueAsString(message);
        enqueue(ws -> ws.sendText(text, true));
    }

    /** A client binary frame: {@code op | payload} (no sequence number). */
    public void sendBinary(int op, byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(1 + payload.length).put((byte) op).put(payload).flip();
        log.debug("Guild {}: -> binary op {} ({} bytes)", guildId, op, payload.length);
        enqueue(ws -> ws.sendBinary(frame, true));
    }

    /** Closes from our side; the listener hears about it once, as not by remote. */
    public void close(int code, String reason) {
        stopHeartbeats();
        WebSocket ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            enqueue(w -> w.sendClose(code, reason)).whenComplete((ok, error) -> ws.abort());
        }
        reportClose(code, reason, false);
    }

    /** java.net.http allows one outstanding send at a time, so sends are chained; none of them blocks the caller. */
    private CompletableFuture<?> enqueue(java.util.function.Function<WebSocket, CompletableFuture<WebSocket>> send) {
        synchronized (sendLock) {
            sendChain = sendChain.handle((ok, error) -> null).thenCompose(ignored -> {
                WebSocket ws = socket;
                if (ws == null || ws.isOutputClosed()) {
                    return CompletableFuture.completedFuture(null);
                }
                return send.apply(ws).exceptionally(error -> {
                    log.debug("Guild {}: voice gateway send failed: {}", guildId, error.toString());
                    return ws;
                });
            });
            return sendChain;
        }
    }

    private synchronized void startHeartbeats(double intervalMs) {
        stopHeartbeats();
        missedAcks = 0;
        long periodMicros = Math.max(1000, Math.round(intervalMs * 1000));
        heartbeats = timers.scheduleAtFixedRate(this::heartbeat, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    private synchronized void stopHeartbeats() {
        if (heartbeats != null) {
            heartbeats.cancel(false);
            heartbeats = null;
        }
    }

    private void heartbeat() {
        if (missedAcks >= MAX_MISSED_ACKS) {
            log.info("Guild {}: the voice gateway left {} heartbeats unanswered; dropping the socket", guildId,
                    missedAcks);
            stopHeartbeats();
            WebSocket ws = socket;
            if (ws != null) {
                ws.abort();
            }
            reportClose(1006, "Heartbeats were not acknowledged", false);
            return;
        }
        missedAcks++;
        long nonce = System.currentTimeMillis();
        heartbeatNonce = nonce;
        heartbeatSentNanos = System.nanoTime();
        ObjectNode d = JSON.createObjectNode().put("t", nonce).put("seq_ack", lastSeq);
        send(3, d);
    }

    private void reportClose(int code, String reason, boolean byRemote) {
        if (closeReported.compareAndSet(false, true)) {
            stopHeartbeats();
            log.debug("Guild {}: voice gateway closed: {} {} ({})", guildId, code, reason,
                    byRemote ? "by Discord" : "by us");
            listener.onClosed(code, reason == null ? "" : reason, byRemote);
        }
    }

    private void handleText(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (JacksonException e) {
            log.warn("Guild {}: the voice gateway sent something that is not JSON; ignoring it", guildId);
            return;
        }
        JsonNode seq = message.get("seq");
        if (seq != null && seq.isIntegralNumber()) {
            lastSeq = seq.intValue();
        }
        int op = message.path("op").asInt(-1);
        JsonNode d = message.path("d");
        if (op != 6) {
            log.debug("Guild {}: <- op {}{}", guildId, op, seq == null ? "" : " (seq " + seq + ")");
        }
        GatewayMessage parsed = parse(op, d, text);
        if (parsed instanceof GatewayMessage.Hello hello) {
            startHeartbeats(hello.heartbeatIntervalMs());
        } else if (parsed instanceof GatewayMessage.HeartbeatAck ack) {
            missedAcks = 0;
            if (ack.nonce() == heartbeatNonce) {
                pingMs = (System.nanoTime() - heartbeatSentNanos) / 1_000_000;
            }
        }
        listener.onMessage(parsed);
    }

    private static GatewayMessage parse(int op, JsonNode d, String raw) {
        switch (op) {
            case 8:
                return new GatewayMessage.Hello(d.path("heartbeat_interval").asDouble());
            case 2: {
                List<String> modes = new ArrayList<>();
                d.path("modes").forEach(mode -> modes.add(mode.asString()));
                return new GatewayMessage.Ready((int) d.path("ssrc").asLong(), d.path("ip").asString(),
                        d.path("port").asInt(), List.copyOf(modes));
            }
            case 4: {
                JsonNode key = d.path("secret_key");
                byte[] secret = new byte[key.size()];
                for (int i = 0; i < secret.length; i++) {
                    secret[i] = (byte) key.get(i).asInt();
                }
                return new GatewayMessage.SessionDescription(d.path("mode").asString(), secret,
                        d.path("dave_protocol_version").asInt(0));
            }
            case 6:
                return new GatewayMessage.HeartbeatAck(d.isObject() ? d.path("t").asLong() : d.asLong());
            case 9:
                return new GatewayMessage.Resumed();
            case 5:
                return new GatewayMessage.Speaking(d.path("user_id").asString(), d.path("ssrc").asLong(),
                        d.path("speaking").asInt());
            case 11: {
                List<String> users = new ArrayList<>();
                d.path("user_ids").forEach(user -> users.add(user.asString()));
                return new GatewayMessage.ClientsConnect(List.copyOf(users));
            }
            case 13:
                return new GatewayMessage.ClientDisconnect(d.path("user_id").asString());
            case 21:
                return new GatewayMessage.DavePrepareTransition(d.path("transition_id").asInt(),
                        d.path("protocol_version").asInt());
            case 22:
                return new GatewayMessage.DaveExecuteTransition(d.path("transition_id").asInt());
            case 24:
                return new GatewayMessage.DavePrepareEpoch(d.path("epoch").asLong(), d.path("protocol_version").asInt(),
                        d.path("transition_id").asInt(0));
            default:
                return new GatewayMessage.Other(op, raw);
        }
    }

    private void handleBinary(ByteBuffer frame) {
        if (frame.remaining() < 3) {
            log.warn("Guild {}: ignoring a binary gateway frame of {} bytes", guildId, frame.remaining());
            return;
        }
        int seq = frame.getShort() & 0xFFFF;
        int op = frame.get() & 0xFF;
        byte[] payload = new byte[frame.remaining()];
        frame.get(payload);
        lastSeq = seq;
        log.debug("Guild {}: <- binary op {} (seq {}, {} bytes)", guildId, op, seq, payload.length);
        listener.onMessage(parseBinary(seq, op, payload));
    }

    private static GatewayMessage parseBinary(int seq, int op, byte[] payload) {
        switch (op) {
            case 25:
                return new GatewayMessage.DaveExternalSender(payload);
            case 27:
                return new GatewayMessage.DaveProposals(payload);
            case 29:
            case 30:
                if (payload.length < 2) {
                    return new GatewayMessage.Binary(seq, op, payload);
                }
                int transitionId = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                byte[] rest = java.util.Arrays.copyOfRange(payload, 2, payload.length);
                return op == 29 ? new GatewayMessage.DaveAnnounceCommit(transitionId, rest)
                        : new GatewayMessage.DaveWelcome(transitionId, rest);
            default:
                return new GatewayMessage.Binary(seq, op, payload);
        }
    }

    private final class Receiver implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        @Override
        public void onOpen(WebSocket ws) {
            // Hello can arrive before buildAsync completes: the socket must be usable from here on
            socket = ws;
            safely(() -> listener.onOpen(VoiceGatewayClient.this));
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String complete = text.toString();
                text.setLength(0);
                safely(() -> handleText(complete));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining()).put(binary).put(data).flip();
            if (last) {
                binary = ByteBuffer.allocate(0);
                safely(() -> handleBinary(joined));
            } else {
                binary = joined;
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            reportClose(statusCode, reason, true);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            log.debug("Guild {}: voice gateway socket failed: {}", guildId, error.toString());
            reportClose(1006, error.getMessage() == null ? "" : error.getMessage(), false);
        }

        private void safely(Runnable handler) {
            try {
                handler.run();
            } catch (RuntimeException e) {
                log.warn("Guild {}: handling a voice gateway message failed", guildId, e);
            }
        }
    }
}
