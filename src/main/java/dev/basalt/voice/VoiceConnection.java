package dev.basalt.voice;

import java.util.concurrent.CompletableFuture;

/** The node's voice connection for one guild of one client session. */
public interface VoiceConnection {

    long guildId();

    /** The voice channel this connection is for; null when the client did not say. */
    Long channelId();

    VoiceComponent owner();

    /** The credentials in use. */
    VoiceCredentials credentials();

    /** A voice server or voice state change for this guild (new region, moved channel, new session). */
    void notify(VoiceEvent event);

    /** Completes when the connection is usable for audio; fails if it cannot be established. */
    CompletableFuture<Void> ready();

    /** True while the Discord voice gateway socket is open. */
    boolean isGatewayOpen();

    /** Round trip of the last voice gateway heartbeat in ms, or -1 when there is none. */
    long ping();

    /** Sets (or with null, clears) the audio this connection sends. */
    void attach(OpusFrameSource source);

    /** Closes the connection for good; the owner forgets it. */
    void disconnect();
}
