package dev.basalt.web;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.basalt.support.NodeClient;
import dev.basalt.support.SessionSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.basalt.support.NodeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filter disabled in config disappears from /v4/info, and any update mentioning it is refused with the reference's
 * 400 before anything of the update is applied.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lavalink.server.password=" + NodeClient.PASSWORD,
        "lavalink.server.filters.karaoke=false",
        "lavalink.server.filters.channel-mix=false",
        "lavalink.server.sources.twitch=false",
})
class DisabledFilterTest {

    @LocalServerPort
    int port;

    @Test
    void disabledFiltersAreHiddenAndRefused() {
        NodeClient node = new NodeClient(port);
        assertThat(json(node.get("/v4/info").body()).path("filters").toString()).isEqualTo("[\"volume\",\"equalizer\","
                + "\"timescale\",\"tremolo\",\"vibrato\",\"distortion\",\"rotation\",\"lowPass\"]");
        try (SessionSocket socket = node.openSession()) {
            String players = "/v4/sessions/" + socket.next(Duration.ofSeconds(5)).path("sessionId").asString()
                    + "/players/1";
            HttpResponse<String> refused = node.patch(players, "{\"filters\":{\"karaoke\":null}}");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(json(refused.body()).path("message").asString())
                    .isEqualTo("Following filters are disabled in the config: karaoke");
            HttpResponse<String> both = node.patch(players, "{\"filters\":{\"channelMix\":{},\"karaoke\":{}}}");
            assertThat(json(both.body()).path("message").asString())
                    .isEqualTo("Following filters are disabled in the config: karaoke, channelMix");
            assertThat(node.get(players).statusCode()).as("nothing created").isEqualTo(404);
            assertThat(node.patch(players, "{\"filters\":{\"lowPass\":{}}}").statusCode()).isEqualTo(200);
            // a refused update changes nothing at all: not the enabled filters beside the disabled one, not the volume
            HttpResponse<String> mixed = node.patch(players,
                    "{\"volume\":50,\"filters\":{\"timescale\":{\"pitch\":2.0},\"karaoke\":{}}}");
            assertThat(mixed.statusCode()).isEqualTo(400);
            assertThat(json(mixed.body()).path("message").asString())
                    .isEqualTo("Following filters are disabled in the config: karaoke");
            var player = json(node.get(players).body());
            assertThat(player.path("filters").toString()).isEqualTo("{\"lowPass\":{\"smoothing\":20.0}}");
            assertThat(player.path("volume").asInt()).isEqualTo(100);
            // the other filters still work
            HttpResponse<String> pitch = node.patch(players, "{\"filters\":{\"timescale\":{\"pitch\":2.0}}}");
            assertThat(json(pitch.body()).path("filters").toString())
                    .isEqualTo("{\"timescale\":{\"speed\":1.0,\"pitch\":2.0,\"rate\":1.0}}");
        }
    }
}
