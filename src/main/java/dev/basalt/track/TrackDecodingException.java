package dev.basalt.track;

/**
 * An encoded track string could not be turned back into a playable track. Unchecked because every
 * caller maps it to the same client-facing error, and the message is written to be shown to an
 * operator as-is.
 */
public class TrackDecodingException extends RuntimeException {

    public TrackDecodingException(String message) {
        super(message);
    }

    public TrackDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
