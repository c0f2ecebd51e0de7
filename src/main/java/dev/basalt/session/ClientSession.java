package dev.basalt.session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;

import dev.basalt.player.Player;
import dev.basalt.protocol.ServerMessage;
import dev.basalt.voice.VoiceComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * One bot's session on this node. Every outgoing message passes through {@link #send}, which orders it under one lock
 * (so the order clients see is the order things happened, including across a resume) and puts it in an outbox.
 * Whichever thread finds the outbox unattended writes it out; the others return at once. Events are raised on
 * lavaplayer's playback threads, and a playback thread waiting for another thread's socket write is not decoding.
 */
public final class ClientSession {

    private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

    private final String id;
    private final VoiceComponent voice;
    private final JsonMapper json;
    private final Map<Long, Player> players = new ConcurrentHashMap<>();
    private final Queue<String> pausedQueue = new ArrayDeque<>();
    private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writing = new ReentrantLock();
    private volatile boolean resuming = false;
    private volatile long timeoutSeconds = 60;
    private WebSocketSession socket;
    private ScheduledFuture<?> statsTask;
    private ScheduledFuture<?> expiry;

    ClientSession(String id, VoiceComponent voice, JsonMapper json) {
        this.id = id;
        this.voice = voice;
        this.json = json;
    }

    public String id() {
        return id;
    }

    public VoiceComponent voice() {
        return voice;
    }

    public boolean isResuming() {
        return resuming;
    }

    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    public void configureResuming(Boolean resuming, Long timeoutSeconds) {
        if (resuming != null) {
            this.resuming = resuming;
        }
        if (timeoutSeconds != null) {
            this.timeoutSeconds = timeoutSeconds;
        }
    }

    public Collection<Player> players() {
        return Collections.unmodifiableCollection(players.values());
    }

    public Player player(long guildId) {
        return players.get(guildId);
    }

    public Player getOrCreatePlayer(long guildId, LongFunction<Player> factory) {
        return players.computeIfAbsent(guildId, factory::apply);
    }

    /** Destroys the guild's player (raising {@code stopped} for its track) and closes the guild's voice connection. */
    public void destroyPlayer(long guildId) {
        Player player = players.remove(guildId);
        if (player != null) {
            player.destroy();
        }
        voice.disconnect(guildId);
    }

    /** Sends now, queues while paused ({@code playerUpdate} excepted), or drops once the session is gone. */
    public void send(ServerMessage message) {
        enqueue(message);
        flush();
    }

    private synchronized void enqueue(ServerMessage message) {
        boolean open = socket != null && socket.isOpen();
        boolean queued = socket == null && expiry != null && !(message instanceof ServerMessage.PlayerUpdate);
        if (!open && !queued) {
            return;
        }
        String text = json.writeValueAsString(message);
        if (queued) {
            pausedQueue.add(text);
        } else {
            outbox.add(new Outgoing(socket, message.op(), text));
        }
    }

    /** Writes the outbox unless another thread is already doing so (that thread then writes ours too). */
    private void flush() {
        while (!outbox.isEmpty() && writing.tryLock()) {
            try {
                drain();
            } finally {
                writing.unlock();
            }
        }
    }

    private void drain() {
        for (Outgoing next; (next = outbox.poll()) != null; ) {
            try {
                write(next.socket(), next.text());
            } catch (IOException | IllegalStateException e) {
                log.warn("Could not send {} to session {}: {}", next.op(), id, e.getMessage());
            }
        }
    }

    private record Outgoing(WebSocketSession socket, String op, String text) {
    }

    /**
     * Tomcat's blocking send fails on an interrupted thread and then closes the whole socket (1006). Events are raised
     * on lavaplayer's threads, which lavaplayer interrupts to stop a track (a failing track's exception event runs on
     * its playback thread while the frame poller stops it; seeking past an end marker stops the track from its own
     * thread), so the interrupt status is set aside for the write and restored afterwards for lavaplayer to see.
     */
    private static void write(WebSocketSession target, String text) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            target.sendMessage(new TextMessage(text));
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    synchronized void attach(WebSocketSession newSocket) {
        this.socket = newSocket;
    }

    /** Attaches the new socket and replays what was queued, before anything else can be sent. */
    void resume(WebSocketSession newSocket, Runnable afterReplay) {
        int replayed;
        synchronized (this) {
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            this.socket = newSocket;
            enqueue(new ServerMessage.Ready(true, id));
            replayed = pausedQueue.size();
            for (String text; (text = pausedQueue.poll()) != null; ) {
                outbox.add(new Outgoing(newSocket, "queued message", text));
            }
            log.info("Session {} resumed; replaying {} queued message(s)", id, replayed);
            afterReplay.run();
        }
        flush();
    }

    synchronized void pause(ScheduledFuture<?> expiryTask) {
        this.socket = null;
        this.expiry = expiryTask;
    }

    synchronized void startStats(ScheduledFuture<?> task) {
        this.statsTask = task;
    }

    /** Ends the session for good: players stopped, voice closed, timers cancelled. */
    void destroy() {
        synchronized (this) {
            if (statsTask != null) {
                statsTask.cancel(false);
            }
            if (expiry != null) {
                expiry.cancel(false);
                expiry = null;
            }
            socket = null;
            pausedQueue.clear();
        }
        // outside the lock: stopping a track raises events on lavaplayer's threads, which take it
        for (Long guild : players.keySet()) {
            Player player = players.remove(guild);
            if (player != null) {
                player.destroy();
            }
        }
        voice.close();
    }

    /** Closes the socket after what is already in the outbox. */
    void closeSocket(CloseStatus status) {
        flushAndWait();
        synchronized (this) {
            closeNow(status);
        }
    }

    /** Writes the outbox on this thread, waiting for a writer that is already at it. */
    private void flushAndWait() {
        writing.lock();
        try {
            drain();
        } finally {
            writing.unlock();
        }
    }

    private void closeNow(CloseStatus status) {
        if (socket != null && socket.isOpen()) {
            try {
                socket.close(status);
            } catch (IOException e) {
                log.debug("Closing the socket of session {} failed: {}", id, e.getMessage());
            }
        }
    }
}
