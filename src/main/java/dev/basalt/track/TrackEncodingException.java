package dev.basalt.track;

/**
 * A track cannot be written in the encoded form, e.g. its title is longer than the format's 65535-byte
 * string limit or its source refuses to serialise it. Unchecked for the same reason as
 * {@link TrackDecodingException}: callers cannot repair the track, only report it.
 */
public class TrackEncodingException extends RuntimeException {

    public TrackEncodingException(String message) {
        super(message);
    }

    public TrackEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
