package dev.basalt.session;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.basalt.support.AudioServer;
import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.RawHandshake;
import dev.basalt.support.SessionSocket;
import dev.basalt.support.VoiceServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static dev.basalt.support.SessionSocket.event;
import static dev.basalt.support.SessionSocket.op;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /v4/websocket}: handshake checks, the first messages, and resuming, with real sockets. */
@NodeTest
class SessionSocketTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    NodeClient node;

    @BeforeEach
    void setUp() {
        node = new NodeClient(port);
    }

    @Test
    void handshakeFailuresUseTheReferenceStatusesWithEmptyBodies() {
        assertHandshake(401);
        assertHandshake(401, "Authorization", "wrong", "User-Id", "1");
        assertHandshake(400, "Authorization", NodeClient.PASSWORD);
        assertHandshake(400, "Authorization", NodeClient.PASSWORD, "User-Id", "0");
        assertHandshake(400, "Authorization", NodeClient.PASSWORD, "User-Id", "abc");
        assertHandshake(403, "Authorization", NodeClient.PASSWORD, "User-Id", "1", "Origin", "https://evil.example");
    }

    private void assertHandshake(int status, String... headers) {
        RawHandshake response = RawHandshake.send(port, "/v4/websocket", headers);
        assertThat(response.status()).as(String.join(" ", headers)).isEqualTo(status);
        assertThat(response.body()).isEmpty();
        assertThat(response.header("Lavalink-Api-Version")).isEqualTo("4");
    }

    @Test
    void successfulHandshakeAnswersSessionResumedFalseAndTheApiVersion() {
        RawHandshake response = RawHandshake.send(port, "/v4/websocket", "Authorization", NodeClient.PASSWORD,
                "User-Id", "42");
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("Session-Resumed")).isEqualTo("false");
        assertThat(response.header("Lavalink-Api-Version")).isEqualTo("4");
    }

    @Test
    void readyComesFirstThenStatsWithFrameStatsKey() {
        try (SessionSocket a = node.connect("Authorization", NodeClient.PASSWORD, "User-Id", "42");
             SessionSocket b = node.openSession()) {
            JsonNode ready = a.next(WAIT);
            assertThat(ready.propertyNames()).containsExactly("op", "resumed", "sessionId");
            assertThat(ready.path("op").asString()).isEqualTo("ready");
            assertThat(ready.path("resumed").asBoolean()).isFalse();
            assertThat(ready.path("sessionId").asString()).matches("^[a-z0-9]{16}$");
            JsonNode stats = a.next(WAIT);
            assertThat(stats.path("op").asString()).isEqualTo("stats");
            assertThat(stats.has("frameStats")).isTrue();
            assertThat(stats.path("frameStats").isNull()).isTrue();
            assertThat(stats.propertyNames()).containsExactly("op", "frameStats", "players", "playingPlayers",
                    "uptime", "memory", "cpu");
            String other = b.next(WAIT).path("sessionId").asString();
            assertThat(other).isNotEqualTo(ready.path("sessionId").asString());
        }
    }

    @Test
    void textFramesAreIgnoredAndBinaryFramesClose1003() {
        try (SessionSocket socket = node.openSession()) {
            String id = socket.next(WAIT).path("sessionId").asString();
            socket.sendText("{\"op\":\"hello\"}");
            // still usable: REST sees the session
            assertThat(node.get("/v4/sessions/" + id + "/players").body()).isEqualTo("[]");
            assertThat(socket.isOpen()).isTrue();
            socket.sendBinary(new byte[]{1, 2, 3});
            assertThat(socket.awaitClose(WAIT)).isEqualTo(1003);
        }
    }

    @Test
    void closingANonResumableSessionDestroysIt() {
        String id;
        try (SessionSocket socket = node.openSession()) {
            id = socket.next(WAIT).path("sessionId").asString();
            assertThat(node.patch("/v4/sessions/" + id + "/players/1", "{}").statusCode()).isEqualTo(200);
        }
        assertThat(pollStatus("/v4/sessions/" + id + "/players", 404)).isTrue();
    }

    @Test
    void pausedSessionQueuesEventsAndStatsAndReplaysThemInOrderOnResume() {
        SessionSocket first = node.openSession();
        String id = first.next(WAIT).path("sessionId").asString();
        node.patch("/v4/sessions/" + id, "{\"resuming\":true,\"timeout\":30}");
        String guild = "1122334455667788990";
        String track = loadEncoded("sine-440hz-2s.mp3");
        HttpResponse<String> play = node.patch("/v4/sessions/" + id + "/players/" + guild,
                "{\"voice\":" + VoiceServers.voiceJson(guild, NodeClient.USER_ID) + ",\"track\":{\"encoded\":\"" + track + "\",\"userData\":{\"n\":1}}}");
        assertThat(play.statusCode()).isEqualTo(200);
        first.await(event("TrackStartEvent"), WAIT);

        first.abort();
        assertThat(pollStatus("/v4/sessions/" + id + "/players", 404)).as("paused sessions are hidden").isTrue();
        // the 2 s track keeps playing while nobody listens and finishes during the pause
        pollUntil(() -> node.get("/v4/stats").body().contains("\"players\":0"));
        sleepPast(Duration.ofSeconds(3));

        RawHandshake probe = null;
        try (SessionSocket second = node.connect("Authorization", NodeClient.PASSWORD, "User-Id", "123456789012345678",
                "Session-Id", id)) {
            JsonNode ready = second.next(WAIT);
            assertThat(ready.toString()).isEqualTo("{\"op\":\"ready\",\"resumed\":true,\"sessionId\":\"" + id + "\"}");
            List<JsonNode> replay = new ArrayList<>();
            JsonNode message;
            while (!(message = second.next(WAIT)).path("op").asString().equals("playerUpdate")) {
                replay.add(message);
            }
            assertThat(replay).extracting(m -> m.path("op").asString() + ":" + m.path("type").asString(""))
                    .contains("event:TrackEndEvent")
                    .doesNotContain("playerUpdate:");
            JsonNode end = replay.stream().filter(event("TrackEndEvent")).findFirst().orElseThrow();
            assertThat(end.path("reason").asString()).isEqualTo("finished");
            assertThat(end.path("track").path("userData").toString()).isEqualTo("{\"n\":1}");
            assertThat(message.path("guildId").asString()).isEqualTo(guild);
            // the player survived and the session is reachable again, still resumable
            assertThat(node.get("/v4/sessions/" + id + "/players/" + guild).statusCode()).isEqualTo(200);
            assertThat(node.patch("/v4/sessions/" + id, "{}").body()).isEqualTo("{\"resuming\":true,\"timeout\":30}");
            node.delete("/v4/sessions/" + id + "/players/" + guild);
        }
    }

    @Test
    void resumeHandshakeSaysSessionResumedTrue() {
        SessionSocket first = node.openSession();
        String id = first.next(WAIT).path("sessionId").asString();
        node.patch("/v4/sessions/" + id, "{\"resuming\":true,\"timeout\":30}");
        first.abort();
        pollUntil(() -> node.get("/v4/sessions/" + id + "/players").statusCode() == 404);
        RawHandshake resumed = RawHandshake.send(port, "/v4/websocket", "Authorization", NodeClient.PASSWORD,
                "User-Id", "42", "Session-Id", id);
        assertThat(resumed.status()).isEqualTo(101);
        assertThat(resumed.header("Session-Resumed")).isEqualTo("true");
    }

    @Test
    void anUnknownSessionIdStartsAFreshSession() {
        try (SessionSocket socket = node.connect("Authorization", NodeClient.PASSWORD, "User-Id", "42",
                "Session-Id", "nosuchsession000")) {
            JsonNode ready = socket.next(WAIT);
            assertThat(ready.path("resumed").asBoolean()).isFalse();
            assertThat(ready.path("sessionId").asString()).isNotEqualTo("nosuchsession000");
        }
    }

    @Test
    void aPausedSessionExpiresAfterItsTimeoutAndItsPlayersAreGone() {
        SessionSocket first = node.openSession();
        String id = first.next(WAIT).path("sessionId").asString();
        node.patch("/v4/sessions/" + id, "{\"resuming\":true,\"timeout\":1}");
        node.patch("/v4/sessions/" + id + "/players/5", "{}");
        first.abort();
        sleepPast(Duration.ofMillis(2500));
        try (SessionSocket second = node.connect("Authorization", NodeClient.PASSWORD, "User-Id", "42",
                "Session-Id", id)) {
            JsonNode ready = second.next(WAIT);
            assertThat(ready.path("resumed").asBoolean()).isFalse();
            String fresh = ready.path("sessionId").asString();
            assertThat(fresh).isNotEqualTo(id);
            assertThat(node.get("/v4/sessions/" + fresh + "/players").body()).isEqualTo("[]");
        }
    }

    private String loadEncoded(String fixture) {
        JsonNode result = json(node.get("/v4/loadtracks?identifier="
                + java.net.URLEncoder.encode(AudioServer.url(fixture), java.nio.charset.StandardCharsets.UTF_8)).body());
        return result.path("data").path("encoded").asString();
    }

    private boolean pollStatus(String path, int status) {
        return pollUntil(() -> node.get(path).statusCode() == status);
    }

    static boolean pollUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleepPast(Duration.ofMillis(50));
        }
        throw new AssertionError("condition not met within " + WAIT);
    }

    /** Lets real time pass (a track plays, a timeout runs out); never used as an assertion. */
    static void sleepPast(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
