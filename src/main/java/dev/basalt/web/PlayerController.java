package dev.basalt.web;

import java.util.List;
import java.util.Set;

import dev.basalt.player.Player;
import dev.basalt.protocol.PlayerJson;
import dev.basalt.protocol.PlayerRenderer;
import dev.basalt.protocol.SessionJson;
import dev.basalt.session.ClientSession;
import dev.basalt.session.SessionRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v4/sessions/{sessionId}...}: players and the session's resume settings. */
@RestController
public class PlayerController {

    private final SessionRegistry sessions;
    private final PlayerUpdateHandler updates;
    private final PlayerRenderer renderer;
    private final JsonMapper json;

    PlayerController(SessionRegistry sessions, PlayerUpdateHandler updates, PlayerRenderer renderer, JsonMapper json) {
        this.sessions = sessions;
        this.updates = updates;
        this.renderer = renderer;
        this.json = json;
    }

    @GetMapping("/v4/sessions/{sessionId}/players")
    public List<PlayerJson> players(@PathVariable String sessionId) {
        return session(sessionId).players().stream().map(renderer::render).toList();
    }

    @GetMapping("/v4/sessions/{sessionId}/players/{guildId}")
    public PlayerJson player(@PathVariable String sessionId, @PathVariable String guildId) {
        long guild = Snowflakes.guildId(guildId);
        Player player = session(sessionId).player(guild);
        if (player == null) {
            throw ApiException.notFound("Player not found");
        }
        return renderer.render(player);
    }

    @PatchMapping(path = "/v4/sessions/{sessionId}/players/{guildId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public PlayerJson update(@PathVariable String sessionId, @PathVariable String guildId,
                             @RequestParam(defaultValue = "false") boolean noReplace,
                             @RequestBody String body) {
        long guild = Snowflakes.guildId(guildId);
        PlayerUpdateRequest request = PlayerUpdateRequest.read(parse(body), Set.of());
        return renderer.render(updates.update(session(sessionId), guild, request, noReplace));
    }

    @DeleteMapping("/v4/sessions/{sessionId}/players/{guildId}")
    public ResponseEntity<Void> destroy(@PathVariable String sessionId, @PathVariable String guildId) {
        long guild = Snowflakes.guildId(guildId);
        session(sessionId).destroyPlayer(guild);
        return ResponseEntity.noContent().build();
    }

    @PatchMapping(path = "/v4/sessions/{sessionId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public SessionJson updateSession(@PathVariable String sessionId, @RequestBody String body) {
        JsonNode update = parse(body);
        if (!update.isObject()) {
            throw ApiException.badRequest("The request body must be a JSON object");
        }
        Boolean resuming = JsonFields.bool(update, "resuming");
        Long timeout = JsonFields.longValue(update, "timeout");
        ClientSession session = session(sessionId);
        session.configureResuming(resuming, timeout);
        return new SessionJson(session.isResuming(), session.timeoutSeconds());
    }

    private ClientSession session(String sessionId) {
        ClientSession session = sessions.active(sessionId);
        if (session == null) {
            throw ApiException.notFound("Session not found");
        }
        return session;
    }

    private JsonNode parse(String body) {
        return JsonFields.parse(json, body);
    }
}
