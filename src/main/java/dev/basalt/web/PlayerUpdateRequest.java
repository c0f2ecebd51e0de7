package dev.basalt.web;

import java.util.Set;

import dev.basalt.player.filter.FilterSettings;
import tools.jackson.databind.JsonNode;

import static dev.basalt.web.JsonFields.given;
import static dev.basalt.web.JsonFields.givenAsNull;

/**
 * A player PATCH body as read, before any rule about combinations is applied. {@code encodedGiven} with a null
 * {@code encoded} means "stop"; a null {@code userData}, {@code filters} or {@code voice} means "not given".
 */
record PlayerUpdateRequest(
        boolean trackObjectGiven,
        boolean deprecatedTrackGiven,
        boolean encodedGiven,
        String encoded,
        String identifier,
        JsonNode userData,
        Long position,
        boolean endTimeGiven,
        Long endTime,
        Integer volume,
        Boolean paused,
        FilterSettings filters,
        Set<String> mentionedFilters,
        VoiceInput voice) {

    /** The voice object; {@code channelId} is null when the client left the key out (protocol 4.0.x clients). */
    record VoiceInput(String token, String endpoint, String sessionId, String channelId, boolean channelIdGiven) {
    }

    /** Starting, replacing or stopping a track, as opposed to changing only userData or player state. */
    boolean isTrackChange() {
        return encodedGiven || identifier != null;
    }

    static PlayerUpdateRequest read(JsonNode body, Set<String> knownPluginFilters) {
        if (!body.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        JsonNode track = JsonFields.object(body, "track");
        boolean deprecated = given(body, "encodedTrack") || given(body, "identifier");
        boolean encodedGiven;
        String encoded;
        String identifier;
        JsonNode userData = null;
        if (track != null) {
            encodedGiven = given(track, "encoded");
            encoded = givenAsNull(track, "encoded") ? null : JsonFields.string(track, "encoded");
            identifier = JsonFields.string(track, "identifier");
            userData = JsonFields.object(track, "userData");
        } else {
            encodedGiven = given(body, "encodedTrack");
            encoded = givenAsNull(body, "encodedTrack") ? null : JsonFields.string(body, "encodedTrack");
            identifier = JsonFields.string(body, "identifier");
        }
        Long endTime = givenAsNull(body, "endTime") ? null : JsonFields.longValue(body, "endTime");
        FiltersReader.Read filters = null;
        JsonNode filtersNode = JsonFields.present(body, "filters");
        if (filtersNode != null) {
            filters = FiltersReader.read(filtersNode, knownPluginFilters);
        }
        return new PlayerUpdateRequest(track != null, deprecated, encodedGiven, encoded, identifier, userData,
                JsonFields.longValue(body, "position"), given(body, "endTime"), endTime,
                JsonFields.intValue(body, "volume"), JsonFields.bool(body, "paused"),
                filters == null ? null : filters.settings(), filters == null ? Set.of() : filters.mentioned(),
                voice(JsonFields.object(body, "voice")));
    }

    private static VoiceInput voice(JsonNode voice) {
        if (voice == null) {
            return null;
        }
        boolean channelGiven = given(voice, "channelId");
        String channelId = givenAsNull(voice, "channelId") ? null : JsonFields.string(voice, "channelId");
        return new VoiceInput(nullableString(voice, "token"), nullableString(voice, "endpoint"),
                nullableString(voice, "sessionId"), channelId, channelGiven);
    }

    /** Blank and null voice values get the reference's single voice-state message, not a type error. */
    private static String nullableString(JsonNode parent, String key) {
        return givenAsNull(parent, key) ? null : JsonFields.string(parent, key);
    }
}
