package dev.basalt.player;

import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;

/** What a player reports to its session, in the order it happens. */
public sealed interface PlayerEvent {

    record TrackStarted(AudioTrack track) implements PlayerEvent {
    }

    /** {@code reason} is Lavalink's wire name: finished, loadFailed, stopped, replaced, cleanup. */
    record TrackEnded(AudioTrack track, String reason) implements PlayerEvent {
    }

    record TrackFailed(AudioTrack track, FriendlyException exception) implements PlayerEvent {
    }

    record TrackStuck(AudioTrack track, long thresholdMs) implements PlayerEvent {
    }

    /** The guild's voice gateway closed; {@code reconnecting} when the connection starts over by itself. */
    record VoiceClosed(int code, String reason, boolean byRemote, boolean reconnecting) implements PlayerEvent {
    }

    /** The player's state changed in a way the client should see now (seek, start, filters, voice). */
    record StateChanged() implements PlayerEvent {
    }
}
