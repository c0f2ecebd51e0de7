package dev.basalt.protocol;

import java.util.Map;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.basalt.track.TrackCodec;
import dev.basalt.track.TrackPluginInfo;
import org.springframework.stereotype.Component;

/**
 * Renders tracks the way the reference does: live tracks are re-encoded with their current position, so the
 * {@code encoded} in an event carries the position at that moment.
 */
@Component
public class TrackRenderer {

    private final TrackCodec codec;

    public TrackRenderer(TrackCodec codec) {
        this.codec = codec;
    }

    /** A live track: encoded now, with its current position. */
    public TrackJson render(AudioTrack track) {
        return render(track, codec.encode(track));
    }

    /** A track whose encoded form is already known (decodetrack echoes the input string unchanged). */
    public TrackJson render(AudioTrack track, String encoded) {
        Object userData = track.getUserData();
        return new TrackJson(encoded,
                TrackInfoJson.of(track.getInfo(), track.getSourceManager().getSourceName(), track.getPosition()),
                TrackPluginInfo.of(track),
                userData == null ? Map.of() : userData);
    }
}
