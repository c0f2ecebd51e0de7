package dev.basalt.web;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import dev.basalt.support.AudioServer;
import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.SessionSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The REST routes against the spec's conformance checklist, over real HTTP with exact bodies. */
@NodeTest
class RestApiTest {

    /** Spec Appendix B, vector A (v2, YouTube) and its decoded info. */
    static final String VECTOR_A = "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA==";
    static final String VECTOR_A_INFO = "{\"identifier\":\"dQw4w9WgXcQ\",\"isSeekable\":true,\"author\":\"RickAstleyVEVO\",\"length\":212000,\"isStream\":false,\"position\":0,\"title\":\"Rick Astley - Never Gonna Give You Up\",\"uri\":\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\",\"sourceName\":\"youtube\",\"artworkUrl\":null,\"isrc\":null}";
    static final String VECTOR_D = "QAAAhwMADVVua25vd24gdGl0bGUADlVua25vd24gYXJ0aXN0f/////////8AImh0dHBzOi8vcmFkaW8uZXhhbXBsZS5jb20vbGl2ZS5tcDMBAQAiaHR0cHM6Ly9yYWRpby5leGFtcGxlLmNvbS9saXZlLm1wMwAAAARodHRwAANtcDMAAAAAAAAAAA==";
    static final String VECTOR_E = "QAAA9gMAHENhZsOpIOKAkyBOaWdodCBEcml2ZSDtoLztvrUADkV4YW1wbGUgQXJ0aXN0AAAAAAAC0qgAMWh0dHBzOi8vc291bmRjbG91ZC5jb20vZXhhbXBsZS1hcnRpc3QvbmlnaHQtZHJpdmUAAQAxaHR0cHM6Ly9zb3VuZGNsb3VkLmNvbS9leGFtcGxlLWFydGlzdC9uaWdodC1kcml2ZQEAP2h0dHBzOi8vaTEuc25kY2RuLmNvbS9hcnR3b3Jrcy0wMDAwMDAwMDAwMDAtYWJjZGVmLXQ1MDB4NTAwLmpwZwAACnNvdW5kY2xvdWQAAAAAAAB1MA==";
    static final String VECTOR_G = "QAAAQQMAB015c3RlcnkABk5vYm9keQAAAAAAAOpgAAlteXN0ZXJ5LTEAAAAAAA5leGFtcGxlLXNvdXJjZQAAAAAAAAAA";

    @LocalServerPort
    int port;
    NodeClient node;

    @BeforeEach
    void setUp() {
        node = new NodeClient(port);
    }

    // --- transport & auth (checklist 1-8) ---

    @Test
    void everyResponseCarriesTheApiVersionHeader() {
        assertThat(node.get("/v4/info").headers().firstValue("Lavalink-Api-Version")).contains("4");
        assertThat(node.get("/v4/nothing").headers().firstValue("Lavalink-Api-Version")).contains("4");
        assertThat(node.send(node.anonymous("/v4/info").build()).headers().firstValue("Lavalink-Api-Version"))
                .contains("4");
    }

    @Test
    void missingPasswordIs401AndWrongPasswordIs403WithEmptyBodies() {
        HttpResponse<String> missing = node.send(node.anonymous("/version").build());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).isEmpty();
        HttpResponse<String> wrong = node.send(node.anonymous("/v4/info").header("Authorization", "nope").build());
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).isEmpty();
        HttpResponse<String> bearer = node.send(node.anonymous("/v4/info")
                .header("Authorization", "Bearer " + NodeClient.PASSWORD).build());
        assertThat(bearer.statusCode()).isEqualTo(403);
    }

    // --- info & version (50-55) ---

    @Test
    void versionIsPlainTextAndMatchesInfo() {
        HttpResponse<String> version = node.get("/version");
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(version.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        JsonNode info = json(node.get("/v4/info").body());
        assertThat(version.body()).isEqualTo(info.path("version").path("semver").asString()).isEqualTo("4.2.2");
        assertThat(info.path("version").toString())
                .isEqualTo("{\"semver\":\"4.2.2\",\"major\":4,\"minor\":2,\"patch\":2,\"preRelease\":\"\"}");
    }

    @Test
    void infoListsSourcesInRegistrationOrderAndTheTenFilters() {
        JsonNode info = json(node.get("/v4/info").body());
        assertThat(info.path("sourceManagers").toString())
                .isEqualTo("[\"youtube\",\"soundcloud\",\"bandcamp\",\"vimeo\",\"local\",\"http\"]");
        assertThat(info.path("filters").toString()).isEqualTo("[\"volume\",\"equalizer\",\"karaoke\",\"timescale\","
                + "\"tremolo\",\"vibrato\",\"distortion\",\"rotation\",\"channelMix\",\"lowPass\"]");
        assertThat(info.path("plugins").toString()).isEqualTo("[]");
        assertThat(info.path("lavaplayer").asString()).isEqualTo("2.2.6");
        assertThat(info.path("jvm").asString()).isEqualTo(System.getProperty("java.version"));
        assertThat(info.has("buildTime")).isTrue();
        assertThat(info.path("git").has("commit")).isTrue();
    }

    // --- stats (42-45) ---

    @Test
    void restStatsHaveNoFrameStatsKeyAndConsistentMemory() {
        JsonNode stats = json(node.get("/v4/stats").body());
        assertThat(stats.has("frameStats")).isFalse();
        assertThat(stats.propertyNames()).containsExactly("players", "playingPlayers", "uptime", "memory", "cpu");
        JsonNode memory = stats.path("memory");
        assertThat(memory.path("used").asLong())
                .isEqualTo(memory.path("allocated").asLong() - memory.path("free").asLong());
        JsonNode cpu = stats.path("cpu");
        assertThat(cpu.path("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(cpu.path("systemLoad").asDouble()).isBetween(0.0, 1.0);
        assertThat(cpu.path("lavalinkLoad").asDouble()).isBetween(0.0, 1.0);
    }

    // --- errors (142-145) ---

    @Test
    void errorsUseLavalinksBodyWithOptionalTrace() {
        HttpResponse<String> notFound = node.get("/v4/sessions/unknownid0000000/players?trace=false");
        assertThat(notFound.statusCode()).isEqualTo(404);
        JsonNode body = json(notFound.body());
        assertThat(body.propertyNames()).containsExactly("timestamp", "status", "error", "message", "path");
        assertThat(body.path("timestamp").isIntegralNumber()).isTrue();
        assertThat(body.path("status").asInt()).isEqualTo(404);
        assertThat(body.path("error").asString()).isEqualTo("Not Found");
        assertThat(body.path("message").asString()).isEqualTo("Session not found");
        assertThat(body.path("path").asString()).isEqualTo("/v4/sessions/unknownid0000000/players");

        JsonNode traced = json(node.get("/v4/sessions/unknownid0000000/players?trace=true").body());
        assertThat(traced.propertyNames()).containsExactly("timestamp", "status", "error", "trace", "message", "path");
        assertThat(traced.path("trace").asString()).contains("ApiException");
    }

    @Test
    void unknownRouteIs404AndWrongMethodIs405WithErrorBodies() {
        HttpResponse<String> unknown = node.get("/v4/does-not-exist");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).path("path").asString()).isEqualTo("/v4/does-not-exist");
        HttpResponse<String> method = node.post("/v4/info", "{}");
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(json(method.body()).path("error").asString()).isEqualTo("Method Not Allowed");
    }

    @Test
    void legacyRoutesAnswerAnEmpty200() {
        for (String path : new String[]{"/", "/v3/websocket"}) {
            HttpResponse<String> response = node.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEmpty();
        }
    }

    @Test
    void routePlannerIsDisabledWithoutIpBlocks() {
        assertThat(node.get("/v4/routeplanner/status").statusCode()).isEqualTo(204);
        for (String path : new String[]{"/v4/routeplanner/free/all", "/v4/routeplanner/free/address"}) {
            HttpResponse<String> response = node.post(path, "{\"address\":\"1.2.3.4\"}");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(json(response.body()).path("message").asString()).isEqualTo("Can't access disabled route planner");
        }
    }

    // --- decoding (67-76) ---

    @Test
    void decodeTrackGivesAppendixBInfoAndEchoesTheInput() {
        for (String param : new String[]{"encodedTrack", "track"}) {
            HttpResponse<String> response = node.get("/v4/decodetrack?" + param + "=" + encode(VECTOR_A));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"encoded\":\"" + VECTOR_A + "\",\"info\":" + VECTOR_A_INFO
                    + ",\"pluginInfo\":{},\"userData\":{}}");
        }
    }

    @Test
    void decodeTrackOfHttpTrackCarriesProbeInfoAndStreamLength() {
        JsonNode track = json(node.get("/v4/decodetrack?encodedTrack=" + encode(VECTOR_D)).body());
        assertThat(track.path("pluginInfo").toString()).isEqualTo("{\"probeInfo\":\"mp3\"}");
        assertThat(track.path("info").path("length").asLong()).isEqualTo(Long.MAX_VALUE);
        assertThat(track.path("info").path("isStream").asBoolean()).isTrue();
        assertThat(track.path("info").path("isSeekable").asBoolean()).isFalse();
    }

    @Test
    void decodeTracksKeepsOrder() {
        HttpResponse<String> response = node.post("/v4/decodetracks", "[\"" + VECTOR_E + "\",\"" + VECTOR_A + "\"]");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode tracks = json(response.body());
        assertThat(tracks).hasSize(2);
        assertThat(tracks.get(0).path("info").path("title").asString()).isEqualTo("Café – Night Drive 🎵");
        assertThat(tracks.get(0).path("info").path("position").asLong()).isEqualTo(30000);
        assertThat(tracks.get(1).path("encoded").asString()).isEqualTo(VECTOR_A);
    }

    @Test
    void decodingErrorsAreClearAndNever200() {
        HttpResponse<String> none = node.get("/v4/decodetrack");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(json(none.body()).path("message").asString()).isEqualTo("No track to decode provided");

        HttpResponse<String> empty = node.post("/v4/decodetracks", "[]");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty.body()).path("message").asString()).isEqualTo("No tracks to decode provided");

        HttpResponse<String> garbage = node.get("/v4/decodetrack?encodedTrack=" + encode("not base64!"));
        assertThat(garbage.statusCode()).isEqualTo(500);
        assertThat(json(garbage.body()).path("message").asString()).isNotBlank();

        HttpResponse<String> unknownSource = node.get("/v4/decodetrack?encodedTrack=" + encode(VECTOR_G));
        assertThat(unknownSource.statusCode()).isEqualTo(500);
        assertThat(json(unknownSource.body()).path("message").asString()).contains("example-source");

        HttpResponse<String> notStrings = node.post("/v4/decodetracks", "[1,2]");
        assertThat(notStrings.statusCode()).isEqualTo(400);
        HttpResponse<String> malformed = node.post("/v4/decodetracks", "[\"abc\"");
        assertThat(malformed.statusCode()).isEqualTo(400);
        HttpResponse<String> oneBad = node.post("/v4/decodetracks", "[\"" + VECTOR_A + "\",\"" + VECTOR_G + "\"]");
        assertThat(oneBad.statusCode()).isEqualTo(500);
    }

    // --- loading (57-66) ---

    @Test
    void loadingAnHttpMp3GivesTheTrackWithRealInfo() {
        String url = AudioServer.url("sine-440hz-2s.mp3");
        JsonNode result = json(node.get("/v4/loadtracks?identifier=" + encode(url)).body());
        assertThat(result.path("loadType").asString()).isEqualTo("track");
        JsonNode info = result.path("data").path("info");
        assertThat(info.toString()).isEqualTo("{\"identifier\":\"" + url + "\",\"isSeekable\":true,"
                + "\"author\":\"Basalt\",\"length\":2064,\"isStream\":false,\"position\":0,"
                + "\"title\":\"Basalt Test Tone\",\"uri\":\"" + url + "\",\"sourceName\":\"http\","
                + "\"artworkUrl\":null,\"isrc\":null}");
        assertThat(result.path("data").path("pluginInfo").toString()).isEqualTo("{\"probeInfo\":\"mp3\"}");
        assertThat(result.path("data").path("userData").toString()).isEqualTo("{}");
        // the encoded string decodes back to the same info
        String encoded = result.path("data").path("encoded").asString();
        assertThat(json(node.get("/v4/decodetrack?encodedTrack=" + encode(encoded)).body()).path("info"))
                .isEqualTo(info);
    }

    @Test
    void everyFixtureFormatLoadsOverHttp() {
        for (String file : new String[]{"sine-440hz-2s.ogg", "sine-440hz-2s.wav", "sine-440hz-2s.flac"}) {
            JsonNode result = json(node.get("/v4/loadtracks?identifier=" + encode(AudioServer.url(file))).body());
            assertThat(result.path("loadType").asString()).as(file).isEqualTo("track");
            assertThat(result.path("data").path("info").path("length").asLong()).as(file).isEqualTo(2000);
        }
    }

    @Test
    void nothingFoundIsEmptyWithNullData() {
        HttpResponse<String> response = node.get("/v4/loadtracks?identifier=" + encode("no source claims this"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"loadType\":\"empty\",\"data\":null}");
    }

    @Test
    void aFailingLoadIs200WithAnErrorResult() {
        HttpResponse<String> response = node.get("/v4/loadtracks?identifier="
                + encode(AudioServer.url("not-audio.mp3")));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode result = json(response.body());
        assertThat(result.path("loadType").asString()).isEqualTo("error");
        JsonNode data = result.path("data");
        assertThat(data.propertyNames()).containsExactly("message", "severity", "cause", "causeStackTrace");
        assertThat(data.path("severity").asString()).isIn("common", "suspicious", "fault");
        assertThat(data.path("cause").asString()).startsWith("com.sedmelluq.discord.lavaplayer.tools.FriendlyException");
    }

    @Test
    void loadTracksWithoutIdentifierIs400() {
        HttpResponse<String> response = node.get("/v4/loadtracks");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response.body()).path("status").asInt()).isEqualTo(400);
    }

    // --- sessions (24-28) ---

    @Test
    void sessionResumeSettingsArePatchable() {
        try (SessionSocket socket = node.openSession()) {
            String id = socket.next(java.time.Duration.ofSeconds(5)).path("sessionId").asString();
            assertThat(node.patch("/v4/sessions/" + id, "{}").body()).isEqualTo("{\"resuming\":false,\"timeout\":60}");
            assertThat(node.patch("/v4/sessions/" + id, "{\"resuming\":true,\"timeout\":30}").body())
                    .isEqualTo("{\"resuming\":true,\"timeout\":30}");
            assertThat(node.patch("/v4/sessions/" + id, "{\"timeout\":90}").body())
                    .isEqualTo("{\"resuming\":true,\"timeout\":90}");
            HttpResponse<String> nulled = node.patch("/v4/sessions/" + id, "{\"resuming\":null}");
            assertThat(nulled.statusCode()).isEqualTo(400);
            HttpResponse<String> wrongType = node.patch("/v4/sessions/" + id, "{\"timeout\":\"soon\"}");
            assertThat(wrongType.statusCode()).isEqualTo(400);
            assertThat(node.patch("/v4/sessions/" + id, "{}").body()).isEqualTo("{\"resuming\":true,\"timeout\":90}");
        }
        HttpResponse<String> unknown = node.patch("/v4/sessions/unknownid0000000", "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown.body()).path("message").asString()).isEqualTo("Session not found");
    }

    @Test
    void bodiesMustBeJson() {
        HttpResponse<String> response = node.send(node.request("/v4/sessions/unknownid0000000")
                .header("Content-Type", "text/plain").method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).build());
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response.body()).path("status").asInt()).isEqualTo(415);
    }

    @Test
    void oversizedBodiesAreRefusedClearly() {
        String huge = "[\"" + "A".repeat(2 * 1024 * 1024) + "\"]";
        HttpResponse<String> response = node.post("/v4/decodetracks", huge);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response.body()).path("message").asString()).contains("1048576");
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
