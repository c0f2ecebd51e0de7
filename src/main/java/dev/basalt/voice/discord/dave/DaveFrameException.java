package dev.basalt.voice.discord.dave;

/** A received frame that is not a valid DAVE protocol frame for its sender, or that fails authentication. */
public final class DaveFrameException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DaveFrameException(String message) {
        super(message);
    }
}
