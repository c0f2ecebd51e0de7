package dev.basalt.session;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.basalt.player.FrameCounter;
import dev.basalt.player.Player;
import dev.basalt.player.PlayerFactory;
import dev.basalt.protocol.PlayerRenderer;
import dev.basalt.protocol.ServerMessage;
import dev.basalt.protocol.StatsJson;
import dev.basalt.protocol.TrackRenderer;
import dev.basalt.voice.VoiceComponent;
import dev.basalt.voice.VoiceConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * All sessions of this node: the active ones (socket open) and the paused ones (socket gone, waiting for a
 * resume). REST only ever sees active sessions.
 */
@Component
public class SessionRegistry implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    private static final long STATS_PERIOD_SECONDS = 60;

    private final Map<String, ClientSession> active = new ConcurrentHashMap<>();
    private final Map<String, ClientSession> paused = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "session-timers");
        thread.setDaemon(true);
        return thread;
    });
    private final VoiceConnectionFactory voiceConnections;
    private final PlayerFactory players;
    private final TrackRenderer tracks;
    private final SystemUsage system;
    private final JsonMapper json;
    private final Clock clock;
    private final ObjectProvider<SessionObserver> observers;
    private volatile boolean running;

    public SessionRegistry(VoiceConnectionFactory voiceConnections, PlayerFactory players, TrackRenderer tracks,
                           SystemUsage system, JsonMapper json, Clock clock,
                           ObjectProvider<SessionObserver> observers) {
        this.voiceConnections = voiceConnections;
        this.players = players;
        this.tracks = tracks;
        this.system = system;
        this.json = json;
        this.clock = clock;
        this.observers = observers;
    }

    /** An active session by id, or null (unknown, paused, or ended). */
    public ClientSession active(String id) {
        return active.get(id);
    }

    public Collection<ClientSession> activeSessions() {
        return List.copyOf(active.values());
    }

    /** Sessions whose socket is gone, waiting for a resume; their players keep playing. */
    public Collection<ClientSession> pausedSessions() {
        return List.copyOf(paused.values());
    }

    /** Whether a paused session with this id is waiting; the handshake answers {@code Session-Resumed} with it. */
    boolean isResumable(String id) {
        return id != null && paused.containsKey(id);
    }

    /** A client asked to resume a session that is unknown or expired; it gets a new session instead. */
    void resumeMissed() {
        observers.orderedStream().forEach(observer -> observer.resumeAttempted(false));
    }

    /**
     * Attaches a newly opened socket: resumes the paused session named by {@code resumeId} if it is still waiting,
     * otherwise starts a new session. Sends {@code ready} (and on resume the queued messages, then one
     * playerUpdate per player) before anything else.
     */
    ClientSession open(WebSocketSession socket, long userId, String clientName, String resumeId) {
        ClientSession resumed = resumeId == null ? null : paused.remove(resumeId);
        if (resumeId != null) {
            observers.orderedStream().forEach(observer -> observer.resumeAttempted(resumed != null));
        }
        if (resumed != null) {
            active.put(resumed.id(), resumed);
            resumed.resume(socket, () -> resumed.players().forEach(player -> resumed.send(
                    new ServerMessage.PlayerUpdate(PlayerRenderer.state(player.state()),
                            Long.toString(player.guildId())))));
            return resumed;
        }
        String id;
        do {
            id = SessionIds.next();
        } while (active.containsKey(id) || paused.containsKey(id));
        VoiceComponent voice = new VoiceComponent(userId, voiceConnections);
        ClientSession session = new ClientSession(id, voice, json);
        voice.setCloseListener((guildId, close) -> {
            Player player = session.player(guildId);
            if (player != null) {
                player.onVoiceClosed(close);
            }
        });
        active.put(id, session);
        session.attach(socket);
        session.send(new ServerMessage.Ready(false, id));
        session.startStats(timers.scheduleAtFixedRate(() -> sendStats(session), 0, STATS_PERIOD_SECONDS,
                TimeUnit.SECONDS));
        log.info("Session {} opened for user {} ({})", id, userId, clientName == null ? "no Client-Name" : clientName);
        return session;
    }

    /** The session's socket closed: pause it if it is resumable, otherwise end it with all its players. */
    void socketClosed(ClientSession session, CloseStatus status) {
        if (!active.remove(session.id(), session)) {
            return;
        }
        if (session.isResuming()) {
            ClientSession older = paused.remove(session.id());
            if (older != null) {
                older.destroy();
            }
            long timeout = session.timeoutSeconds();
            session.pause(timers.schedule(() -> expire(session), Math.max(0, timeout), TimeUnit.SECONDS));
            paused.put(session.id(), session);
            log.info("Session {} disconnected ({}); players keep playing, it can resume within {} s",
                    session.id(), status.getCode(), timeout);
        } else {
            int playerCount = session.players().size();
            session.destroy();
            log.info("Session {} closed ({}); its {} player(s) were destroyed", session.id(), status.getCode(),
                    playerCount);
        }
    }

    private void expire(ClientSession session) {
        if (paused.remove(session.id(), session)) {
            log.info("Session {} was not resumed within {} s; destroying it and its players", session.id(),
                    session.timeoutSeconds());
            observers.orderedStream().forEach(SessionObserver::expired);
            session.destroy();
        }
    }

    public Player getOrCreatePlayer(ClientSession session, long guildId) {
        return session.getOrCreatePlayer(guildId,
                guild -> players.create(guild, new PlayerEventRelay(session, tracks)));
    }

    /** Node statistics as REST serves them: players of active sessions only. */
    public StatsJson nodeStats() {
        int count = 0;
        int playing = 0;
        for (ClientSession session : active.values()) {
            for (Player player : session.players()) {
                count++;
                if (player.isPlaying()) {
                    playing++;
                }
            }
        }
        return new StatsJson(count, playing, ManagementFactory.getRuntimeMXBean().getUptime(), system.memory(),
                system.cpu());
    }

    /** Sends every active session its stats now, as the per-minute timer does. */
    void sendStatsNow() {
        active.values().forEach(this::sendStats);
    }

    private void sendStats(ClientSession session) {
        try {
            session.send(new ServerMessage.Stats(frameStats(session), nodeStats()));
        } catch (RuntimeException e) {
            log.warn("Could not build stats for session {}", session.id(), e);
        }
    }

    /** Averages over this session's players that played through the whole previous minute; null if none did. */
    StatsJson.FrameStats frameStats(ClientSession session) {
        long now = clock.millis();
        int qualifying = 0;
        long sent = 0;
        long nulled = 0;
        for (Player player : session.players()) {
            FrameCounter counter = player.frameCounter();
            if (player.isPlaying() && counter.isDataUsable(now)) {
                qualifying++;
                sent += counter.lastMinuteSent();
                nulled += counter.lastMinuteNulled();
            }
        }
        if (qualifying == 0) {
            return null;
        }
        long expected = (long) qualifying * FrameCounter.EXPECTED_FRAMES_PER_MINUTE;
        return new StatsJson.FrameStats((int) (sent / qualifying), (int) (nulled / qualifying),
                (int) ((expected - (sent + nulled)) / qualifying));
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * On shutdown every client socket is closed with 1001 Going Away, as the reference does. This runs in the
     * first lifecycle phase to stop, while the web server still has its connections open.
     */
    @Override
    public void stop() {
        running = false;
        List<ClientSession> open = new ArrayList<>(active.values());
        if (!open.isEmpty()) {
            log.info("Shutting down: closing {} client session(s) with 1001 Going Away", open.size());
        }
        open.forEach(session -> session.closeSocket(CloseStatus.GOING_AWAY));
    }

    @Override
    public void destroy() {
        List<ClientSession> all = new ArrayList<>(active.values());
        all.addAll(paused.values());
        all.forEach(ClientSession::destroy);
        timers.shutdownNow();
    }
}
