package dev.basalt.voice.discord.dave;

/** An MLS message from the gateway that this member must refuse; for a commit or Welcome it leads to op 31. */
public final class InvalidGroupMessageException extends Exception {

    public InvalidGroupMessageException(String message) {
        super(message);
    }

    public InvalidGroupMessageException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
