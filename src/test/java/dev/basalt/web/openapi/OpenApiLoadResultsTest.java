package dev.basalt.web.openapi;

import java.io.DataInput;
import java.io.DataOutput;
import java.util.ArrayList;
import java.util.List;

import com.sedmelluq.discord.lavaplayer.container.MediaContainerRegistry;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.AudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.track.AudioItem;
import com.sedmelluq.discord.lavaplayer.track.AudioReference;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackInfo;
import com.sedmelluq.discord.lavaplayer.track.BasicAudioPlaylist;
import dev.basalt.support.AudioServer;
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
 * catalogue source of the kind plugins add answers {@code openapi:*}. The properties are LoadResultTypesTest's, so
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
        if (manager.source(Catalogue.class) == null) {
            manager.registerSourceManager(new Catalogue());
        }
    }

    @Test
    void playlistAndSearchResultsValidate() {
        List<String> problems = new ArrayList<>();
        NodeClient node = new NodeClient(port);
        for (String identifier : new String[]{"openapi:playlist", "openapi:playlist-unselected", "openapi:search",
                "openapi:search-empty"}) {
            var response = node.get("/v4/loadtracks?identifier=" + identifier);
            assertThat(response.statusCode()).as(identifier).isEqualTo(200);
            problems.addAll(api.responseProblems("GET /v4/loadtracks", response));
            JsonNode result = json(response.body());
            assertThat(result.path("loadType").asString()).as(identifier)
                    .isEqualTo(identifier.startsWith("openapi:playlist") ? "playlist" : "search");
        }
        assertThat(problems).isEmpty();
    }

    /** Answers {@code openapi:*} with playlists and searches of tracks loaded from the local audio server. */
    static final class Catalogue implements AudioSourceManager {
        private final HttpAudioSourceManager http = new HttpAudioSourceManager(MediaContainerRegistry.DEFAULT_REGISTRY);

        @Override
        public String getSourceName() {
            return "openapi-catalogue";
        }

        @Override
        public AudioItem loadItem(AudioPlayerManager manager, AudioReference reference) {
            if (!reference.identifier.startsWith("openapi:")) {
                return null;
            }
            List<AudioTrack> tracks =
                    List.of(track(manager, "sine-440hz-2s.mp3"), track(manager, "sine-440hz-2s.flac"));
            return switch (reference.identifier) {
                case "openapi:playlist" -> new BasicAudioPlaylist("Basalt fixtures", tracks, tracks.get(1), false);
                case "openapi:playlist-unselected" -> new BasicAudioPlaylist("Basalt fixtures", tracks, null, false);
                case "openapi:search" -> new BasicAudioPlaylist("Search results for: tone", tracks, null, true);
                case "openapi:search-empty" -> new BasicAudioPlaylist("Search results for: x", List.of(), null, true);
                default -> AudioReference.NO_TRACK;
            };
        }

        private AudioTrack track(AudioPlayerManager manager, String fixture) {
            return (AudioTrack) http.loadItem(manager, new AudioReference(AudioServer.url(fixture), null));
        }

        @Override
        public boolean isTrackEncodable(AudioTrack track) {
            return false;
        }

        @Override
        public void encodeTrack(AudioTrack track, DataOutput output) {
        }

        @Override
        public AudioTrack decodeTrack(AudioTrackInfo trackInfo, DataInput input) {
            return null;
        }

        @Override
        public void shutdown() {
            http.shutdown();
        }
    }
}
