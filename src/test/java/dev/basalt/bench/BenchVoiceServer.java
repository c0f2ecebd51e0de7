package dev.basalt.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import dev.basalt.voice.discord.dave.DaveFrameDecryptor;
import dev.basalt.voice.discord.dave.DaveFrameException;
import dev.basalt.voice.discord.dave.SenderKeyRatchet;
import dev.basalt.voice.discord.fake.TransportCrypto;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A light Discord voice server for load benchmarks: one TLS voice gateway (v8) and a few UDP sockets serve every
 * guild of a run, where {@link FakeDiscordVoiceServer} needs one instance (about six threads, an Opus decoder and
 * minutes of PCM) per guild.
 *
 * <p>It speaks the same server side as the strict fake, with the same test certificate: Hello, Identify checked
 * against the credentials registered for the guild (else 4004), Ready with a unique SSRC, IP discovery, Select
 * Protocol answered with a Session Description and a fresh key, numbered messages ({@code seq}), heartbeat ACKs,
 * Resume. It does not judge the protocol in depth (the fake's tests do that) and decodes no audio; per packet the
 * receiver only reads the clear RTP header and the arrival time, which is what the benchmark measures. One packet
 * in {@link #VERIFY_EVERY} per guild is decrypted with the fake's independent {@link TransportCrypto} to prove the
 * packets are sealed audio, and compared with the Opus packets of the passthrough fixture.
 */
final class BenchVoiceServer implements AutoCloseable {

    static final int VERIFY_EVERY = 64;
    /** Inter-arrival histogram: 0.1 ms bins up to 1 s, then one overflow bin. */
    static final int GAP_BINS = 10_000;
    private static final double GAP_BIN_NANOS = 100_000;
    private static final int SSRC_BASE = 0x4000_0000;
    private static final double HEARTBEAT_INTERVAL_MILLIS = 41_250;
    private static final List<String> MODES = List.of(TransportCrypto.AES_GCM, TransportCrypto.XCHACHA);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** One guild's voice session as this server knows it. */
    static final class Guild {
        final int index;
        final long guildId;
        final String userId;
        final String sessionId;
        final String token;
        final int ssrc;
        final Receiver receiver;
        final byte[] key = new byte[32];
        volatile String mode;
        volatile WebSocket conn;
        volatile boolean described;
        int nextSeq = 1;
        // written by the receiver thread only
        long packets;
        int verified;
        int passthroughMatches;
        int silenceFrames;
        int daveOpened;
        DaveFrameDecryptor dave;

        Guild(int index, long guildId, String userId, String sessionId, String token, Receiver receiver) {
            this.index = index;
            this.guildId = guildId;
            this.userId = userId;
            this.sessionId = sessionId;
            this.token = token;
            this.ssrc = SSRC_BASE + index;
            this.receiver = receiver;
        }

        synchronized int takeSeq() {
            return nextSeq++ & 0xFFFF;
        }
    }

    /** What the receivers heard between {@link #startWindow} and {@link #endWindow}, per guild index. */
    static final class Window {
        final long startNanos;
        volatile long endNanos;
        final int[] count;
        final long[] lastNanos;
        final int[] lastSeq;
        final int[] seqLost;
        final int[] seqDisorder;
        final long[][] gapHistogram;
        final long[] maxGapNanos;

        Window(int guilds, int receivers, long startNanos) {
            this.startNanos = startNanos;
            count = new int[guilds];
            lastNanos = new long[guilds];
            lastSeq = new int[guilds];
            seqLost = new int[guilds];
            seqDisorder = new int[guilds];
            gapHistogram = new long[receivers][GAP_BINS + 1];
            maxGapNanos = new long[receivers];
        }

        void record(int receiver, int guild, int seq, long now) {
            int n = count[guild];
            if (n > 0) {
                long gap = now - lastNanos[guild];
                long[] histogram = gapHistogram[receiver];
                histogram[(int) Math.min(GAP_BINS, gap / GAP_BIN_NANOS)]++;
                if (gap > maxGapNanos[receiver]) {
                    maxGapNanos[receiver] = gap;
                }
                int step = (seq - lastSeq[guild]) & 0xFFFF;
                if (step != 1) {
                    if (step > 1 && step < 0x8000) {
                        seqLost[guild] += step - 1;
                    } else {
                        seqDisorder[guild]++;
                    }
                }
            }
            count[guild] = n + 1;
            lastNanos[guild] = now;
            lastSeq[guild] = seq;
        }

        long[] mergedHistogram() {
            long[] merged = new long[GAP_BINS + 1];
            for (long[] h : gapHistogram) {
                for (int i = 0; i < merged.length; i++) {
                    merged[i] += h[i];
                }
            }
            return merged;
        }

        /** The q-quantile of the inter-arrival gaps in ms (upper edge of the 0.1 ms bin), NaN without gaps. */
        double gapQuantileMillis(double q) {
            long[] h = mergedHistogram();
            long total = Arrays.stream(h).sum();
            if (total == 0) {
                return Double.NaN;
            }
            long rank = (long) Math.ceil(q * total);
            long seen = 0;
            for (int i = 0; i < h.length; i++) {
                seen += h[i];
                if (seen >= rank) {
                    return (i + 1) * GAP_BIN_NANOS / 1e6;
                }
            }
            return Double.NaN;
        }

        double maxGapMillis() {
            return Arrays.stream(maxGapNanos).max().orElse(0) / 1e6;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final Gateway gateway;
    private final Receiver[] receivers;
    private final List<Guild> guilds = new ArrayList<>();
    private final ConcurrentHashMap<Long, Guild> guildsById = new ConcurrentHashMap<>();
    private final Set<String> passthroughPackets;
    private final byte[] daveSecret;
    private volatile Guild[] guildsByIndex = new Guild[0];
    private volatile Window window;
    private volatile boolean running = true;

    final AtomicInteger identifies = new AtomicInteger();
    final AtomicInteger rejectedIdentifies = new AtomicInteger();
    final AtomicInteger resumes = new AtomicInteger();
    final AtomicInteger sessionDescriptions = new AtomicInteger();
    final AtomicInteger gatewayCloses = new AtomicInteger();
    final AtomicInteger gatewayErrors = new AtomicInteger();
    final AtomicInteger protocolProblems = new AtomicInteger();
    final AtomicInteger speakingOn = new AtomicInteger();
    final AtomicInteger speakingOff = new AtomicInteger();
    final AtomicLong decryptFailures = new AtomicLong();
    final AtomicLong unknownDatagrams = new AtomicLong();
    final AtomicLong keepAlives = new AtomicLong();
    private final List<String> problems = new ArrayList<>();

    /**
     * @param udpSockets         receiving sockets (one thread each); guilds are spread over them round-robin
     * @param passthroughPackets Base64 of every Opus packet of the passthrough fixture, to recognise passthrough
     */
    BenchVoiceServer(int udpSockets, Set<String> passthroughPackets) {
        this(udpSockets, passthroughPackets, null);
    }

    /**
     * @param daveSecret the fixed DAVE base secret Basalt encrypts with in a DAVE run (the sampled packets are then
     *                   opened with it), or null when frames are expected in clear
     */
    BenchVoiceServer(int udpSockets, Set<String> passthroughPackets, byte[] daveSecret) {
        this.passthroughPackets = passthroughPackets;
        this.daveSecret = daveSecret;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        receivers = new Receiver[udpSockets];
        for (int i = 0; i < udpSockets; i++) {
            receivers[i] = new Receiver(i, loopback);
        }
        gateway = new Gateway(new InetSocketAddress(loopback, 0));
        gateway.setReuseAddr(true);
        gateway.setTcpNoDelay(true);
        gateway.setDaemon(true);
        gateway.setConnectionLostTimeout(0);
        gateway.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(FakeDiscordVoiceServer.serverSslContext()));
        gateway.start();
        try {
            if (!gateway.started.await(10, TimeUnit.SECONDS) || gateway.startFailure != null) {
                throw new IllegalStateException("the bench voice gateway did not start", gateway.startFailure);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        for (Receiver receiver : receivers) {
            receiver.thread.start();
        }
    }

    /**
     * Puts the receiving threads under SCHED_FIFO (Linux, root, {@code chrt}), so that a packet is timestamped when it
     * arrives rather than when the scheduler next gets round to a busy machine's receiver: the gaps then show the
     * sender's pacing. The receivers need a few microseconds per packet, so this takes nothing measurable from Basalt.
     * Returns how many threads were switched.
     */
    int makeReceiversRealtime(int priority) {
        int switched = 0;
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of(
                "/proc/self/task"))) {
            for (java.nio.file.Path task : tasks.toList()) {
                String name = java.nio.file.Files.readString(task.resolve("comm")).trim();
                if (!name.startsWith("bench-udp-")) {
                    continue;
                }
                Process chrt = new ProcessBuilder("chrt", "-f", "-p", Integer.toString(priority),
                        task.getFileName().toString()).redirectErrorStream(true).start();
                chrt.getInputStream().readAllBytes();
                if (chrt.waitFor() == 0) {
                    switched++;
                }
            }
        } catch (IOException e) {
            return switched;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return switched;
    }

    /** {@code localhost:PORT}, as a VOICE_SERVER_UPDATE carries it. */
    String endpoint() {
        return "localhost:" + gateway.getPort();
    }

    synchronized Guild register(long guildId, String userId, String sessionId, String token) {
        Guild guild = new Guild(guilds.size(), guildId, userId, sessionId, token,
                receivers[guilds.size() % receivers.length]);
        random.nextBytes(guild.key);
        guilds.add(guild);
        guildsById.put(guildId, guild);
        guildsByIndex = guilds.toArray(new Guild[0]);
        return guild;
    }

    List<Guild> guilds() {
        return List.of(guildsByIndex);
    }

    int describedGuilds() {
        int n = 0;
        for (Guild g : guildsByIndex) {
            if (g.described) {
                n++;
            }
        }
        return n;
    }

    void startWindow() {
        window = new Window(guildsByIndex.length, receivers.length, System.nanoTime());
    }

    /** Stops recording; waits a moment so a receiver that just read the old window has finished writing to it. */
    Window endWindow() {
        Window w = window;
        w.endNanos = System.nanoTime();
        window = null;
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return w;
    }

    long verifiedPackets() {
        long n = 0;
        for (Guild g : guildsByIndex) {
            n += g.verified;
        }
        return n;
    }

    long silenceFrames() {
        long n = 0;
        for (Guild g : guildsByIndex) {
            n += g.silenceFrames;
        }
        return n;
    }

    /** Sampled packets whose Opus frame was DAVE-encrypted and opened with the fixed key. */
    long daveOpened() {
        long n = 0;
        for (Guild g : guildsByIndex) {
            n += g.daveOpened;
        }
        return n;
    }

    long passthroughMatches() {
        long n = 0;
        for (Guild g : guildsByIndex) {
            n += g.passthroughMatches;
        }
        return n;
    }

    synchronized List<String> problems() {
        return List.copyOf(problems);
    }

    private synchronized void problem(String what) {
        protocolProblems.incrementAndGet();
        if (problems.size() < 20) {
            problems.add(what);
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            gateway.stop(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Receiver receiver : receivers) {
            receiver.close();
        }
    }

    // ----------------------------------------------------------------------------------------- gateway

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
            String resource = handshake.getResourceDescriptor();
            if (resource == null || !resource.contains("v=8")) {
                problem("gateway opened without v=8: " + resource);
                ws.close(4020, "Bad request: gateway version 8 required");
                return;
            }
            ObjectNode hello = NODES.objectNode().put("heartbeat_interval", HEARTBEAT_INTERVAL_MILLIS).put("v", 8);
            send(ws, 8, hello, -1);
        }

        @Override
        public void onClose(WebSocket ws, int code, String reason, boolean remote) {
            gatewayCloses.incrementAndGet();
            Guild g = ws.getAttachment();
            if (g != null && g.conn == ws) {
                g.conn = null;
            }
        }

        @Override
        public void onMessage(WebSocket ws, String text) {
            JsonNode message;
            try {
                message = JSON.readTree(text);
            } catch (JacksonException e) {
                problem("undecodable JSON from the client");
                ws.close(4002, "Failed to decode payload");
                return;
            }
            int op = message.path("op").asInt(-1);
            JsonNode d = message.path("d");
            Guild g = ws.getAttachment();
            switch (op) {
                case 0 -> onIdentify(ws, d);
                case 1 -> onSelectProtocol(ws, g, d);
                case 3 -> send(ws, 6, NODES.objectNode().set("t", d.isObject() ? d.get("t") : d), -1);
                case 5 -> (d.path("speaking").asInt() != 0 ? speakingOn : speakingOff).incrementAndGet();
                case 7 -> onResume(ws, d);
                default -> {
                    if (g == null) {
                        problem("op " + op + " before Identify");
                        ws.close(4003, "Not authenticated");
                    }
                }
            }
        }

        @Override
        public void onMessage(WebSocket ws, ByteBuffer message) {
            if (ws.getAttachment() == null) {
                problem("binary frame before Identify");
                ws.close(4003, "Not authenticated");
            }
        }

        @Override
        public void onError(WebSocket ws, Exception ex) {
            if (ws == null) {
                startFailure = ex;
                started.countDown();
                return;
            }
            gatewayErrors.incrementAndGet();
        }
    }

    private void onIdentify(WebSocket ws, JsonNode d) {
        if (ws.getAttachment() != null) {
            problem("second Identify on one connection");
            ws.close(4005, "Already authenticated");
            return;
        }
        Guild g = guildsById.get(d.path("server_id").asLong(-1));
        if (g == null || !g.userId.equals(d.path("user_id").asString(""))
                || !g.sessionId.equals(d.path("session_id").asString(""))
                || !g.token.equals(d.path("token").asString(""))) {
            rejectedIdentifies.incrementAndGet();
            ws.close(4004, "Authentication failed");
            return;
        }
        ws.setAttachment(g);
        g.conn = ws;
        identifies.incrementAndGet();
        ObjectNode ready = NODES.objectNode().put("ssrc", Integer.toUnsignedLong(g.ssrc)).put("ip", "127.0.0.1")
                .put("port", g.receiver.port()).put("heartbeat_interval", 1);
        ArrayNode modes = ready.putArray("modes");
        MODES.forEach(modes::add);
        send(ws, 2, ready, g.takeSeq());
    }

    private void onSelectProtocol(WebSocket ws, Guild g, JsonNode d) {
        if (g == null) {
            problem("Select Protocol before Identify");
            ws.close(4003, "Not authenticated");
            return;
        }
        String mode = d.path("data").path("mode").asString("");
        if (!MODES.contains(mode)) {
            problem("Select Protocol with unknown mode " + mode);
            ws.close(4016, "Unknown encryption mode");
            return;
        }
        g.mode = mode;
        ObjectNode description = NODES.objectNode().put("mode", mode).put("dave_protocol_version", 0);
        ArrayNode key = description.putArray("secret_key");
        for (byte b : g.key) {
            key.add(b & 0xFF);
        }
        g.described = true;
        sessionDescriptions.incrementAndGet();
        send(ws, 4, description, g.takeSeq());
    }

    private void onResume(WebSocket ws, JsonNode d) {
        Guild g = guildsById.get(d.path("server_id").asLong(-1));
        if (g == null || !g.described || !g.sessionId.equals(d.path("session_id").asString(""))
                || !g.token.equals(d.path("token").asString(""))) {
            ws.close(4006, "Session no longer valid");
            return;
        }
        ws.setAttachment(g);
        g.conn = ws;
        resumes.incrementAndGet();
        send(ws, 9, NODES.nullNode(), -1);
    }

    private static void send(WebSocket ws, int op, JsonNode d, int seq) {
        ObjectNode message = NODES.objectNode().put("op", op);
        message.set("d", d);
        if (seq >= 0) {
            message.put("seq", seq);
        }
        try {
            ws.send(message.toString());
        } catch (RuntimeException e) {
            // the connection closed meanwhile
        }
    }

    // -------------------------------------------------------------------------------------------- UDP

    /** One UDP socket and the thread that reads it; only that thread writes its guilds' counters. */
    final class Receiver {
        private final int id;
        private final DatagramChannel channel;
        final Thread thread;

        Receiver(int id, InetAddress address) {
            this.id = id;
            try {
                channel = DatagramChannel.open(StandardProtocolFamily.INET);
                // at 1000 players 50 000 packets/s: room for a receiver stall of a few tens of ms
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                channel.bind(new InetSocketAddress(address, 0));
            } catch (IOException e) {
                throw new IllegalStateException("cannot open a bench UDP socket", e);
            }
            thread = new Thread(this::run, "bench-udp-" + id);
            thread.setDaemon(true);
            thread.setPriority(Thread.MAX_PRIORITY);
        }

        int port() {
            try {
                return ((InetSocketAddress) channel.getLocalAddress()).getPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }

        private void run() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
            byte[] copy = new byte[2048];
            while (running) {
                SocketAddress from;
                try {
                    buffer.clear();
                    from = channel.receive(buffer);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    continue;
                }
                long now = System.nanoTime();
                int length = buffer.position();
                if (length == 74 && buffer.get(0) == 0 && buffer.get(1) == 1) {
                    discovery(buffer, from);
                    continue;
                }
                if (length == 8) {
                    keepAlives.incrementAndGet();
                    continue;
                }
                if ((buffer.get(0) & 0xC0) != 0x80 || length < 12 + 16 + 4 + 1) {
                    unknownDatagrams.incrementAndGet();
                    continue;
                }
                int index = buffer.getInt(8) - SSRC_BASE;
                Guild[] all = guildsByIndex;
                if (index < 0 || index >= all.length) {
                    unknownDatagrams.incrementAndGet();
                    continue;
                }
                Guild g = all[index];
                Window w = window;
                if (w != null && index < w.count.length) {
                    w.record(id, index, buffer.getShort(2) & 0xFFFF, now);
                }
                if (g.packets++ % VERIFY_EVERY == 0) {
                    buffer.get(0, copy, 0, length);
                    verify(g, Arrays.copyOf(copy, length));
                }
            }
        }

        private void verify(Guild g, byte[] packet) {
            String mode = g.mode;
            if (mode == null) {
                decryptFailures.incrementAndGet();
                return;
            }
            try {
                TransportCrypto.OpenedPacket opened = TransportCrypto.open(mode, g.key, packet);
                g.verified++;
                byte[] opus = opened.payload();
                if (Arrays.equals(opus, FakeDiscordVoiceServer.SILENCE_FRAME)) {
                    g.silenceFrames++;
                } else if (daveSecret != null) {
                    if (g.dave == null) {
                        g.dave = new DaveFrameDecryptor(new SenderKeyRatchet(daveSecret));
                    }
                    opus = g.dave.decrypt(opus, 0, opus.length);
                    g.daveOpened++;
                }
                if (passthroughPackets.contains(java.util.Base64.getEncoder().encodeToString(opus))) {
                    g.passthroughMatches++;
                }
            } catch (GeneralSecurityException | DaveFrameException e) {
                decryptFailures.incrementAndGet();
            }
        }

        private void discovery(ByteBuffer request, SocketAddress from) {
            InetSocketAddress sender = (InetSocketAddress) from;
            int ssrc = request.getInt(4);
            byte[] ascii = sender.getAddress().getHostAddress().getBytes(StandardCharsets.US_ASCII);
            ByteBuffer out = ByteBuffer.allocate(74);
            out.putShort((short) 2).putShort((short) 70).putInt(ssrc);
            out.put(ascii, 0, Math.min(ascii.length, 63));
            out.putShort(72, (short) sender.getPort());
            out.position(0).limit(74);
            try {
                channel.send(out, sender);
            } catch (IOException e) {
                problem("IP discovery reply failed: " + e);
            }
        }
    }
}
