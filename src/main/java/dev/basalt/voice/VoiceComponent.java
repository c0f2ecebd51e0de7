package dev.basalt.voice;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The voice side of one client session: one connection per guild, acting as the session's bot user. */
public final class VoiceComponent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(VoiceComponent.class);

    private final long userId;
    private final VoiceConnectionFactory factory;
    private final Map<Long, VoiceConnection> connections = new ConcurrentHashMap<>();
    private volatile CloseListener closeListener = (guildId, close) -> { };

    /** Hears about gateway closes of this component's connections (the session turns them into events). */
    @FunctionalInterface
    public interface CloseListener {
        void onClose(long guildId, VoiceClose close);
    }

    public VoiceComponent(long userId, VoiceConnectionFactory factory) {
        this.userId = userId;
        this.factory = factory;
    }

    public void setCloseListener(CloseListener listener) {
        this.closeListener = listener;
    }

    /** Called by a connection of this component when its gateway closed in a way the client should hear of. */
    public void reportClose(VoiceConnection connection, VoiceClose close) {
        closeListener.onClose(connection.guildId(), close);
    }

    /** Guild id → connection, read-only. */
    public Map<Long, VoiceConnection> connections() {
        return Collections.unmodifiableMap(connections);
    }

    /**
     * Hands the credentials the bot relayed to the guild's connection: opens one if there is none, otherwise
     * notifies it, which reconnects it when something changed or its gateway is closed. Identical credentials for
     * an open connection are a no-op.
     */
    public synchronized VoiceConnection deliver(long guildId, VoiceCredentials credentials) {
        VoiceConnection current = connections.get(guildId);
        if (current == null) {
            VoiceConnection created = factory.initialize(credentials.channelId(), credentials.endpoint(), guildId,
                    this::forget, this, credentials.sessionId(), 0, credentials.token(), userId);
            connections.put(guildId, created);
            return created;
        }
        // the same credentials again revive a connection whose gateway is closed (Lavalink reconnects then too);
        // the connection itself ignores them while it is still connecting
        if (!current.credentials().equals(credentials) || !current.isGatewayOpen()) {
            current.notify(credentials.stateUpdate(guildId));
            current.notify(credentials.serverUpdate(guildId));
        }
        return current;
    }

    /** Completes with the guild's connection once it is ready for audio, or fails after {@code timeout}. */
    public CompletableFuture<VoiceConnection> connectTo(long guildId, Duration timeout) {
        VoiceConnection connection = connections.get(guildId);
        if (connection == null) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("no voice credentials were delivered for guild " + guildId));
        }
        return connection.ready()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(ignored -> connection);
    }

    public void disconnect(long guildId) {
        VoiceConnection connection = connections.remove(guildId);
        if (connection != null) {
            connection.disconnect();
        }
    }

    public void disconnectAll() {
        connections.keySet().forEach(this::disconnect);
    }

    /** Called when the client session ends for good (never while it may still resume). */
    @Override
    public void close() {
        if (!connections.isEmpty()) {
            log.debug("Closing {} voice connection(s) of user {}", connections.size(), userId);
        }
        disconnectAll();
    }

    private void forget(VoiceConnection connection) {
        connections.remove(connection.guildId(), connection);
    }
}
