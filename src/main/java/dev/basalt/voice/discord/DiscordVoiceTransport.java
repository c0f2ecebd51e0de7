package dev.basalt.voice.discord;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

import dev.basalt.voice.VoiceComponent;
import dev.basalt.voice.VoiceConnection;
import dev.basalt.voice.VoiceConnectionFactory;
import dev.basalt.voice.VoiceCredentials;
import dev.basalt.voice.discord.udp.PacedSender;
import dev.basalt.voice.discord.udp.PacedSenders;
import dev.basalt.voice.discord.udp.SendStats;

/**
 * What every Discord voice connection of the node shares: the WebSocket client (TLS against the JVM's default trust
 * store), the timer and worker threads, the paced UDP sender and the reconnect timing.
 */
public final class DiscordVoiceTransport implements VoiceConnectionFactory, AutoCloseable {

    /** DAVE is not implemented yet: identify without it (calls that require E2EE close with 4017). */
    private static final int MAX_DAVE_PROTOCOL_VERSION = 0;

    private final HttpClient http;
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;
    private final PacedSender sender;
    private final Duration sendAhead;
    private final ReconnectTiming timing;
    private volatile ConnectionObserver observer = ConnectionObserver.NONE;

    /**
     * @param bufferDurationMs Lavalink's {@code bufferDurationMs} (already corrected): above 0 the native send
     *                         queue holds that much audio, 0 or less means the Java sender
     */
    public DiscordVoiceTransport(int bufferDurationMs, ReconnectTiming timing) {
        this.sender = PacedSenders.create(bufferDurationMs);
        this.sendAhead = sender.isNative() ? Duration.ofMillis(bufferDurationMs) : Duration.ZERO;
        this.timing = timing;
        this.timers = Executors.newScheduledThreadPool(1, daemon("voice-gateway-timers"));
        this.workers = Executors.newCachedThreadPool(daemon("voice-udp-discovery"));
        this.http = HttpClient.newBuilder().connectTimeout(timing.handshakeTimeout()).build();
    }

    @Override
    public VoiceConnection initialize(Long channelId, String endpoint, long guildId, Consumer<VoiceConnection> onClose,
                                      VoiceComponent owner, String sessionId, int shardId, String token, long userId) {
        DiscordVoiceConnection connection = new DiscordVoiceConnection(guildId, userId,
                new VoiceCredentials(token, endpoint, sessionId, channelId), owner, onClose, this);
        connection.start();
        return connection;
    }

    /** What the paced sender handed off so far, node-wide. */
    public SendStats sendStats() {
        return sender.stats();
    }

    /** Replaces the observer of every connection's gateway closes and reconnects (one per node). */
    public void observe(ConnectionObserver newObserver) {
        observer = newObserver == null ? ConnectionObserver.NONE : newObserver;
    }

    ConnectionObserver observer() {
        return observer;
    }

    HttpClient http() {
        return http;
    }

    ScheduledExecutorService timers() {
        return timers;
    }

    ExecutorService workers() {
        return workers;
    }

    PacedSender sender() {
        return sender;
    }

    /** How far ahead of the wire packets are made. */
    Duration sendAhead() {
        return sendAhead;
    }

    ReconnectTiming timing() {
        return timing;
    }

    int maxDaveProtocolVersion() {
        return MAX_DAVE_PROTOCOL_VERSION;
    }

    @Override
    public void close() throws Exception {
        timers.shutdownNow();
        workers.shutdownNow();
        sender.close();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
