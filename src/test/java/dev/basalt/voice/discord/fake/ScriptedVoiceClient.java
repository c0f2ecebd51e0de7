package dev.basalt.voice.discord.fake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.sedmelluq.discord.lavaplayer.natives.opus.OpusEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal, hand-driven voice client used to test {@link FakeDiscordVoiceServer} itself: JDK WebSocket over
 * wss with the JVM's default trust store (so it proves the test TLS setup), a DatagramChannel for UDP, and
 * lavaplayer's native Opus encoder for real audio. Each step is explicit so tests can also do things wrong.
 */
final class ScriptedVoiceClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private volatile WebSocket ws;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> binaryInbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final List<JsonNode> skipped = new ArrayList<>();
    private volatile int lastSeq = -1;
    private ScheduledExecutorService heartbeater;
    private final AtomicLong nonce = new AtomicLong(System.currentTimeMillis());

    private DatagramChannel udp;

    private ScriptedVoiceClient() {
    }

    static ScriptedVoiceClient connect(URI uri) {
        ScriptedVoiceClient client = new ScriptedVoiceClient();
        client.ws = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, client.new Listener())
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        return client;
    }

    private final class Listener implements WebSocket.Listener {
        private final ScriptedVoiceClient client = ScriptedVoiceClient.this;
        private final StringBuilder text = new StringBuilder();
        private ByteBuffer binary = ByteBuffer.allocate(0);

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                JsonNode node = JSON.readTree(text.toString());
                text.setLength(0);
                if (node.has("seq")) {
                    client.lastSeq = node.get("seq").asInt();
                }
                client.inbox.add(node);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(binary.remaining() + data.remaining());
            joined.put(binary).put(data).flip();
            binary = joined;
            if (last) {
                byte[] frame = new byte[binary.remaining()];
                binary.get(frame);
                binary = ByteBuffer.allocate(0);
                client.lastSeq = ((frame[0] & 0xFF) << 8) | (frame[1] & 0xFF);
                client.binaryInbox.add(frame);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            client.closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            client.closed.complete(1006);
        }
    }

    // ---------------------------------------------------------------------------------------- gateway

    int lastSeq() {
        return lastSeq;
    }

    void send(String json) {
        ws.sendText(json, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    void sendBinary(byte[] frame) {
        ws.sendBinary(ByteBuffer.wrap(frame), true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The next JSON message with this op; other ops are set aside (see {@link #skipped()}). */
    JsonNode expect(int op, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode next;
            try {
                next = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (next == null) {
                throw new AssertionError("no op " + op + " within " + timeout + "; skipped " + skipped
                        + (closed.isDone() ? ", closed " + closed.join() : ""));
            }
            if (next.path("op").asInt() == op) {
                return next;
            }
            skipped.add(next);
        }
    }

    List<JsonNode> skipped() {
        return skipped;
    }

    byte[] expectBinary(Duration timeout) throws InterruptedException {
        byte[] frame = binaryInbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (frame == null) {
            throw new AssertionError("no binary frame within " + timeout);
        }
        return frame;
    }

    int awaitClose(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    void identify(String guildId, String userId, String sessionId, String token) {
        send("{\"op\":0,\"d\":{\"server_id\":\"" + guildId + "\",\"user_id\":\"" + userId + "\",\"session_id\":\""
                + sessionId + "\",\"token\":\"" + token + "\",\"max_dave_protocol_version\":1}}");
    }

    void identify(FakeDiscordVoiceServer server) {
        identify(server.guildId(), server.userId(), server.sessionId(), server.token());
    }

    void resume(FakeDiscordVoiceServer server, int seqAck) {
        send("{\"op\":7,\"d\":{\"server_id\":\"" + server.guildId() + "\",\"session_id\":\"" + server.sessionId()
                + "\",\"token\":\"" + server.token() + "\",\"seq_ack\":" + seqAck + "}}");
    }

    void selectProtocol(String address, int port, String mode) {
        send("{\"op\":1,\"d\":{\"protocol\":\"udp\",\"data\":{\"address\":\"" + address + "\",\"port\":" + port
                + ",\"mode\":\"" + mode + "\"}}}");
    }

    void speaking(int mask, long ssrc) {
        send("{\"op\":5,\"d\":{\"speaking\":" + mask + ",\"delay\":0,\"ssrc\":" + ssrc + "}}");
    }

    void heartbeat(int seqAck) {
        send("{\"op\":3,\"d\":{\"t\":" + nonce.incrementAndGet() + ",\"seq_ack\":" + seqAck + "}}");
    }

    /** Heartbeats every {@code intervalMillis} (first after one interval) with the current {@code lastSeq}. */
    void startHeartbeats(double intervalMillis) {
        heartbeater = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "scripted-client-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long micros = Math.round(intervalMillis * 1000);
        heartbeater.scheduleWithFixedDelay(() -> {
            try {
                heartbeat(lastSeq);
            } catch (RuntimeException e) {
                // the socket is gone; the test notices through the server's records
            }
        }, micros, micros, TimeUnit.MICROSECONDS);
    }

    void stopHeartbeats() {
        if (heartbeater != null) {
            heartbeater.shutdownNow();
        }
    }

    // -------------------------------------------------------------------------------------------- UDP

    record Discovered(String address, int port) {
    }

    /** Opens the UDP socket towards Ready's ip:port and runs IP discovery (one try per second, 10 tries). */
    Discovered discover(String ip, int port, long ssrc) throws IOException {
        udp = DatagramChannel.open();
        udp.bind(new InetSocketAddress("127.0.0.1", 0));
        udp.connect(new InetSocketAddress(ip, port));
        udp.configureBlocking(false);
        ByteBuffer request = ByteBuffer.allocate(74).putShort((short) 1).putShort((short) 70).putInt((int) ssrc);
        ByteBuffer response = ByteBuffer.allocate(100);
        for (int attempt = 0; attempt < 10; attempt++) {
            udp.write(request.clear());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (System.nanoTime() < deadline) {
                response.clear();
                if (udp.read(response) == 74 && response.getShort(0) == 2) {
                    if (response.getShort(2) != 70 || (response.getInt(4) & 0xFFFFFFFFL) != ssrc) {
                        throw new AssertionError("bad discovery response");
                    }
                    int end = 8;
                    while (end < 72 && response.get(end) != 0) {
                        end++;
                    }
                    String address = new String(response.array(), 8, end - 8, StandardCharsets.US_ASCII);
                    return new Discovered(address, response.getShort(72) & 0xFFFF);
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
        throw new AssertionError("IP discovery got no answer");
    }

    void sendDatagram(byte[] datagram) throws IOException {
        udp.write(ByteBuffer.wrap(datagram));
    }

    /** Paced RTP sender: one packet every 20 ms on a drift-free schedule, random start seq/timestamp. */
    static final class AudioSender {
        private final ScriptedVoiceClient client;
        private final String mode;
        private final byte[] key;
        private final long ssrc;
        private int sequence = (int) (Math.random() * 65536);
        private long timestamp = (long) (Math.random() * 4_000_000_000L);
        private int nonce = (int) (Math.random() * Integer.MAX_VALUE);
        private long nextDeadline = System.nanoTime();

        AudioSender(ScriptedVoiceClient client, String mode, byte[] key, long ssrc) {
            this.client = client;
            this.mode = mode;
            this.key = key;
            this.ssrc = ssrc;
        }

        void send(byte[] opus) throws IOException, GeneralSecurityException {
            long wait = nextDeadline - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            nextDeadline += 20_000_000L;
            byte[] header = TransportCrypto.rtpHeader(sequence, timestamp, ssrc);
            byte[] suffix = ByteBuffer.allocate(4).putInt(nonce).array();
            client.sendDatagram(TransportCrypto.seal(mode, key, header, opus, suffix));
            sequence = (sequence + 1) & 0xFFFF;
            timestamp = (timestamp + 960) & 0xFFFFFFFFL;
            nonce++;
        }
    }

    @Override
    public void close() {
        stopHeartbeats();
        try {
            if (!closed.isDone()) {
                ws.sendClose(1000, "done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
            }
        } finally {
            ws.abort();
            if (udp != null) {
                try {
                    udp.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
    }
}
