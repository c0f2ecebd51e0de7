package dev.basalt.voice.discord;

import java.time.Duration;

/**
 * Hears what happens to the node's voice gateway connections, for monitoring. Called under a connection's lock,
 * so implementations only count and return. Nothing here names a guild or a session.
 */
public interface ConnectionObserver {

    ConnectionObserver NONE = new ConnectionObserver() {
    };

    /** A gateway socket closed with {@code code} and the connection will {@code action} next. */
    default void closed(int code, ClosePolicy.Action action) {
    }

    /** A reconnect is scheduled: a resume of the session, or a new session. */
    default void reconnecting(boolean resume) {
    }

    /** The connection carries audio again after one or more closes; {@code took} is since the first close. */
    default void recovered(boolean resumed, Duration took) {
    }
}
