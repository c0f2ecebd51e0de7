package dev.basalt.web.openapi;

import java.util.ArrayList;
import java.util.List;

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
 * The playlist and search load results against docs/openapi.yaml. No offline built-in source produces them, so a
 * catalogue source of the kind plugins add ({@code FixtureCatalogue}) answers them. The properties are LoadResultTypesTest's, so
 * both share one node (and the shared {@code @NodeTest} node keeps its exact source list).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lavalink.server.password=" + NodeClient.PASSWORD,
        "lavalink.server.sources.youtube=false",
        "lavalink.server.sources.soundcloud=false",
        "lavalink.server.sources.bandcamp=false",
        "lavalink.server.sources.twitch=false",
        "lavalink.server.sources.vimeo=false",
})
class OpenApiLoadResultsTest {

    @LocalServerPort
    int port;
    @Autowired
    AudioPlayerManager manager;

    private final ApiDescription api = ApiDescription.load();

    @BeforeEach
    void registerCatalogue() {
        if (manager.source(FixtureCatalogue.class) == null) {
            manager.registerSourceManager(new FixtureCatalogue());
        }
    }

    @Test
    void playlistAndSearchResultsValidate() {
        List<String> problems = new ArrayList<>();
        NodeClient node = new NodeClient(port);
        for (String identifier : new String[]{"fixtures:playlist", "fixtures:playlist-unselected", "fixtures:search",
                "fixtures:search-empty"}) {
            var response = node.get("/v4/loadtracks?identifier=" + identifier);
            assertThat(response.statusCode()).as(identifier).isEqualTo(200);
            problems.addAll(api.responseProblems("GET /v4/loadtracks", response));
            JsonNode result = json(response.body());
            assertThat(result.path("loadType").asString()).as(identifier)
                    .isEqualTo(identifier.startsWith("fixtures:playlist") ? "playlist" : "search");
        }
        assertThat(problems).isEmpty();
    }
}
