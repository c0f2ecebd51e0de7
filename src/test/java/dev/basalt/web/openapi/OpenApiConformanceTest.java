package dev.basalt.web.openapi;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.basalt.health.HealthProbes;
import dev.basalt.support.AudioServer;
import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.RawHandshake;
import dev.basalt.support.SessionSocket;
import dev.basalt.support.VoiceServers;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml against the running node: the document and the controllers name the same routes, every
 * documented operation answers with a documented status, and real responses, request bodies and socket messages
 * validate against the document's schemas (strictly: an undocumented field fails).
 */
@NodeTest
class OpenApiConformanceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String WEBSOCKET = "GET /v4/websocket";

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    Environment environment;
    @Autowired
    ApplicationContext context;

    private final ApiDescription api = ApiDescription.load();
    private final List<String> problems = new ArrayList<>();
    private NodeClient node;
    private SessionSocket socket;
    private String session;
    private final Set<String> messagesSeen = new LinkedHashSet<>();

    @BeforeEach
    void open() {
        node = new NodeClient(port);
        socket = node.openSession();
        JsonNode ready = next(m -> true);
        session = ready.path("sessionId").asString();
    }

    @AfterEach
    void close() {
        socket.close();
    }

    @Test
    void theDocumentAndTheControllersNameTheSameRoutes() {
        Set<String> served = ControllerRoutes.of(mappings);
        assertThat(served).as("controller routes").isNotEmpty();
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(api.operations());
        assertThat(undocumented).as("controller routes missing from docs/openapi.yaml").isEmpty();
        Set<String> notControllers = new TreeSet<>(api.operationsServedWith(environment));
        notControllers.removeAll(served);
        // the session socket is a WebSocket handler, not a controller; the handshake test shows it is served
        assertThat(notControllers).as("documented routes no controller serves").containsExactly(WEBSOCKET);
        // routes that only a setting turns on are really absent without it
        api.conditionalOperations().forEach((operation, property) -> {
            if (!api.operationsServedWith(environment).contains(operation)) {
                assertThat(served).as(operation + " without " + property).doesNotContain(operation);
                assertThat(node.get(operation.split(" ", 2)[1]).statusCode()).as(operation).isEqualTo(404);
            }
        });
    }

    /** One real call per documented operation, with real ids: none may be a 404, all must answer as documented. */
    @Test
    void everyDocumentedOperationAnswersAsDocumented() {
        String guild = "7701";
        String encoded = loadEncoded("sine-440hz-30s.mp3");
        String players = "/v4/sessions/" + session + "/players";
        String player = players + "/" + guild;
        String update = "{\"voice\":" + VoiceServers.voiceJson(guild, NodeClient.USER_ID)
                + ",\"track\":{\"encoded\":\"" + encoded + "\"}}";
        Set<String> called = new TreeSet<>();

        call(called, "GET /version", 200, () -> node.get("/version"));
        call(called, "GET /v4/info", 200, () -> node.get("/v4/info"));
        call(called, "GET /v4/stats", 200, () -> node.get("/v4/stats"));
        call(called, "GET /v4/openapi.yaml", 200, () -> node.get("/v4/openapi.yaml"));
        call(called, "GET /v4/loadtracks", 200,
                () -> node.get("/v4/loadtracks?identifier=" + encode(AudioServer.url("sine-440hz-2s.mp3"))));
        call(called, "GET /v4/decodetrack", 200, () -> node.get("/v4/decodetrack?encodedTrack=" + encode(encoded)));
        call(called, "POST /v4/decodetracks", 200, () -> node.post("/v4/decodetracks", "[\"" + encoded + "\"]"));
        request("PATCH /v4/sessions/{sessionId}/players/{guildId}", update);
        call(called, "PATCH /v4/sessions/{sessionId}/players/{guildId}", 200, () -> node.patch(player, update));
        call(called, "GET /v4/sessions/{sessionId}/players/{guildId}", 200, () -> node.get(player));
        call(called, "GET /v4/sessions/{sessionId}/players", 200, () -> node.get(players));
        call(called, "DELETE /v4/sessions/{sessionId}/players/{guildId}", 204, () -> node.delete(player));
        request("PATCH /v4/sessions/{sessionId}", "{\"timeout\":60}");
        call(called, "PATCH /v4/sessions/{sessionId}", 200,
                () -> node.patch("/v4/sessions/" + session, "{\"timeout\":60}"));
        call(called, "GET /v4/routeplanner/status", 204, () -> node.get("/v4/routeplanner/status"));
        request("POST /v4/routeplanner/free/address", "{\"address\":\"1.2.3.4\"}");
        call(called, "POST /v4/routeplanner/free/address", 500,
                () -> node.post("/v4/routeplanner/free/address", "{\"address\":\"1.2.3.4\"}"));
        call(called, "POST /v4/routeplanner/free/all", 500, () -> node.post("/v4/routeplanner/free/all", ""));
        call(called, "GET " + HealthProbes.LIVENESS, 200,
                () -> node.send(node.anonymous(HealthProbes.LIVENESS).GET().build()));
        call(called, "GET " + HealthProbes.READINESS, 200,
                () -> node.send(node.anonymous(HealthProbes.READINESS).GET().build()));
        call(called, "GET /", 200, () -> node.get("/"));
        call(called, "GET /v3/websocket", 200, () -> node.get("/v3/websocket"));

        RawHandshake handshake = RawHandshake.send(port, "/v4/websocket", "Authorization", NodeClient.PASSWORD,
                "User-Id", NodeClient.USER_ID, "Client-Name", "basalt-openapi-test/1.0");
        called.add(WEBSOCKET);
        assertThat(handshake.status()).isEqualTo(101);
        problems.addAll(api.responseProblems(WEBSOCKET, handshake.status(), null, ""));
        assertThat(api.at("/paths/~1v4~1websocket/get/responses/101/headers/Session-Resumed").isMissingNode())
                .isFalse();
        assertThat(handshake.header("Session-Resumed")).isIn("true", "false");
        RawHandshake refused = RawHandshake.send(port, "/v4/websocket", "Authorization", NodeClient.PASSWORD);
        assertThat(refused.status()).isEqualTo(400);
        problems.addAll(api.responseProblems(WEBSOCKET, refused.status(), null, ""));
        HttpResponse<String> notAnUpgrade = node.send(node.request("/v4/websocket")
                .header("User-Id", NodeClient.USER_ID).GET().build());
        assertThat(notAnUpgrade.statusCode()).as("a plain GET on the socket path").isEqualTo(400);

        assertThat(problems).isEmpty();
        assertThat(called).as("every documented operation was called")
                .isEqualTo(api.operationsServedWith(environment));
    }

    @Test
    void loadResultsValidate() {
        String op = "GET /v4/loadtracks";
        JsonNode track = json(call(op, 200,
                () -> node.get("/v4/loadtracks?identifier=" + encode(AudioServer.url("sine-440hz-2s.mp3")))).body());
        assertThat(track.path("loadType").asString()).isEqualTo("track");
        assertThat(call(op, 200, () -> node.get("/v4/loadtracks?identifier=" + encode("nothing claims this"))).body())
                .isEqualTo("{\"loadType\":\"empty\",\"data\":null}");
        JsonNode error = json(call(op, 200,
                () -> node.get("/v4/loadtracks?identifier=" + encode(AudioServer.url("not-audio.mp3")))).body());
        assertThat(error.path("loadType").asString()).isEqualTo("error");

        String encoded = track.path("data").path("encoded").asString();
        JsonNode decoded = json(call("GET /v4/decodetrack", 200,
                () -> node.get("/v4/decodetrack?track=" + encode(encoded))).body());
        assertThat(decoded.path("pluginInfo").path("probeInfo").asString()).isEqualTo("mp3");
        String pair = "[\"" + encoded + "\",\"" + loadEncoded("sine-440hz-2s.ogg") + "\"]";
        request("POST /v4/decodetracks", pair);
        assertThat(json(call("POST /v4/decodetracks", 200, () -> node.post("/v4/decodetracks", pair)).body()))
                .hasSize(2);
        assertThat(problems).isEmpty();
    }

    /** Players with a track playing at a fake Discord voice server, every filter set and user data attached. */
    @Test
    void playersWithAPlayingTrackValidate() {
        String guild = "7702";
        String player = "/v4/sessions/" + session + "/players/" + guild;
        String patch = "PATCH /v4/sessions/{sessionId}/players/{guildId}";
        String filters = "{\"volume\":0.8,\"equalizer\":[{\"band\":0,\"gain\":0.2},{\"band\":14,\"gain\":-0.1},"
                + "{\"band\":3}],\"karaoke\":{\"level\":0.5},\"timescale\":{\"speed\":1.1,\"pitch\":1,\"rate\":1},"
                + "\"tremolo\":{\"frequency\":4,\"depth\":0.6},\"vibrato\":{\"frequency\":6,\"depth\":0.4},"
                + "\"distortion\":{\"scale\":1.5},\"rotation\":{\"rotationHz\":0.2},"
                + "\"channelMix\":{\"leftToLeft\":0.5,\"leftToRight\":0.5,\"rightToLeft\":0.5,\"rightToRight\":0.5},"
                + "\"lowPass\":{\"smoothing\":25},\"pluginFilters\":{}}";
        String start = "{\"voice\":" + VoiceServers.voiceJson(guild, NodeClient.USER_ID) + ",\"track\":{\"encoded\":\""
                + loadEncoded("sine-440hz-30s.mp3") + "\",\"userData\":{\"requester\":\"998877665544332211\"}},"
                + "\"volume\":80,\"endTime\":25000,\"filters\":" + filters + "}";
        request(patch, start);
        JsonNode started = json(call(patch, 200, () -> node.patch(player, start)).body());
        assertThat(started.path("filters").propertyNames()).containsExactly("volume", "equalizer", "karaoke",
                "timescale", "tremolo", "vibrato", "distortion", "rotation", "channelMix", "lowPass");
        assertThat(started.path("track").path("userData").path("requester").asString()).isEqualTo("998877665544332211");

        JsonNode playing = poll("the player is connected and playing", () -> json(call(
                "GET /v4/sessions/{sessionId}/players/{guildId}", 200, () -> node.get(player)).body()),
                p -> p.path("state").path("connected").asBoolean() && p.path("track").path("info").path("position")
                        .asLong() > 0 && p.has("pipelineMode"));
        assertThat(playing.path("pipelineMode").asString()).isEqualTo("transcode");
        assertThat(playing.path("voice").path("channelId").asString()).isEqualTo(VoiceServers.CHANNEL);
        assertThat(json(call("GET /v4/sessions/{sessionId}/players", 200,
                () -> node.get("/v4/sessions/" + session + "/players")).body())).hasSize(1);

        for (String body : new String[]{"{\"paused\":true}", "{\"position\":1000,\"paused\":false}",
                "{\"filters\":{\"karaoke\":null,\"timescale\":{\"speed\":1.2}}}", "{\"endTime\":null,\"volume\":100}",
                "{\"track\":{\"userData\":{\"n\":1}}}", "{\"encodedTrack\":null}"}) {
            request(patch, body);
            call(patch, 200, () -> node.patch(player, body));
        }
        call("DELETE /v4/sessions/{sessionId}/players/{guildId}", 204, () -> node.delete(player));

        String opusPlayer = "/v4/sessions/" + session + "/players/7705";
        String opus = "{\"voice\":" + VoiceServers.voiceJson("7705", NodeClient.USER_ID) + ",\"track\":{\"encoded\":\""
                + loadEncoded("sine-440hz-30s.opus") + "\"}}";
        request(patch, opus);
        call(patch, 200, () -> node.patch(opusPlayer, opus));
        poll("the Opus track passes through", () -> json(call("GET /v4/sessions/{sessionId}/players/{guildId}", 200,
                () -> node.get(opusPlayer)).body()), p -> "passthrough".equals(p.path("pipelineMode").asString()));
        call("DELETE /v4/sessions/{sessionId}/players/{guildId}", 204, () -> node.delete(opusPlayer));

        for (String body : new String[]{"{\"resuming\":true,\"timeout\":120}", "{}", "{\"resuming\":false}"}) {
            request("PATCH /v4/sessions/{sessionId}", body);
            call("PATCH /v4/sessions/{sessionId}", 200, () -> node.patch("/v4/sessions/" + session, body));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void errorsValidate() {
        String players = "/v4/sessions/" + session + "/players";
        call("GET /v4/loadtracks", 400, () -> node.get("/v4/loadtracks"));
        call("GET /v4/decodetrack", 400, () -> node.get("/v4/decodetrack"));
        call("GET /v4/decodetrack", 500, () -> node.get("/v4/decodetrack?encodedTrack=" + encode("not base64!")));
        call("GET /v4/decodetrack", 500, () -> node.get("/v4/decodetrack?encodedTrack=x&trace=true"));
        call("POST /v4/decodetracks", 400, () -> node.post("/v4/decodetracks", "[]"));
        call("POST /v4/decodetracks", 400, () -> node.post("/v4/decodetracks", "{\"tracks\":1}"));
        call("POST /v4/decodetracks", 413,
                () -> node.post("/v4/decodetracks", "[\"" + "A".repeat(1024 * 1024 + 1) + "\"]"));
        call("POST /v4/decodetracks", 415, () -> node.send(node.request("/v4/decodetracks")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("[]")).build()));
        call("GET /v4/sessions/{sessionId}/players", 404, () -> node.get("/v4/sessions/unknownid0000000/players"));
        call("GET /v4/sessions/{sessionId}/players/{guildId}", 404, () -> node.get(players + "/7704"));
        call("GET /v4/sessions/{sessionId}/players/{guildId}", 400, () -> node.get(players + "/general"));
        call("DELETE /v4/sessions/{sessionId}/players/{guildId}", 400, () -> node.delete(players + "/general"));
        call("DELETE /v4/sessions/{sessionId}/players/{guildId}", 404,
                () -> node.delete("/v4/sessions/unknownid0000000/players/7704"));
        for (String body : new String[]{"{\"volume\":\"loud\"}", "{\"endTime\":0}",
                "{\"track\":{},\"identifier\":\"x\"}",
                "{\"filters\":{\"equalizer\":[{\"band\":15}]}}", "not json"}) {
            call("PATCH /v4/sessions/{sessionId}/players/{guildId}", 400, () -> node.patch(players + "/7704", body));
        }
        call("PATCH /v4/sessions/{sessionId}/players/{guildId}", 404,
                () -> node.patch("/v4/sessions/unknownid0000000/players/7704", "{}"));
        call("PATCH /v4/sessions/{sessionId}", 400, () -> node.patch("/v4/sessions/" + session, "[1]"));
        call("PATCH /v4/sessions/{sessionId}", 404, () -> node.patch("/v4/sessions/unknownid0000000", "{}"));
        call("PATCH /v4/sessions/{sessionId}", 415, () -> node.send(node.request("/v4/sessions/" + session)
                .header("Content-Type", "text/plain").method("PATCH", HttpRequest.BodyPublishers.ofString("{}"))
                .build()));
        call("GET /v4/info", 401, () -> node.send(node.anonymous("/v4/info").build()));
        call("GET /v4/info", 403, () -> node.send(node.anonymous("/v4/info").header("Authorization", "nope").build()));
        assertThat(problems).isEmpty();
    }

    /** The probes' 503 answers, with the states Spring Boot publishes on shutdown and on a broken process. */
    @Test
    void probesThatAreDownValidate() {
        AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
        try {
            call("GET " + HealthProbes.READINESS, 503,
                    () -> node.send(node.anonymous(HealthProbes.READINESS).GET().build()));
        } finally {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
        }
        AvailabilityChangeEvent.publish(context, LivenessState.BROKEN);
        try {
            call("GET " + HealthProbes.LIVENESS, 503,
                    () -> node.send(node.anonymous(HealthProbes.LIVENESS).GET().build()));
        } finally {
            AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
        }
        assertThat(problems).isEmpty();
        // the schema is strict: a status the document does not list is caught
        assertThat(api.responseProblems("GET " + HealthProbes.READINESS, 503, "application/json",
                "{\"status\":\"UNKNOWN\"}")).isNotEmpty();
    }

    /** Every message the socket carries while tracks start, end, fail, stall and lose their voice connection. */
    @Test
    void socketMessagesValidate() {
        String guild = "7703";
        String player = "/v4/sessions/" + session + "/players/" + guild;
        String voice = "\"voice\":" + VoiceServers.voiceJson(guild, NodeClient.USER_ID);
        FakeDiscordVoiceServer server = VoiceServers.forGuild(guild, NodeClient.USER_ID);

        node.patch(player, "{" + voice + ",\"track\":{\"encoded\":\"" + loadEncoded("sine-440hz-2s.mp3") + "\"}}");
        next(event("TrackStartEvent"));
        assertThat(next(event("TrackEndEvent")).path("reason").asString()).isEqualTo("finished");

        node.patch(player, "{\"track\":{\"encoded\":\"" + loadEncoded("sine-440hz-30s.mp3") + "\"}}");
        next(event("TrackStartEvent"));
        server.awaitPackets(10, WAIT);
        server.closeGateway(4014, "Disconnected.");
        assertThat(next(event("WebSocketClosedEvent")).has("reconnecting")).isTrue();
        node.patch(player, "{" + voice + "}");

        var wiremock = AudioServer.instance();
        wiremock.stubFor(WireMock.get("/openapi-vanishing.mp3").inScenario("openapi-vanishing")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(WireMock.aResponse()
                        .withHeader("Content-Type", "audio/mpeg").withBody(AudioServer.fixture("sine-440hz-2s.mp3")))
                .willSetStateTo("gone"));
        wiremock.stubFor(WireMock.get("/openapi-vanishing.mp3").inScenario("openapi-vanishing")
                .whenScenarioStateIs("gone").willReturn(WireMock.aResponse().withStatus(404)));
        node.patch(player, "{\"track\":{\"encoded\":\"" + loadEncoded("openapi-vanishing.mp3") + "\"}}");
        assertThat(next(event("TrackEndEvent")).path("reason").asString()).isEqualTo("replaced");
        next(event("TrackExceptionEvent"));

        wiremock.stubFor(WireMock.get("/openapi-trickle.mp3").willReturn(WireMock.aResponse()
                .withHeader("Content-Type", "audio/mpeg").withBody(AudioServer.fixture("sine-440hz-2s.mp3"))
                .withChunkedDribbleDelay(10, 20_000)));
        node.patch(player, "{\"track\":{\"identifier\":\"" + AudioServer.url("openapi-trickle.mp3") + "\"}}");
        next(event("TrackStuckEvent"));
        node.delete(player);
        assertThat(next(event("TrackEndEvent").and(m -> m.path("reason").asString().equals("stopped")))).isNotNull();

        assertThat(problems).isEmpty();
        assertThat(messagesSeen).contains("ready", "stats", "playerUpdate", "TrackStartEvent", "TrackEndEvent",
                "TrackExceptionEvent", "TrackStuckEvent", "WebSocketClosedEvent");
    }

    // --- helpers ---

    private HttpResponse<String> call(String operation, int expectedStatus, Supplier<HttpResponse<String>> request) {
        HttpResponse<String> response = request.get();
        assertThat(response.statusCode()).as(operation + " " + response.uri() + ": " + response.body())
                .isEqualTo(expectedStatus);
        problems.addAll(api.responseProblems(operation, response));
        return response;
    }

    private void call(Set<String> called, String operation, int expectedStatus,
                      Supplier<HttpResponse<String>> request) {
        called.add(operation);
        call(operation, expectedStatus, request);
    }

    private void request(String operation, String body) {
        problems.addAll(api.requestProblems(operation, body));
    }

    /** The next socket message that matches; every message on the way is validated against the document. */
    private JsonNode next(Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching socket message; problems so far: " + problems);
            }
            JsonNode message = socket.next(Duration.ofNanos(left));
            String kind = message.path("op").asString().equals("event") ? message.path("type").asString()
                    : message.path("op").asString();
            messagesSeen.add(kind);
            String schema = switch (message.path("op").asString()) {
                case "ready" -> "ReadyMessage";
                case "playerUpdate" -> "PlayerUpdateMessage";
                case "stats" -> "StatsMessage";
                default -> kind;
            };
            List<String> found = api.schemaProblems(schema, message.toString());
            // the union is checked too, but only reported when the message's own schema accepts it (less noise)
            problems.addAll(found.isEmpty() ? api.schemaProblems("WebSocketMessage", message.toString()) : found);
            if (match.test(message)) {
                return message;
            }
        }
    }

    private static Predicate<JsonNode> event(String type) {
        return SessionSocket.event(type);
    }

    private JsonNode poll(String what, Supplier<JsonNode> read, Predicate<JsonNode> done) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last;
        do {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            pause();
        } while (System.nanoTime() < deadline);
        throw new AssertionError(what + " did not happen within " + WAIT + "; last: " + last);
    }

    /** Between two polls of a condition; the deadline, not this pause, decides the outcome. */
    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String loadEncoded(String fixture) {
        JsonNode result = json(node.get("/v4/loadtracks?identifier=" + encode(AudioServer.url(fixture))).body());
        assertThat(result.path("loadType").asString()).as(fixture).isEqualTo("track");
        return result.path("data").path("encoded").asString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
