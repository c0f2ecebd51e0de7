package dev.basalt.voice.discord.crypto;

/** A received packet that cannot be opened: wrong key, tampered bytes, or a malformed RTP header. */
public class TransportDecryptionException extends RuntimeException {

    public TransportDecryptionException(String message) {
        super(message);
    }

    public TransportDecryptionException(String message, Throwable cause) {
        super(message, cause);
    }
}
