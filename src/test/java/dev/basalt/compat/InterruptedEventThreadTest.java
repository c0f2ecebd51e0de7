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

import dev.basalt.support.AudioServer;
import dev.basalt.support.VoiceServers;
import dev.arbjerg.lavalink.protocol.v4.LoadResult;
import dev.arbjerg.lavalink.protocol.v4.Mapper;
import dev.arbjerg.lavalink.protocol.v4.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.basalt.compat.CompatSupport.PASSWORD;
import static dev.basalt.compat.CompatSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * lavaplayer interrupts its own threads to stop tracks, and Basalt raises socket events on those threads. Seeking past
 * an end marker stops the track from its playback thread, which interrupts itself and then raises the
 * {@code TrackEndEvent} there: the event must still reach the client, and the client's socket must stay open.
 */
@OfflineNodeTest
class InterruptedEventThreadTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String GUILD = "1122334455667788992";
    private static final String TONE_30S = "sine-440hz-30s.mp3";

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> socketClosed = new CompletableFuture<>();
    private WebSocket socket;

    @AfterEach
    void closeSocket() {
        if (socket != null) {
            socket.abort();
        }
    }

    @Test
    void seekingPastTheEndMarkerEndsTheTrackWithoutKillingTheSession() throws Exception {
        socket = http.newWebSocketBuilder()
                .header("Authorization", PASSWORD)
                .header("User-Id", "987654321098765432")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v4/websocket"), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        socketClosed.complete(statusCode);
                        return null;
                    }
                })
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Message.ReadyEvent ready = (Message.ReadyEvent) await("ready", TIMEOUT, () -> messages.stream()
                .map(InterruptedEventThreadTest::decode).filter(Message.ReadyEvent.class::isInstance)
                .findFirst().orElse(null));
        String playerPath = "/v4/sessions/" + ready.getSessionId() + "/players/" + GUILD;

        String url = AudioServer.url(TONE_30S);
        LoadResult loaded = Mapper.getJson().decodeFromString(LoadResult.Companion.serializer(),
                request("GET", "/v4/loadtracks?identifier=" + URLEncoder.encode(url, StandardCharsets.UTF_8), null));
        String encoded = ((LoadResult.TrackLoaded) loaded).getData().getEncoded();

        request("PATCH", playerPath, "{\"track\":{\"encoded\":\"" + encoded + "\"},\"endTime\":20000,"
                + "\"voice\":" + VoiceServers.voiceJson(GUILD, "987654321098765432") + "}");
        await("TrackStartEvent", TIMEOUT, () -> find(Message.EmittedEvent.TrackStartEvent.class));
        await("playback to be under way", TIMEOUT, () -> {
            try {
                return request("GET", playerPath, null).contains("\"position\":0,") ? null : Boolean.TRUE;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        request("PATCH", playerPath, "{\"position\":25000}");

        Message.EmittedEvent.TrackEndEvent end = await("TrackEndEvent", TIMEOUT,
                () -> find(Message.EmittedEvent.TrackEndEvent.class));
        assertThat(end.getReason()).isEqualTo(Message.EmittedEvent.TrackEndEvent.AudioTrackEndReason.FINISHED);
        assertThat(socketClosed).as("the client's socket stays open").isNotDone();
        // the session is still there
        assertThat(request("GET", playerPath, null)).contains("\"track\":null");
        request("DELETE", playerPath, null);
    }

    private <T extends Message> T find(Class<T> type) {
        return messages.stream().map(InterruptedEventThreadTest::decode).filter(type::isInstance).map(type::cast)
                .findFirst().orElse(null);
    }

    private static Message decode(String text) {
        return Mapper.getJson().decodeFromString(Message.Serializer, text);
    }

    private String request(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", PASSWORD).timeout(TIMEOUT);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s -> %s", method, path, response.body())
                .isEqualTo(method.equals("DELETE") ? 204 : 200);
        return response.body();
    }
}
