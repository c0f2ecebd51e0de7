package dev.basalt.compat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.basalt.support.AudioServer;
import dev.basalt.support.VoiceServers;
import dev.arbjerg.lavalink.protocol.v4.Band;
import dev.arbjerg.lavalink.protocol.v4.ChannelMix;
import dev.arbjerg.lavalink.protocol.v4.Distortion;
import dev.arbjerg.lavalink.protocol.v4.Filters;
import dev.arbjerg.lavalink.protocol.v4.Info;
import dev.arbjerg.lavalink.protocol.v4.Karaoke;
import dev.arbjerg.lavalink.protocol.v4.LoadResult;
import dev.arbjerg.lavalink.protocol.v4.LowPass;
import dev.arbjerg.lavalink.protocol.v4.Mapper;
import dev.arbjerg.lavalink.protocol.v4.Message;
import dev.arbjerg.lavalink.protocol.v4.Omissible;
import dev.arbjerg.lavalink.protocol.v4.Player;
import dev.arbjerg.lavalink.protocol.v4.Players;
import dev.arbjerg.lavalink.protocol.v4.ResultStatus;
import dev.arbjerg.lavalink.protocol.v4.Rotation;
import dev.arbjerg.lavalink.protocol.v4.Session;
import dev.arbjerg.lavalink.protocol.v4.StatsData;
import dev.arbjerg.lavalink.protocol.v4.Timescale;
import dev.arbjerg.lavalink.protocol.v4.Track;
import dev.arbjerg.lavalink.protocol.v4.Tracks;
import dev.arbjerg.lavalink.protocol.v4.Tremolo;
import dev.arbjerg.lavalink.protocol.v4.Vibrato;
import kotlinx.serialization.DeserializationStrategy;
import kotlinx.serialization.json.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.basalt.compat.CompatSupport.PASSWORD;
import static dev.basalt.compat.CompatSupport.TONE_2S;
import static dev.basalt.compat.CompatSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every JSON body Basalt sends, REST and socket, collected raw over real HTTP and WebSocket connections and decoded
 * with the official v4 models ({@code dev.arbjerg.lavalink:protocol-jvm}, kotlinx-serialization, with the mapper the
 * official client uses). A body that does not decode, or whose key fields do not survive, is a wire incompatibility.
 */
@OfflineNodeTest
class ProtocolModelsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String GUILD_PLAY = "1122334455667788990";
    private static final String GUILD_FAIL = "1122334455667788991";
    private static final String USER = "987654321098765432";

    /** The json instance lavalink-client decodes every node response and socket message with. */
    private static final Json KOTLIN_JSON = Mapper.getJson();
    private static final JsonMapper RAW = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final List<String> socketMessages = new CopyOnWriteArrayList<>();
    private WebSocket socket;

    @BeforeAll
    static void serveGarbage() {
        AudioServer.instance().stubFor(get(urlPathEqualTo("/garbage.mp3")).willReturn(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/octet-stream")
                .withBody("this is not audio, just some bytes that no container probe recognises\n".repeat(64))));
    }

    @BeforeEach
    void openSocket() throws Exception {
        socket = http.newWebSocketBuilder()
                .header("Authorization", PASSWORD)
                .header("User-Id", USER)
                .header("Client-Name", "basalt-compat-test/1.0")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v4/websocket"), new Collector())
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void closeSocket() {
        if (socket != null) {
            socket.abort();
        }
    }

    @Test
    void nodeBodiesDecode() throws Exception {
        String infoBody = getOk("/v4/info");
        Info info = decode(Info.Companion.serializer(), infoBody);
        assertThat(info.getVersion().getMajor()).isEqualTo(4);
        assertThat(info.getVersion().getSemver()).startsWith("4.");
        assertThat(info.getVersion().getPreRelease()).isEmpty();
        assertThat(info.getLavaplayer()).isEqualTo("2.2.6");
        assertThat(info.getJvm()).isEqualTo(System.getProperty("java.version"));
        assertThat(info.getSourceManagers()).containsExactly("local", "http");
        assertThat(info.getFilters()).containsExactly("volume", "equalizer", "karaoke", "timescale", "tremolo",
                "vibrato", "distortion", "rotation", "channelMix", "lowPass");
        assertThat(info.getGit().getBranch()).isNotNull();
        assertThat(raw(infoBody).get("plugins").isArray()).isTrue();
        assertThat(raw(infoBody).get("version").propertyNames())
                .containsExactly("semver", "major", "minor", "patch", "preRelease");

        String statsBody = getOk("/v4/stats");
        StatsData stats = decode(StatsData.Companion.serializer(), statsBody);
        assertThat(raw(statsBody).has("frameStats")).as("/v4/stats never carries frameStats").isFalse();
        assertThat(stats.getFrameStats()).isNull();
        assertThat(stats.getPlayers()).isGreaterThanOrEqualTo(0);
        assertThat(stats.getUptime()).isPositive();
        assertThat(stats.getMemory().getUsed())
                .isEqualTo(stats.getMemory().getAllocated() - stats.getMemory().getFree());
        assertThat(stats.getCpu().getCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(stats.getCpu().getSystemLoad()).isBetween(0.0, 1.0);
        assertThat(stats.getCpu().getLavalinkLoad()).isBetween(0.0, 1.0);
    }

    @Test
    void loadAndDecodeBodiesDecode() throws Exception {
        String url = toneUrl();
        String trackBody = getOk("/v4/loadtracks?identifier=" + encode(url));
        LoadResult loaded = decode(LoadResult.Companion.serializer(), trackBody);
        assertThat(loaded.getLoadType()).isEqualTo(ResultStatus.TRACK);
        assertThat(loaded).isInstanceOf(LoadResult.TrackLoaded.class);
        Track track = ((LoadResult.TrackLoaded) loaded).getData();
        assertTone(track, url);
        assertThat(track.getInfo().getPosition()).isZero();
        assertThat(track.getPluginInfo().get("probeInfo").toString()).isEqualTo("\"mp3\"");
        assertThat(track.getUserData()).isEmpty();

        String emptyBody = getOk("/v4/loadtracks?identifier=nothing-here");
        assertThat(raw(emptyBody).get("data").isNull()).as("empty data is null").isTrue();
        LoadResult empty = decode(LoadResult.Companion.serializer(), emptyBody);
        assertThat(empty.getLoadType()).isEqualTo(ResultStatus.NONE);
        assertThat(empty).isInstanceOf(LoadResult.NoMatches.class);

        String garbageUrl = AudioServer.url("garbage.mp3");
        String errorBody = getOk("/v4/loadtracks?identifier=" + encode(garbageUrl));
        LoadResult error = decode(LoadResult.Companion.serializer(), errorBody);
        assertThat(error.getLoadType()).isEqualTo(ResultStatus.ERROR);
        assertThat(error).isInstanceOf(LoadResult.LoadFailed.class);
        dev.arbjerg.lavalink.protocol.v4.Exception failure = ((LoadResult.LoadFailed) error).getData();
        assertThat(failure.getMessage()).isNotBlank();
        assertThat(failure.getSeverity()).isNotNull();
        assertThat(failure.getCause()).startsWith("com.sedmelluq.discord.lavaplayer.tools.FriendlyException");
        assertThat(raw(errorBody).get("data").get("causeStackTrace").asString()).isNotBlank();

        String encoded = track.getEncoded();
        String decodedBody = getOk("/v4/decodetrack?encodedTrack=" + encode(encoded));
        Track decoded = decode(Track.Companion.serializer(), decodedBody);
        assertThat(decoded.getEncoded()).isEqualTo(encoded);
        assertTone(decoded, url);

        String decodedAllBody = send(HttpRequest.newBuilder(uri("/v4/decodetracks"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[\"" + encoded + "\",\"" + encoded + "\"]")), 200);
        Tracks tracks = decode(Tracks.Companion.serializer(), decodedAllBody);
        assertThat(tracks.getTracks()).hasSize(2);
        assertThat(tracks.getTracks()).allSatisfy(t -> {
            assertThat(t.getEncoded()).isEqualTo(encoded);
            assertTone(t, url);
        });
    }

    @Test
    void errorBodiesDecode() throws Exception {
        String notFound = send(HttpRequest.newBuilder(uri("/v4/sessions/unknownid0000000/players")).GET(), 404);
        dev.arbjerg.lavalink.protocol.v4.Error error = decode(dev.arbjerg.lavalink.protocol.v4.Error.Companion.serializer(),
                notFound);
        assertThat(error.getStatus()).isEqualTo(404);
        assertThat(error.getError()).isEqualTo("Not Found");
        assertThat(error.getMessage()).isEqualTo("Session not found");
        assertThat(error.getPath()).isEqualTo("/v4/sessions/unknownid0000000/players");
        assertThat(error.getTrace()).isNull();
        assertThat(error.getTimestamp().toEpochMilliseconds())
                .isCloseTo(System.currentTimeMillis(), within(60_000L));

        // a framework-level error (missing parameter) in the same shape, with a trace when asked for one
        String badRequest = send(HttpRequest.newBuilder(uri("/v4/loadtracks?trace=true")).GET(), 400);
        dev.arbjerg.lavalink.protocol.v4.Error bad = decode(dev.arbjerg.lavalink.protocol.v4.Error.Companion.serializer(),
                badRequest);
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.getError()).isEqualTo("Bad Request");
        assertThat(bad.getPath()).isEqualTo("/v4/loadtracks");
        assertThat(bad.getTrace()).isNotBlank();
    }

    @Test
    void sessionPlayerAndSocketBodiesDecode() throws Exception {
        JsonNode readyRaw = awaitMessage("ready", m -> "ready".equals(op(m)));
        Message.ReadyEvent ready = (Message.ReadyEvent) decodeMessage(readyRaw);
        assertThat(ready.getResumed()).isFalse();
        String sessionId = ready.getSessionId();
        assertThat(sessionId).matches("[a-z0-9]{16}");
        assertThat(op(RAW.readTree(socketMessages.get(0)))).as("ready is the first message").isEqualTo("ready");

        JsonNode statsRaw = awaitMessage("stats", m -> "stats".equals(op(m)));
        assertThat(statsRaw.has("frameStats")).as("socket stats always carry frameStats").isTrue();
        Message.StatsEvent stats = (Message.StatsEvent) decodeMessage(statsRaw);
        assertThat(stats.getFrameStats()).isNull();
        assertThat(stats.getMemory().getReservable()).isPositive();

        String url = toneUrl();
        String encoded = loadEncoded(url);

        // a track that loads now and is gone (404) by the time it is played, so it fails at playback
        WireMockServer audio = AudioServer.instance();
        audio.stubFor(get(urlPathEqualTo("/vanishing-at-playback.mp3")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "audio/mpeg").withBody(AudioServer.fixture(TONE_2S))));
        String vanishingUrl = AudioServer.url("vanishing-at-playback.mp3");
        String vanishing = loadEncoded(vanishingUrl);
        audio.stubFor(get(urlPathEqualTo("/vanishing-at-playback.mp3")).willReturn(aResponse().withStatus(404)));

        String playerPath = "/v4/sessions/" + sessionId + "/players/" + GUILD_PLAY;
        String playerBody = patch(playerPath, "{"
                + "\"track\":{\"encoded\":\"" + encoded + "\",\"userData\":{\"requester\":\"42\"}},"
                + "\"volume\":80,"
                + "\"filters\":{"
                + "\"volume\":0.8,"
                + "\"equalizer\":[{\"band\":0,\"gain\":0.2},{\"band\":14,\"gain\":-0.1}],"
                + "\"karaoke\":{\"level\":0.5},"
                + "\"timescale\":{\"speed\":1.2,\"pitch\":1.1,\"rate\":1.0},"
                + "\"tremolo\":{\"frequency\":4.0,\"depth\":0.6},"
                + "\"vibrato\":{\"frequency\":6.0,\"depth\":0.4},"
                + "\"distortion\":{\"scale\":1.5},"
                + "\"rotation\":{\"rotationHz\":0.2},"
                + "\"channelMix\":{\"leftToLeft\":0.5,\"leftToRight\":0.5,\"rightToLeft\":0.5,\"rightToRight\":0.5},"
                + "\"lowPass\":{\"smoothing\":25.0}},"
                + "\"voice\":" + VoiceServers.voiceJson(GUILD_PLAY, USER) + "}");
        Player player = decode(Player.Companion.serializer(), playerBody);
        assertThat(player.getGuildId()).isEqualTo(GUILD_PLAY);
        assertThat(player.getVolume()).isEqualTo(80);
        assertThat(player.getPaused()).isFalse();
        assertTone(player.getTrack(), url);
        assertThat(player.getTrack().getUserData().get("requester").toString()).isEqualTo("\"42\"");
        assertThat(player.getVoice().getToken()).isEqualTo(VoiceServers.TOKEN);
        assertThat(player.getVoice().getEndpoint()).isEqualTo(VoiceServers.forGuild(GUILD_PLAY, USER).endpoint());
        assertThat(player.getVoice().getSessionId()).isEqualTo(VoiceServers.SESSION);
        assertThat(raw(playerBody).get("voice").get("channelId").asString()).isEqualTo(VoiceServers.CHANNEL);
        assertThat(player.getState().getConnected()).isTrue();
        assertAllFilters(player.getFilters());

        String failingBody = patch("/v4/sessions/" + sessionId + "/players/" + GUILD_FAIL,
                "{\"track\":{\"encoded\":\"" + vanishing + "\"},\"voice\":" + VoiceServers.voiceJson(GUILD_FAIL, USER) + "}");
        Player failing = decode(Player.Companion.serializer(), failingBody);
        assertThat(failing.getGuildId()).isEqualTo(GUILD_FAIL);
        assertThat(failing.getFilters().getPluginFilters()).isEmpty();

        String listBody = getOk("/v4/sessions/" + sessionId + "/players");
        Players players = decode(Players.Companion.serializer(), listBody);
        assertThat(players.getPlayers()).extracting(Player::getGuildId).contains(GUILD_PLAY);

        // socket: start, playerUpdate, finished end for the tone; an exception and an end for the vanished file
        Message.EmittedEvent.TrackStartEvent start = (Message.EmittedEvent.TrackStartEvent) decodeMessage(
                awaitMessage("TrackStartEvent", event("TrackStartEvent", GUILD_PLAY)));
        assertThat(start.getGuildId()).isEqualTo(GUILD_PLAY);
        assertTone(start.getTrack(), url);
        assertThat(start.getTrack().getUserData().get("requester").toString()).isEqualTo("\"42\"");

        Message.PlayerUpdateEvent update = (Message.PlayerUpdateEvent) decodeMessage(awaitMessage("playerUpdate",
                m -> "playerUpdate".equals(op(m)) && GUILD_PLAY.equals(m.path("guildId").asString())));
        assertThat(update.getGuildId()).isEqualTo(GUILD_PLAY);
        assertThat(update.getState().getConnected()).isTrue();
        assertThat(update.getState().getTime()).isCloseTo(System.currentTimeMillis(), within(60_000L));

        Message.EmittedEvent.TrackExceptionEvent exception = (Message.EmittedEvent.TrackExceptionEvent) decodeMessage(
                awaitMessage("TrackExceptionEvent", event("TrackExceptionEvent", GUILD_FAIL)));
        assertThat(exception.getGuildId()).isEqualTo(GUILD_FAIL);
        assertThat(exception.getTrack().getInfo().getIdentifier()).isEqualTo(vanishingUrl);
        assertThat(exception.getException().getSeverity()).isNotNull();
        assertThat(exception.getException().getCause()).isNotBlank();
        Message.EmittedEvent.TrackEndEvent failedEnd = (Message.EmittedEvent.TrackEndEvent) decodeMessage(
                awaitMessage("TrackEndEvent of the failed track", event("TrackEndEvent", GUILD_FAIL)));
        assertThat(failedEnd.getTrack().getInfo().getIdentifier()).isEqualTo(vanishingUrl);
        // Normally loadFailed, after the exception event. lavaplayer marks the frame buffer "terminate when empty"
        // before it records the exception and calls the exception listener, so a frame poll landing in between ends
        // the track as finished, and that end event can overtake the exception event (a race inside lavaplayer,
        // seen in a few percent of runs, most often on the first failure in a JVM). Not asserted for that reason.
        assertThat(failedEnd.getReason()).isIn(Message.EmittedEvent.TrackEndEvent.AudioTrackEndReason.LOAD_FAILED,
                Message.EmittedEvent.TrackEndEvent.AudioTrackEndReason.FINISHED);

        Message.EmittedEvent.TrackEndEvent end = (Message.EmittedEvent.TrackEndEvent) decodeMessage(
                awaitMessage("TrackEndEvent", event("TrackEndEvent", GUILD_PLAY)));
        assertThat(end.getReason()).isEqualTo(Message.EmittedEvent.TrackEndEvent.AudioTrackEndReason.FINISHED);
        assertThat(end.getTrack().getInfo().getIdentifier()).isEqualTo(url);
        assertThat(end.getTrack().getUserData().get("requester").toString()).isEqualTo("\"42\"");

        Session resuming = decode(Session.Companion.serializer(),
                patch("/v4/sessions/" + sessionId, "{\"resuming\":true,\"timeout\":45}"));
        assertThat(resuming.getResuming()).isTrue();
        assertThat(resuming.getTimeoutSeconds()).isEqualTo(45L);
        Session notResuming = decode(Session.Companion.serializer(),
                patch("/v4/sessions/" + sessionId, "{\"resuming\":false}"));
        assertThat(notResuming.getResuming()).isFalse();
        assertThat(notResuming.getTimeoutSeconds()).isEqualTo(45L);

        send(HttpRequest.newBuilder(uri(playerPath)).DELETE(), 204);
        send(HttpRequest.newBuilder(uri("/v4/sessions/" + sessionId + "/players/" + GUILD_FAIL)).DELETE(), 204);
        Players none = decode(Players.Companion.serializer(), getOk("/v4/sessions/" + sessionId + "/players"));
        assertThat(none.getPlayers()).isEmpty();

        // and every single message the socket carried decodes as a v4 Message
        assertThat(socketMessages).isNotEmpty();
        for (String text : socketMessages) {
            Message message = KOTLIN_JSON.decodeFromString(Message.Serializer, text);
            assertThat(message.getOp()).as(text).isNotNull();
        }
    }

    private static void assertAllFilters(Filters filters) {
        assertThat(present(filters.getVolume())).isCloseTo(0.8f, within(1e-6f));
        List<Band> bands = present(filters.getEqualizer());
        assertThat(bands).extracting(Band::getBand).containsExactly(0, 14);
        assertThat(bands.get(0).getGain()).isCloseTo(0.2f, within(1e-6f));
        assertThat(bands.get(1).getGain()).isCloseTo(-0.1f, within(1e-6f));
        Karaoke karaoke = present(filters.getKaraoke());
        assertThat(karaoke.getLevel()).isEqualTo(0.5f);
        assertThat(karaoke.getMonoLevel()).isEqualTo(1.0f);
        assertThat(karaoke.getFilterBand()).isEqualTo(220.0f);
        assertThat(karaoke.getFilterWidth()).isEqualTo(100.0f);
        Timescale timescale = present(filters.getTimescale());
        assertThat(timescale.getSpeed()).isEqualTo(1.2);
        assertThat(timescale.getPitch()).isEqualTo(1.1);
        assertThat(timescale.getRate()).isEqualTo(1.0);
        Tremolo tremolo = present(filters.getTremolo());
        assertThat(tremolo.getFrequency()).isEqualTo(4.0f);
        assertThat(tremolo.getDepth()).isCloseTo(0.6f, within(1e-6f));
        Vibrato vibrato = present(filters.getVibrato());
        assertThat(vibrato.getFrequency()).isEqualTo(6.0f);
        assertThat(vibrato.getDepth()).isCloseTo(0.4f, within(1e-6f));
        Distortion distortion = present(filters.getDistortion());
        assertThat(distortion.getScale()).isEqualTo(1.5f);
        assertThat(distortion.getSinScale()).isEqualTo(1.0f);
        assertThat(distortion.getOffset()).isEqualTo(0.0f);
        Rotation rotation = present(filters.getRotation());
        assertThat(rotation.getRotationHz()).isEqualTo(0.2);
        ChannelMix mix = present(filters.getChannelMix());
        assertThat(mix.getLeftToLeft()).isEqualTo(0.5f);
        assertThat(mix.getLeftToRight()).isEqualTo(0.5f);
        assertThat(mix.getRightToLeft()).isEqualTo(0.5f);
        assertThat(mix.getRightToRight()).isEqualTo(0.5f);
        LowPass lowPass = present(filters.getLowPass());
        assertThat(lowPass.getSmoothing()).isEqualTo(25.0f);
        assertThat(filters.getPluginFilters()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static <T> T present(Omissible<? extends T> value) {
        assertThat(value).isInstanceOf(Omissible.Present.class);
        return ((Omissible.Present<T>) value).getValue();
    }

    private static void assertTone(Track track, String url) {
        assertThat(track).isNotNull();
        assertThat(track.getEncoded()).isNotBlank();
        assertThat(track.getInfo().getTitle()).isEqualTo("Basalt Test Tone");
        assertThat(track.getInfo().getAuthor()).isEqualTo("Basalt");
        assertThat(track.getInfo().getLength()).isEqualTo(2064L);
        assertThat(track.getInfo().isStream()).isFalse();
        assertThat(track.getInfo().isSeekable()).isTrue();
        assertThat(track.getInfo().getSourceName()).isEqualTo("http");
        assertThat(track.getInfo().getIdentifier()).isEqualTo(url);
        assertThat(track.getInfo().getUri()).isEqualTo(url);
        assertThat(track.getInfo().getArtworkUrl()).isNull();
        assertThat(track.getInfo().getIsrc()).isNull();
    }

    private String loadEncoded(String url) throws Exception {
        LoadResult result = decode(LoadResult.Companion.serializer(),
                getOk("/v4/loadtracks?identifier=" + encode(url)));
        assertThat(result).isInstanceOf(LoadResult.TrackLoaded.class);
        return ((LoadResult.TrackLoaded) result).getData().getEncoded();
    }

    private String toneUrl() {
        return AudioServer.url(TONE_2S);
    }

    private static <T> T decode(DeserializationStrategy<T> serializer, String body) {
        return KOTLIN_JSON.decodeFromString(serializer, body);
    }

    private static Message decodeMessage(JsonNode raw) {
        return KOTLIN_JSON.decodeFromString(Message.Serializer, raw.toString());
    }

    private static JsonNode raw(String body) {
        return RAW.readTree(body);
    }

    private static String op(JsonNode message) {
        return message.path("op").asString();
    }

    private static Predicate<JsonNode> event(String type, String guildId) {
        return m -> "event".equals(op(m)) && type.equals(m.path("type").asString())
                && guildId.equals(m.path("guildId").asString());
    }

    private JsonNode awaitMessage(String what, Predicate<JsonNode> wanted) {
        return await(what + " on the socket", TIMEOUT, () -> {
            for (String text : socketMessages) {
                JsonNode node = RAW.readTree(text);
                if (wanted.test(node)) {
                    return node;
                }
            }
            return null;
        });
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    private String getOk(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), 200);
    }

    private String patch(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)), 200);
    }

    private String send(HttpRequest.Builder request, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(request.header("Authorization", PASSWORD).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s -> %s", response.request().method(), response.uri(),
                response.body()).isEqualTo(expectedStatus);
        assertThat(response.headers().firstValue("Lavalink-Api-Version")).hasValue("4");
        if (expectedStatus != 204) {
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
        }
        return response.body();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Keeps every text message, reassembling fragmented ones. */
    private final class Collector implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                socketMessages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return CompletableFuture.completedFuture(null);
        }
    }
}
