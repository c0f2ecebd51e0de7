package dev.basalt.session;

import dev.basalt.player.Player;
import dev.basalt.player.PlayerEvent;
import dev.basalt.player.PlayerListener;
import dev.basalt.protocol.ExceptionJson;
import dev.basalt.protocol.PlayerRenderer;
import dev.basalt.protocol.ServerMessage;
import dev.basalt.protocol.TrackRenderer;

/** Turns a player's events into the session's socket messages, rendered at the moment they happen. */
final class PlayerEventRelay implements PlayerListener {

    private final ClientSession session;
    private final TrackRenderer tracks;

    PlayerEventRelay(ClientSession session, TrackRenderer tracks) {
        this.session = session;
        this.tracks = tracks;
    }

    @Override
    public void onEvent(Player player, PlayerEvent event) {
        String guild = Long.toString(player.guildId());
        ServerMessage message;
        if (event instanceof PlayerEvent.TrackStarted e) {
            message = new ServerMessage.TrackStartEvent(guild, tracks.render(e.track()));
        } else if (event instanceof PlayerEvent.TrackEnded e) {
            message = new ServerMessage.TrackEndEvent(guild, tracks.render(e.track()), e.reason());
        } else if (event instanceof PlayerEvent.TrackFailed e) {
            message = new ServerMessage.TrackExceptionEvent(guild, tracks.render(e.track()),
                    ExceptionJson.ofTrackError(e.exception()));
        } else if (event instanceof PlayerEvent.TrackStuck e) {
            message = new ServerMessage.TrackStuckEvent(guild, tracks.render(e.track()), e.thresholdMs());
        } else if (event instanceof PlayerEvent.VoiceClosed e) {
            message = new ServerMessage.WebSocketClosedEvent(guild, e.code(), e.reason(), e.byRemote(), e.reconnecting());
        } else {
            message = new ServerMessage.PlayerUpdate(PlayerRenderer.state(player.state()), guild);
        }
        session.send(message);
    }
}
