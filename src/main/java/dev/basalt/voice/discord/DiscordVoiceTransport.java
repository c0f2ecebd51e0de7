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
import dev.basalt.voice.discord.dave.DaveCounters;
import dev.basalt.voice.discord.udp.PacedSender;
import dev.basalt.voice.discord.udp.PacedSenders;
import dev.basalt.voice.discord.udp.SendStats;

/**
 * What every Discord voice connection of the node shares: the WebSocket client (TLS against the JVM's default trust
 * store), the timer and worker threads, the paced UDP sender and the reconnect timing.
 */
public final class DiscordVoiceTransport implements VoiceConnectionFactory, AutoCloseable {

    /** The highest DAVE protocol version this node implements and offers in Identify. */
    static final int MAX_DAVE_PROTOCOL_VERSION = 1;

    private final HttpClient http;
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;
    private final PacedSender sender;
    private final String pacing;
    private final Duration sendAhead;
    private final ReconnectTiming timing;
    private final boolean daveEnabled;
    private final DaveCounters daveCounters = new DaveCounters();
    private volatile ConnectionObserver observer = ConnectionObserver.NONE;

    /**
     * @param bufferDurationMs Lavalink's {@code bufferDurationMs} (already corrected): above 0 the native send
     *                         queue holds that much audio, 0 or less means the Java sender
     * @param daveEnabled {@code basalt.dave.enabled}: false identifies without DAVE everywhere, so calls that
     *                    require end-to-end encryption close with 4017
     */
    public DiscordVoiceTransport(int bufferDurationMs, ReconnectTiming timing, boolean daveEnabled) {
        this.daveEnabled = daveEnabled;
        PacedSenders.Choice choice = PacedSenders.choose(bufferDurationMs);
        this.sender = choice.sender();
        this.pacing = choice.explanation();
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

    /** Which sender paces voice packets and why, in plain words (the startup summary shows it). */
    public String pacing() {
        return pacing;
    }

    /** How far ahead of the wire packets are made. */
    Duration sendAhead() {
        return sendAhead;
    }

    ReconnectTiming timing() {
        return timing;
    }

    /** {@code basalt.dave.enabled}: whether connections offer DAVE (those whose update carried a channelId). */
    public boolean daveEnabled() {
        return daveEnabled;
    }

    /** DAVE counts of every connection of this node: epochs, transitions, MLS failures, frames held back. */
    public DaveCounters daveCounters() {
        return daveCounters;
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
