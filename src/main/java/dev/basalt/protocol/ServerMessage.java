package dev.basalt.protocol;

/**
 * Everything the node sends over a session's socket. {@code playerUpdate} is the only kind that is dropped, not
 * queued, while the session is paused.
 */
public sealed interface ServerMessage {

    String op();

    record Ready(String op, boolean resumed, String sessionId) implements ServerMessage {
        public Ready(boolean resumed, String sessionId) {
            this("ready", resumed, sessionId);
        }
    }

    record PlayerUpdate(String op, PlayerStateJson state, String guildId) implements ServerMessage {
        public PlayerUpdate(PlayerStateJson state, String guildId) {
            this("playerUpdate", state, guildId);
        }
    }

    /** {@code frameStats} is always present on the socket, null when no player qualifies. */
    record Stats(String op, StatsJson.FrameStats frameStats, int players, int playingPlayers, long uptime,
                 StatsJson.Memory memory, StatsJson.Cpu cpu) implements ServerMessage {
        public Stats(StatsJson.FrameStats frameStats, StatsJson node) {
            this("stats", frameStats, node.players(), node.playingPlayers(), node.uptime(), node.memory(), node.cpu());
        }
    }

    record TrackStartEvent(String op, String type, String guildId, TrackJson track) implements ServerMessage {
        public TrackStartEvent(String guildId, TrackJson track) {
            this("event", "TrackStartEvent", guildId, track);
        }
    }

    record TrackEndEvent(String op, String type, String guildId, TrackJson track, String reason)
            implements ServerMessage {
        public TrackEndEvent(String guildId, TrackJson track, String reason) {
            this("event", "TrackEndEvent", guildId, track, reason);
        }
    }

    record TrackExceptionEvent(String op, String type, String guildId, TrackJson track, ExceptionJson exception)
            implements ServerMessage {
        public TrackExceptionEvent(String guildId, TrackJson track, ExceptionJson exception) {
            this("event", "TrackExceptionEvent", guildId, track, exception);
        }
    }

    record TrackStuckEvent(String op, String type, String guildId, TrackJson track, long thresholdMs)
            implements ServerMessage {
        public TrackStuckEvent(String guildId, TrackJson track, long thresholdMs) {
            this("event", "TrackStuckEvent", guildId, track, thresholdMs);
        }
    }

    /** Lavalink's fields plus {@code reconnecting}: whether the node starts a new voice session by itself. */
    record WebSocketClosedEvent(String op, String type, String guildId, int code, String reason, boolean byRemote,
                                boolean reconnecting) implements ServerMessage {
        public WebSocketClosedEvent(String guildId, int code, String reason, boolean byRemote, boolean reconnecting) {
            this("event", "WebSocketClosedEvent", guildId, code, reason, byRemote, reconnecting);
        }
    }
}
