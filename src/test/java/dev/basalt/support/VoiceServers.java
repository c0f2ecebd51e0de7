package dev.basalt.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;

/**
 * Fake Discord voice servers for tests that go through REST: one per guild and bot user (Discord's voice server
 * authenticates exactly that pair), started on first use and shared for the rest of the run.
 */
public final class VoiceServers {

    public static final String TOKEN = "secret-voice-token";
    public static final String SESSION = "0f9e8d7c6b5a49382716f5e4d3c2b1a0";
    public static final String CHANNEL = "1234567890123456789";

    private static final Map<String, FakeDiscordVoiceServer> SERVERS = new ConcurrentHashMap<>();

    private VoiceServers() {
    }

    public static FakeDiscordVoiceServer forGuild(String guildId, String userId) {
        return SERVERS.computeIfAbsent(guildId + "/" + userId, key -> {
            FakeDiscordVoiceServer server = FakeDiscordVoiceServer.builder().heartbeatInterval(1000)
                    .credentials(guildId, userId, SESSION, TOKEN).start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            return server;
        });
    }

    /** The player update {@code voice} object a bot would send for this guild. */
    public static String voiceJson(String guildId, String userId) {
        return "{\"token\":\"" + TOKEN + "\",\"endpoint\":\"" + forGuild(guildId, userId).endpoint()
                + "\",\"sessionId\":\"" + SESSION + "\",\"channelId\":\"" + CHANNEL + "\"}";
    }
}
