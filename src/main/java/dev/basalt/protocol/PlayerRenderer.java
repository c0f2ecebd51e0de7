package dev.basalt.protocol;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.basalt.player.Player;
import dev.basalt.player.PlayerState;
import dev.basalt.voice.VoiceConnection;
import dev.basalt.voice.VoiceCredentials;
import org.springframework.stereotype.Component;

@Component
public class PlayerRenderer {

    private final TrackRenderer tracks;

    public PlayerRenderer(TrackRenderer tracks) {
        this.tracks = tracks;
    }

    public PlayerJson render(Player player) {
        AudioTrack track = player.track();
        return new PlayerJson(Long.toString(player.guildId()),
                track == null ? null : tracks.render(track),
                player.volume(), player.isPaused(), state(player.state()), voice(player.connection()),
                player.filters(), player.pipelineMode() == null ? null : player.pipelineMode().jsonName());
    }

    public static PlayerStateJson state(PlayerState state) {
        return new PlayerStateJson(state.time(), state.position(), state.connected(), state.ping());
    }

    private static VoiceStateJson voice(VoiceConnection connection) {
        if (connection == null) {
            return VoiceStateJson.NONE;
        }
        VoiceCredentials c = connection.credentials();
        return new VoiceStateJson(c.token(), c.endpoint(), c.sessionId(),
                c.channelId() == null ? null : Long.toString(c.channelId()));
    }
}
