package dev.basalt.player;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import dev.basalt.support.AudioServer;
import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.SessionSocket;
import dev.basalt.support.VoiceServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static dev.basalt.support.SessionSocket.event;
import static dev.basalt.support.SessionSocket.op;
import static org.assertj.core.api.Assertions.assertThat;

/** Player routes and update semantics (spec §3.9–3.12 and checklist 77–137), with real tracks over HTTP. */
@NodeTest
class PlayerApiTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String GUILD = "1122334455667788990";
    private static final String VOICE = VoiceServers.voiceJson(GUILD, NodeClient.USER_ID);
    /** Spec Appendix B vector A: a version-2 YouTube track. */
    private static final String VECTOR_A = "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA==";

    @LocalServerPort
    int port;
    NodeClient node;
    SessionSocket socket;
    String session;
    String player;

    @BeforeEach
    void open() {
        node = new NodeClient(port);
        socket = node.openSession();
        session = socket.next(WAIT).path("sessionId").asString();
        player = "/v4/sessions/" + session + "/players/" + GUILD;
    }

    @AfterEach
    void close() {
        socket.close();
    }

    @Test
    void aFreshPlayerHasTheDefaultShape() {
        assertThat(node.get("/v4/sessions/" + session + "/players").body()).isEqualTo("[]");
        HttpResponse<String> missing = node.get(player);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing.body()).path("message").asString()).isEqualTo("Player not found");
        assertThat(node.get("/v4/sessions/" + session + "/players").body()).as("GET creates nothing").isEqualTo("[]");

        HttpResponse<String> created = node.patch(player, "{}");
        assertThat(created.statusCode()).isEqualTo(200);
        JsonNode body = json(created.body());
        JsonNode state = body.path("state");
        assertThat(state.path("time").asLong()).isPositive();
        assertThat(body.toString()).isEqualTo("{\"guildId\":\"" + GUILD + "\",\"track\":null,\"volume\":100,"
                + "\"paused\":false,\"state\":{\"time\":" + state.path("time").asLong() + ",\"position\":0,"
                + "\"connected\":false,\"ping\":-1},\"voice\":{\"token\":\"\",\"endpoint\":\"\",\"sessionId\":\"\","
                + "\"channelId\":null},\"filters\":{}}");
        assertThat(json(node.get("/v4/sessions/" + session + "/players").body())).hasSize(1);
    }

    @Test
    void nonNumericGuildIs400AndDeleteIs204() {
        assertThat(node.get("/v4/sessions/" + session + "/players/abc").statusCode()).isEqualTo(400);
        assertThat(node.patch("/v4/sessions/" + session + "/players/abc", "{}").statusCode()).isEqualTo(400);
        assertThat(node.delete(player).statusCode()).as("no player yet").isEqualTo(204);
        node.patch(player, "{}");
        HttpResponse<String> deleted = node.delete(player);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(node.get(player).statusCode()).isEqualTo(404);
        assertThat(node.delete("/v4/sessions/unknownid0000000/players/1").statusCode()).isEqualTo(404);
        assertThat(node.patch("/v4/sessions/unknownid0000000/players/1", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    void invalidUpdatesAreRefusedWithTheReferenceMessagesAndCreateNothing() {
        String a = "\"" + VECTOR_A + "\"";
        assertRefused("{\"track\":{\"encoded\":" + a + "},\"encodedTrack\":" + a + "}", 400,
                "Cannot specify both track and encodedTrack/identifier");
        assertRefused("{\"track\":{\"encoded\":" + a + ",\"identifier\":\"x\"}}", 400,
                "Cannot specify both encodedTrack and identifier");
        assertRefused("{\"encodedTrack\":" + a + ",\"identifier\":\"x\"}", 400,
                "Cannot specify both encodedTrack and identifier");
        assertRefused("{\"endTime\":0}", 400, "End time must be greater than 0");
        assertRefused("{\"endTime\":-5}", 400, "End time must be greater than 0");
        String voiceMessage = "token, endpoint, sessionId and channelId must be provided in voice state";
        assertRefused("{\"voice\":" + VOICE.replace("\"" + VoiceServers.CHANNEL + "\"", "null") + "}", 400, voiceMessage);
        assertRefused("{\"voice\":" + VOICE.replace(VoiceServers.TOKEN, " ") + "}", 400, voiceMessage);
        assertRefused("{\"voice\":{\"token\":\"t\",\"endpoint\":\"e\",\"sessionId\":null,\"channelId\":\"1\"}}", 400,
                voiceMessage);
        for (String field : new String[]{"volume", "paused", "position", "filters", "voice", "track"}) {
            assertRefused("{\"" + field + "\":null}", 400, "'" + field + "' must not be null");
        }
        assertRefused("{\"volume\":1.5}", 400, "'volume' must be a 32-bit integer");
        assertRefused("{\"paused\":\"yes\"}", 400, "'paused' must be true or false");
        assertRefused("{\"volume\":", 400, null);
        assertRefused("[1]", 400, "The request body must be a JSON object");
        assertRefused("{\"filters\":{\"volume\":null}}", 400, "'volume' must not be null");
        assertRefused("{\"filters\":{\"equalizer\":null}}", 400, "'equalizer' must not be null");
        assertRefused("{\"filters\":{\"equalizer\":[{\"band\":15,\"gain\":0.1}]}}", 400,
                "equalizer band 15 does not exist; bands are 0 to 14");
        assertRefused("{\"voice\":" + VOICE.replace("\"" + VoiceServers.CHANNEL + "\"", "\"general\"") + "}", 400,
                "voice.channelId must be a Discord snowflake (digits), got 'general'");
        assertThat(node.get(player).statusCode()).as("no player was created").isEqualTo(404);
    }

    private void assertRefused(String body, int status, String message) {
        HttpResponse<String> response = node.patch(player, body);
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        JsonNode error = json(response.body());
        assertThat(error.path("status").asInt()).isEqualTo(status);
        if (message != null) {
            assertThat(error.path("message").asString()).as(body).isEqualTo(message);
        }
    }

    @Test
    void voiceWithoutChannelIdIsAcceptedForOldClients() {
        String withoutChannel = VOICE.replace(",\"channelId\":\"" + VoiceServers.CHANNEL + "\"", "");
        HttpResponse<String> response = node.patch(player, "{\"voice\":" + withoutChannel + "}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("voice").toString()).isEqualTo("{\"token\":\"secret-voice-token\","
                + "\"endpoint\":\"" + VoiceServers.forGuild(GUILD, NodeClient.USER_ID).endpoint() + "\",\"sessionId\":\"0f9e8d7c6b5a49382716f5e4d3c2b1a0\","
                + "\"channelId\":null}");
    }

    @Test
    void startingATrackSendsStartBeforeTheResponseThenPeriodicUpdates() {
        String track = load("sine-440hz-30s.mp3");
        HttpResponse<String> response = node.patch(player,
                "{\"voice\":" + VOICE + ",\"track\":{\"encoded\":\"" + track + "\",\"userData\":{\"k\":\"v\"}}}");
        assertThat(response.statusCode()).isEqualTo(200);
        // written before the response: already waiting in the socket
        JsonNode start = socket.await(event("TrackStartEvent"), Duration.ofMillis(500));
        assertThat(start.path("guildId").asString()).isEqualTo(GUILD);
        assertThat(start.path("track").path("info").path("title").asString()).isEqualTo("Basalt Test Tone");
        assertThat(start.path("track").path("userData").toString()).isEqualTo("{\"k\":\"v\"}");
        JsonNode body = json(response.body());
        assertThat(body.path("track").path("userData").toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(body.path("voice").path("channelId").asString()).isEqualTo("1234567890123456789");
        JsonNode first = socket.await(op("playerUpdate"), WAIT);
        JsonNode later = socket.await(m -> op("playerUpdate").test(m)
                && m.path("state").path("position").asLong() > first.path("state").path("position").asLong() + 500,
                WAIT);
        assertThat(later.path("guildId").asString()).isEqualTo(GUILD);
        assertThat(later.path("state").path("connected").asBoolean()).as("the voice gateway is open").isTrue();
        assertThat(later.path("state").path("ping").asLong()).isGreaterThanOrEqualTo(-1);
    }

    @Test
    void replacingStoppingAndDestroyingRaiseEndEventsInOrder() {
        String first = load("sine-440hz-30s.mp3");
        String second = load("sine-440hz-2s.ogg");
        node.patch(player, "{\"voice\":" + VOICE + ",\"track\":{\"encoded\":\"" + first + "\"}}");
        socket.await(event("TrackStartEvent"), WAIT);
        node.patch(player, "{\"track\":{\"encoded\":\"" + second + "\"}}");
        JsonNode replaced = socket.await(event("TrackEndEvent"), WAIT);
        assertThat(replaced.path("reason").asString()).isEqualTo("replaced");
        assertThat(replaced.path("track").path("info").path("length").asLong()).isEqualTo(30048);
        JsonNode started = socket.await(event("TrackStartEvent"), WAIT);
        assertThat(started.path("track").path("info").path("length").asLong()).isEqualTo(2000);

        HttpResponse<String> stopped = node.patch(player, "{\"track\":{\"encoded\":null}}");
        assertThat(json(stopped.body()).path("track").isNull()).isTrue();
        assertThat(socket.await(event("TrackEndEvent"), WAIT).path("reason").asString()).isEqualTo("stopped");

        node.patch(player, "{\"encodedTrack\":\"" + first + "\"}");
        socket.await(event("TrackStartEvent"), WAIT);
        node.delete(player);
        assertThat(socket.await(event("TrackEndEvent"), WAIT).path("reason").asString()).isEqualTo("stopped");
    }

    @Test
    void aTrackPlaysToItsEndAndTheEndEventCarriesItsPosition() {
        node.patch(player, "{\"voice\":" + VOICE + ",\"track\":{\"identifier\":\""
                + AudioServer.url("sine-440hz-2s.wav") + "\"}}");
        JsonNode end = socket.await(event("TrackEndEvent"), WAIT);
        assertThat(end.path("reason").asString()).isEqualTo("finished");
        byte[] encoded = Base64.getDecoder().decode(end.path("track").path("encoded").asString());
        long position = java.nio.ByteBuffer.wrap(encoded, encoded.length - 8, 8).getLong();
        assertThat(position).isEqualTo(end.path("track").path("info").path("position").asLong()).isGreaterThan(1500);
    }

    @Test
    void endTimeFinishesTheTrackAndSeekingPastItToo() {
        String track = load("sine-440hz-30s.mp3");
        node.patch(player, "{\"voice\":" + VOICE + ",\"track\":{\"encoded\":\"" + track + "\"},\"endTime\":1000}");
        JsonNode end = socket.await(event("TrackEndEvent"), WAIT);
        assertThat(end.path("reason").asString()).isEqualTo("finished");
        assertThat(end.path("track").path("info").path("position").asLong()).isBetween(900L, 2000L);

        node.patch(player, "{\"track\":{\"encoded\":\"" + track + "\"},\"endTime\":20000}");
        socket.await(event("TrackStartEvent"), WAIT);
        node.patch(player, "{\"position\":25000}");
        assertThat(socket.await(event("TrackEndEvent"), WAIT).path("reason").asString()).isEqualTo("finished");
        assertThat(node.patch(player, "{\"endTime\":null}").statusCode()).isEqualTo(200);
    }

    @Test
    void pauseVolumePositionAndUserDataApplyWithoutRestarting() {
        String track = load("sine-440hz-30s.mp3");
        node.patch(player, "{\"voice\":" + VOICE + ",\"track\":{\"encoded\":\"" + track + "\"},\"position\":10000,"
                + "\"paused\":true,\"volume\":1500}");
        JsonNode started = socket.await(event("TrackStartEvent"), WAIT);
        assertThat(started.path("track").path("info").path("position").asLong()).isGreaterThanOrEqualTo(10000);
        JsonNode body = json(node.get(player).body());
        assertThat(body.path("paused").asBoolean()).isTrue();
        assertThat(body.path("volume").asInt()).isEqualTo(1000);
        assertThat(json(node.get("/v4/stats").body()).path("playingPlayers").asInt()).isZero();

        assertThat(json(node.patch(player, "{\"volume\":-3}").body()).path("volume").asInt()).isZero();
        JsonNode seeked = json(node.patch(player, "{\"position\":20000,\"paused\":false}").body());
        assertThat(seeked.path("paused").asBoolean()).isFalse();
        assertThat(socket.await(m -> op("playerUpdate").test(m)
                && m.path("state").path("position").asLong() >= 20000, WAIT)).isNotNull();
        JsonNode withData = json(node.patch(player, "{\"track\":{\"userData\":{\"x\":1}}}").body());
        assertThat(withData.path("track").path("userData").toString()).isEqualTo("{\"x\":1}");
        for (JsonNode m; (m = socket.poll()) != null; ) {
            assertThat(m.path("type").asString("")).as("no restart").isNotEqualTo("TrackStartEvent");
        }

        // starting a track without 'paused' un-pauses
        node.patch(player, "{\"paused\":true}");
        assertThat(json(node.patch(player, "{\"track\":{\"encoded\":\"" + track + "\"}}").body())
                .path("paused").asBoolean()).isFalse();
    }

    @Test
    void noReplaceKeepsTheCurrentTrack() {
        String first = load("sine-440hz-30s.mp3");
        String second = load("sine-440hz-2s.flac");
        JsonNode started = json(node.patch(player + "?noReplace=true", "{\"voice\":" + VOICE
                + ",\"track\":{\"encoded\":\"" + first + "\"}}").body());
        assertThat(started.path("track").path("info").path("length").asLong()).as("nothing was playing").isEqualTo(30048);
        JsonNode kept = json(node.patch(player + "?noReplace=true", "{\"track\":{\"encoded\":\"" + second
                + "\"},\"volume\":50,\"paused\":true}").body());
        assertThat(kept.path("track").path("info").path("length").asLong()).isEqualTo(30048);
        assertThat(kept.path("volume").asInt()).isEqualTo(50);
        assertThat(kept.path("paused").asBoolean()).as("paused of a skipped change is not applied").isFalse();
    }

    @Test
    void identifierPlaysOrExplainsWhyNot() {
        HttpResponse<String> none = node.patch(player, "{\"track\":{\"identifier\":\"no source claims this\"}}");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(json(none.body()).path("message").asString()).isEqualTo("No matches found for identifier");
        HttpResponse<String> broken = node.patch(player, "{\"identifier\":\"" + AudioServer.url("not-audio.mp3") + "\"}");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(json(broken.body()).path("message").asString()).isNotBlank();
        HttpResponse<String> played = node.patch(player, "{\"track\":{\"identifier\":\""
                + AudioServer.url("sine-440hz-2s.mp3") + "\"}}");
        assertThat(json(played.body()).path("track").path("info").path("title").asString()).isEqualTo("Basalt Test Tone");
    }

    @Test
    void undecodableTracksFailClearlyAndLeaveThePlayerAlone() {
        node.patch(player, "{\"volume\":70}");
        HttpResponse<String> response = node.patch(player, "{\"track\":{\"encoded\":\"not a track\"}}");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(json(response.body()).path("message").asString()).isNotBlank();
        assertThat(json(node.get(player).body()).path("volume").asInt()).isEqualTo(70);
    }

    @Test
    void aTrackThatFailsBeforeAudioRaisesExceptionThenLoadFailed() {
        // the file is there when the track is loaded and gone when it is played
        String url = AudioServer.url("vanishing.mp3");
        var wiremock = AudioServer.instance();
        wiremock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/vanishing.mp3")
                .inScenario("vanishing").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                        .withHeader("Content-Type", "audio/mpeg")
                        .withBody(AudioServer.fixture("sine-440hz-2s.mp3")))
                .willSetStateTo("gone"));
        wiremock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/vanishing.mp3")
                .inScenario("vanishing").whenScenarioStateIs("gone")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)));
        String track = json(node.get("/v4/loadtracks?identifier=" + enc(url)).body()).path("data").path("encoded")
                .asString();
        node.patch(player, "{\"voice\":" + VOICE + ",\"track\":{\"encoded\":\"" + track + "\"}}");
        JsonNode exception = socket.await(event("TrackExceptionEvent"), WAIT);
        assertThat(exception.path("exception").propertyNames())
                .containsExactly("message", "severity", "cause", "causeStackTrace");
        assertThat(exception.path("exception").path("severity").asString()).isIn("common", "suspicious", "fault");
        assertThat(exception.path("exception").path("causeStackTrace").asString()).isNotBlank();
        JsonNode end = socket.await(event("TrackEndEvent"), WAIT);
        assertThat(end.path("reason").asString()).isEqualTo("loadFailed");
    }

    @Test
    void aVersion2TrackComesBackAsVersion3() {
        JsonNode body = json(node.patch(player, "{\"track\":{\"encoded\":\"" + VECTOR_A + "\"}}").body());
        byte[] encoded = Base64.getDecoder().decode(body.path("track").path("encoded").asString());
        assertThat(encoded[4]).as("version byte").isEqualTo((byte) 3);
        node.delete(player);
    }

    @Test
    void filtersAreEchoedWithDefaultsAndReplacedAsAWhole() {
        HttpResponse<String> response = node.patch(player, "{\"filters\":{\"timescale\":{\"speed\":1.5},"
                + "\"karaoke\":{\"level\":0.5},\"equalizer\":[{\"band\":0,\"gain\":0.2},{\"band\":14}],"
                + "\"volume\":1,\"karaoke\":null,\"lowPass\":{},\"pluginFilters\":{\"echo\":{\"delay\":1}}}}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response.body()).path("filters").toString()).isEqualTo("{\"volume\":1.0,"
                + "\"equalizer\":[{\"band\":0,\"gain\":0.2},{\"band\":14,\"gain\":1.0}],"
                + "\"timescale\":{\"speed\":1.5,\"pitch\":1.0,\"rate\":1.0},\"lowPass\":{\"smoothing\":20.0}}");
        socket.await(op("playerUpdate"), WAIT);
        JsonNode all = json(node.patch(player, "{\"filters\":{\"karaoke\":{},\"tremolo\":{\"depth\":2},"
                + "\"vibrato\":{},\"distortion\":{\"scale\":1.5},\"rotation\":{\"rotationHz\":0.2},"
                + "\"channelMix\":{\"leftToLeft\":0.5}}}").body()).path("filters");
        assertThat(all.toString()).isEqualTo("{\"karaoke\":{\"level\":1.0,\"monoLevel\":1.0,\"filterBand\":220.0,"
                + "\"filterWidth\":100.0},\"tremolo\":{\"frequency\":2.0,\"depth\":2.0},"
                + "\"vibrato\":{\"frequency\":2.0,\"depth\":0.5},\"distortion\":{\"sinOffset\":0.0,\"sinScale\":1.0,"
                + "\"cosOffset\":0.0,\"cosScale\":1.0,\"tanOffset\":0.0,\"tanScale\":1.0,\"offset\":0.0,\"scale\":1.5},"
                + "\"rotation\":{\"rotationHz\":0.2},\"channelMix\":{\"leftToLeft\":0.5,\"leftToRight\":0.0,"
                + "\"rightToLeft\":0.0,\"rightToRight\":1.0}}");
        assertThat(json(node.patch(player, "{\"filters\":{}}").body()).path("filters").toString()).isEqualTo("{}");
    }

    private String load(String fixture) {
        JsonNode result = json(node.get("/v4/loadtracks?identifier=" + enc(AudioServer.url(fixture))).body());
        assertThat(result.path("loadType").asString()).isEqualTo("track");
        return result.path("data").path("encoded").asString();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
