package dev.basalt.session;

/** Hears how session resumes go, for monitoring. Nothing here names a session. */
public interface SessionObserver {

    /**
     * A client opened a socket with {@code Session-Id}: {@code resumed} when that session was still waiting, false
     * when it was unknown or had expired (the client gets a new session).
     */
    default void resumeAttempted(boolean resumed) {
    }

    /** A disconnected session was not resumed within its timeout and was destroyed with its players. */
    default void expired() {
    }
}
