package dev.basalt.web;

import java.util.ArrayList;
import java.util.List;

import com.sedmelluq.discord.lavaplayer.track.AudioPlaylist;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import dev.basalt.protocol.ExceptionJson;
import dev.basalt.protocol.LoadResultJson;
import dev.basalt.protocol.TrackJson;
import dev.basalt.protocol.TrackRenderer;
import dev.basalt.track.LoadResult;
import dev.basalt.track.TrackCodec;
import dev.basalt.track.TrackLoader;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loading identifiers and decoding encoded tracks. */
@RestController
public class TrackController {

    private final TrackLoader loader;
    private final TrackCodec codec;
    private final TrackRenderer renderer;
    private final JsonMapper json;

    TrackController(TrackLoader loader, TrackCodec codec, TrackRenderer renderer, JsonMapper json) {
        this.loader = loader;
        this.codec = codec;
        this.renderer = renderer;
        this.json = json;
    }

    /** Always 200 for a load outcome, failures included: they are reported in the body. */
    @GetMapping("/v4/loadtracks")
    public LoadResultJson load(@RequestParam String identifier) {
        LoadResult result = loader.load(identifier);
        if (result instanceof LoadResult.TrackLoaded t) {
            return new LoadResultJson("track", renderer.render(t.track()));
        }
        if (result instanceof LoadResult.PlaylistLoaded p) {
            AudioPlaylist playlist = p.playlist();
            AudioTrack selected = playlist.getSelectedTrack();
            return new LoadResultJson("playlist", new LoadResultJson.Playlist(
                    new LoadResultJson.PlaylistInfo(playlist.getName(),
                            selected == null ? -1 : playlist.getTracks().indexOf(selected)),
                    java.util.Map.of(), render(playlist.getTracks())));
        }
        if (result instanceof LoadResult.SearchResult s) {
            return new LoadResultJson("search", render(s.tracks()));
        }
        if (result instanceof LoadResult.LoadFailed f) {
            return new LoadResultJson("error", ExceptionJson.ofLoadError(f.exception()));
        }
        return new LoadResultJson("empty", null);
    }

    @GetMapping("/v4/decodetrack")
    public TrackJson decode(@RequestParam(required = false) String encodedTrack,
                            @RequestParam(required = false) String track) {
        String encoded = encodedTrack != null ? encodedTrack : track;
        if (encoded == null) {
            throw ApiException.badRequest("No track to decode provided");
        }
        return renderer.render(codec.decode(encoded).track(), encoded);
    }

    @PostMapping(path = "/v4/decodetracks", consumes = MediaType.APPLICATION_JSON_VALUE)
    public List<TrackJson> decodeAll(@RequestBody String body) {
        JsonNode tracks = JsonFields.parse(json, body);
        if (!tracks.isArray()) {
            throw ApiException.badRequest("The request body must be a JSON array of encoded tracks");
        }
        if (tracks.isEmpty()) {
            throw ApiException.badRequest("No tracks to decode provided");
        }
        List<TrackJson> decoded = new ArrayList<>();
        for (JsonNode encoded : tracks) {
            if (!encoded.isString()) {
                throw ApiException.badRequest("Every element must be an encoded track string");
            }
            decoded.add(renderer.render(codec.decode(encoded.stringValue()).track(), encoded.stringValue()));
        }
        return decoded;
    }

    private List<TrackJson> render(List<AudioTrack> tracks) {
        return tracks.stream().map(renderer::render).toList();
    }
}
