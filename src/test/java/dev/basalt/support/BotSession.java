package dev.basalt.support;

import java.net.http.HttpResponse;
import java.time.Duration;

import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bot's session on the test node, as playback tests use it: REST client, open socket (past {@code ready}) and the
 * session id, plus starting a track on a guild whose voice goes to that guild's fake Discord voice server.
 */
public final class BotSession implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    private final NodeClient node;
    private final SessionSocket socket;
    private final String id;

    private BotSession(NodeClient node, SessionSocket socket, String id) {
        this.node = node;
        this.socket = socket;
        this.id = id;
    }

    public static BotSession open(int port) {
        NodeClient node = new NodeClient(port);
        SessionSocket socket = node.openSession();
        return new BotSession(node, socket, socket.next(WAIT).path("sessionId").asString());
    }

    public NodeClient node() {
        return node;
    }

    public SessionSocket socket() {
        return socket;
    }

    public String id() {
        return id;
    }

    public String playerPath(String guild) {
        return "/v4/sessions/" + id + "/players/" + guild;
    }

    /**
     * Sends the guild's voice credentials and starts {@code identifier} (plus {@code extraJson}, e.g.
     * {@code ,"volume":50}) in one update; returns the guild's voice server with its recorded audio cleared.
     */
    public FakeDiscordVoiceServer play(String guild, String identifier, String extraJson) {
        FakeDiscordVoiceServer server = VoiceServers.forGuild(guild, NodeClient.USER_ID);
        server.resetAudio();
        HttpResponse<String> response = node.patch(playerPath(guild), "{\"voice\":"
                + VoiceServers.voiceJson(guild, NodeClient.USER_ID) + ",\"track\":{\"identifier\":\"" + identifier
                + "\"}" + extraJson + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return server;
    }

    @Override
    public void close() {
        socket.close();
    }
}
