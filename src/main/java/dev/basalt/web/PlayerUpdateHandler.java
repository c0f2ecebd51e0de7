package dev.basalt.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.basalt.config.LavalinkServerProperties;
import dev.basalt.player.Player;
import dev.basalt.session.ClientSession;
import dev.basalt.session.SessionRegistry;
import dev.basalt.track.LoadResult;
import dev.basalt.track.TrackCodec;
import dev.basalt.track.TrackLoader;
import dev.basalt.voice.VoiceConnection;
import dev.basalt.voice.VoiceCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Applies a player PATCH in the reference's processing order. Validation (steps 1–6) happens before anything is
 * touched, so a refused request creates no player and changes nothing.
 */
@Component
class PlayerUpdateHandler {

    private static final Logger log = LoggerFactory.getLogger(PlayerUpdateHandler.class);
    private static final Duration VOICE_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final SessionRegistry sessions;
    private final TrackCodec codec;
    private final TrackLoader loader;
    private final LavalinkServerProperties server;

    PlayerUpdateHandler(SessionRegistry sessions, TrackCodec codec, TrackLoader loader,
                        LavalinkServerProperties server) {
        this.sessions = sessions;
        this.codec = codec;
        this.loader = loader;
        this.server = server;
    }

    Player update(ClientSession session, long guildId, PlayerUpdateRequest request, boolean noReplace) {
        validate(request);
        VoiceCredentials credentials = request.voice() == null ? null : credentials(guildId, request.voice());

        Player player = sessions.getOrCreatePlayer(session, guildId);
        if (credentials != null) {
            connectVoice(session, player, guildId, credentials);
        }
        if (request.volume() != null) {
            player.setVolume(request.volume());
        }
        // with a track change these apply to the new track instead (see changeTrack)
        if (!request.isTrackChange()) {
            if (request.paused() != null) {
                player.setPaused(request.paused());
            }
            if (request.userData() != null) {
                player.setUserData(request.userData());
            }
            if (request.position() != null) {
                player.seekTo(request.position());
            }
            if (request.endTimeGiven()) {
                player.setEndTime(request.endTime());
            }
        }
        if (request.filters() != null) {
            player.setFilters(request.filters());
        }
        if (request.isTrackChange() && !(noReplace && player.track() != null)) {
            changeTrack(player, request);
        }
        return player;
    }

    private void validate(PlayerUpdateRequest request) {
        if (request.trackObjectGiven() && request.deprecatedTrackGiven()) {
            throw ApiException.badRequest("Cannot specify both track and encodedTrack/identifier");
        }
        if (request.encodedGiven() && request.identifier() != null) {
            throw ApiException.badRequest("Cannot specify both encodedTrack and identifier");
        }
        List<String> disabled = new ArrayList<>();
        for (String name : request.mentionedFilters()) {
            if (!server.isFilterEnabled(name)) {
                disabled.add(name);
            }
        }
        if (!disabled.isEmpty()) {
            throw ApiException.badRequest("Following filters are disabled in the config: " + String.join(", ", disabled));
        }
        PlayerUpdateRequest.VoiceInput voice = request.voice();
        if (voice != null && (isBlank(voice.token()) || isBlank(voice.endpoint()) || isBlank(voice.sessionId())
                || (voice.channelIdGiven() && isBlank(voice.channelId())))) {
            throw ApiException.badRequest("token, endpoint, sessionId and channelId must be provided in voice state");
        }
        if (request.endTime() != null && request.endTime() <= 0) {
            throw ApiException.badRequest("End time must be greater than 0");
        }
    }

    private static VoiceCredentials credentials(long guildId, PlayerUpdateRequest.VoiceInput voice) {
        Long channelId = null;
        if (voice.channelIdGiven()) {
            try {
                channelId = Long.parseLong(voice.channelId().trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("voice.channelId must be a Discord snowflake (digits), got '"
                        + voice.channelId() + "'");
            }
        } else {
            log.warn("Guild {}: voice state has no channelId (a client built for Lavalink 4.0.x); connecting without "
                    + "end-to-end encryption, so channels that require it will refuse the connection", guildId);
        }
        return new VoiceCredentials(voice.token(), voice.endpoint(), voice.sessionId(), channelId);
    }

    private static void connectVoice(ClientSession session, Player player, long guildId, VoiceCredentials credentials) {
        VoiceConnection connection = session.voice().deliver(guildId, credentials);
        try {
            session.voice().connectTo(guildId, VOICE_CONNECT_TIMEOUT).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // a timeout has no message: the exception's class says what happened
            log.warn("Guild {}: could not connect to the voice server {}: {}", guildId, credentials.endpoint(),
                    cause instanceof java.util.concurrent.TimeoutException
                            ? "no voice session within " + VOICE_CONNECT_TIMEOUT.toSeconds() + " s" : cause.toString());
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "Failed to connect to voice server", e);
        }
        if (player.connection() != connection) {
            player.connect(connection);
        }
    }

    private void changeTrack(Player player, PlayerUpdateRequest request) {
        player.setPaused(request.paused() != null && request.paused());
        if (request.encodedGiven() && request.encoded() == null) {
            player.stop();
            return;
        }
        AudioTrack track = request.encoded() != null ? codec.decode(request.encoded()).track() : load(request.identifier());
        if (request.userData() != null) {
            track.setUserData(request.userData());
        }
        player.play(track, request.position(), request.endTime());
    }

    private AudioTrack load(String identifier) {
        LoadResult result = loader.load(identifier);
        if (result instanceof LoadResult.TrackLoaded loaded) {
            return loaded.track();
        }
        if (result instanceof LoadResult.NoMatches) {
            throw ApiException.badRequest("No matches found for identifier");
        }
        if (result instanceof LoadResult.LoadFailed failed) {
            throw ApiException.badRequest(failed.exception().getMessage());
        }
        throw ApiException.badRequest("Cannot play a playlist or search result");
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
