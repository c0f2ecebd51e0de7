package dev.basalt.voice.discord.gateway;

/** Receives what happens on one gateway socket, on the socket's thread, in order. */
public interface GatewayListener {

    /** The socket is open; called before any message, so replies to Hello can go out at once. */
    void onOpen(VoiceGatewayClient client);

    void onMessage(GatewayMessage message);

    /**
     * The socket is gone. {@code byRemote} is true when the server closed it; a socket that died without a close
     * frame (network, or heartbeats left unanswered) reports 1006.
     */
    void onClosed(int code, String reason, boolean byRemote);
}
