/**
 * The voice contract Basalt grew from (hikari's voice component, seen from the server): one
 * {@link dev.basalt.voice.VoiceComponent} per client session, holding one {@link dev.basalt.voice.VoiceConnection}
 * per guild. A player update carrying voice credentials becomes {@link dev.basalt.voice.VoiceEvent}s for that
 * guild's connection. The Discord transport plugs in behind {@link dev.basalt.voice.VoiceConnectionFactory}.
 */
package dev.basalt.voice;
