/**
 * Basalt's own Discord voice transport (the role Koe plays for Lavalink): a {@link dev.basalt.voice.VoiceConnection}
 * that speaks the voice gateway v8, discovers its UDP address, encrypts RTP packets and sends a 20 ms Opus frame
 * stream, resuming or reconnecting by the close-code table. It knows nothing about Lavalink, sessions or lavaplayer.
 */
package dev.basalt.voice.discord;
