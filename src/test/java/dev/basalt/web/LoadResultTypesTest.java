package dev.basalt.web;

import java.net.http.HttpResponse;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import dev.basalt.support.FixtureCatalogue;
import dev.basalt.support.NodeClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playlist and search load types. The built-in sources that produce them all need the internet, so a catalogue
 * source of the kind plugins add serves playlists and searches of the local fixtures through lavaplayer's own types.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lavalink.server.password=" + NodeClient.PASSWORD,
        "lavalink.server.sources.youtube=false",
        "lavalink.server.sources.soundcloud=false",
        "lavalink.server.sources.bandcamp=false",
        "lavalink.server.sources.twitch=false",
        "lavalink.server.sources.vimeo=false",
})
class LoadResultTypesTest {

    @LocalServerPort
    int port;
    @Autowired
    AudioPlayerManager manager;

    @BeforeEach
    void registerCatalogue() {
        if (manager.source(FixtureCatalogue.class) == null) {
            manager.registerSourceManager(new FixtureCatalogue());
        }
    }

    @Test
    void aPlaylistCarriesItsNameSelectedTrackPluginInfoAndTracks() {
        JsonNode result = load("fixtures:playlist");
        assertThat(result.path("loadType").asString()).isEqualTo("playlist");
        JsonNode data = result.path("data");
        assertThat(data.propertyNames()).containsExactly("info", "pluginInfo", "tracks");
        assertThat(data.path("info").toString()).isEqualTo("{\"name\":\"Basalt fixtures\",\"selectedTrack\":1}");
        assertThat(data.path("pluginInfo").toString()).isEqualTo("{}");
        assertThat(data.path("tracks")).hasSize(2);
        assertThat(data.path("tracks").get(1).path("info").path("length").asLong()).isEqualTo(2000);
        assertThat(data.path("tracks").get(0).path("pluginInfo").toString()).isEqualTo("{\"probeInfo\":\"mp3\"}");

        JsonNode unselected = load("fixtures:playlist-unselected");
        assertThat(unselected.path("data").path("info").path("selectedTrack").asInt()).isEqualTo(-1);
    }

    @Test
    void aSearchIsABareArrayOfTracks() {
        JsonNode result = load("fixtures:search");
        assertThat(result.path("loadType").asString()).isEqualTo("search");
        assertThat(result.path("data").isArray()).isTrue();
        assertThat(result.path("data")).hasSize(2);
        assertThat(result.path("data").get(0).path("info").path("title").asString()).isEqualTo("Basalt Test Tone");
    }

    @Test
    void playlistsAndSearchesCannotBePlayedDirectly() {
        try (var socket = new NodeClient(port).openSession()) {
            String id = socket.next(java.time.Duration.ofSeconds(5)).path("sessionId").asString();
            for (String identifier : new String[]{"fixtures:playlist", "fixtures:search"}) {
                HttpResponse<String> response = new NodeClient(port).patch("/v4/sessions/" + id + "/players/1",
                        "{\"track\":{\"identifier\":\"" + identifier + "\"}}");
                assertThat(response.statusCode()).isEqualTo(400);
                assertThat(json(response.body()).path("message").asString())
                        .isEqualTo("Cannot play a playlist or search result");
            }
        }
    }

    private JsonNode load(String identifier) {
        return json(new NodeClient(port).get("/v4/loadtracks?identifier=" + identifier).body());
    }
}
