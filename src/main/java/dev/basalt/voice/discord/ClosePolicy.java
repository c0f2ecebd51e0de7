package dev.basalt.voice.discord;

/**
 * What a voice connection does after its gateway socket closed, by the close-code table of the voice protocol.
 * Resuming keeps the UDP session (and audio) going; a new session identifies again with the same credentials;
 * stopping waits for the bot to send new voice credentials.
 */
public final class ClosePolicy {

    public enum Action {
        /** Reopen the socket and Resume: audio never stops. Silent towards the client. */
        RESUME,
        /** Identify again (new UDP session and key). */
        NEW_SESSION,
        /** Give up until new credentials arrive. */
        STOP
    }

    private ClosePolicy() {
    }

    /**
     * @param hadReady whether this session got Ready (only then can it resume)
     */
    public static Action actionFor(int code, boolean hadReady) {
        if (code == 1000) {
            return Action.STOP;
        }
        if (code < 4000 || code == 4015) {
            return hadReady ? Action.RESUME : Action.NEW_SESSION;
        }
        switch (code) {
            case 4000: // unknown error
            case 4001: // unknown opcode: a bug on our side; one fresh session, then give up
            case 4002: // failed to decode payload
            case 4003: // not authenticated
            case 4005: // already authenticated
            case 4006: // session no longer valid
            case 4009: // session timeout
                return Action.NEW_SESSION;
            default:
                // 4004 bad token, 4011 server not found, 4012/4016/4020 protocol bugs, 4014 disconnected,
                // 4017 E2EE required, 4021 rate limited, 4022 call terminated, and anything new
                return Action.STOP;
        }
    }

    /** Whether the client hears of this close even though the connection recovers by itself. */
    public static boolean isReportedWhileRecovering(int code) {
        // the session is gone for good on Discord's side: the bot may want to re-join rather than wait
        return code == 4006 || code == 4009;
    }

    /** Codes that mean a bug on our side: retried once with a new session, not more. */
    public static boolean isProtocolError(int code) {
        return code == 4001 || code == 4002 || code == 4003 || code == 4005;
    }
}
