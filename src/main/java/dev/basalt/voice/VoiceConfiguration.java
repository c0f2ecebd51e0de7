package dev.basalt.voice;

import dev.basalt.config.LavalinkServerProperties;
import dev.basalt.voice.discord.DiscordVoiceTransport;
import dev.basalt.voice.discord.ReconnectTiming;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class VoiceConfiguration {

    /** Voice connections are Basalt's own Discord transport, paced by the native queue when it is available. */
    @Bean(destroyMethod = "close")
    public DiscordVoiceTransport voiceConnectionFactory(LavalinkServerProperties server,
                                                        @Value("${basalt.dave.enabled:true}") boolean daveEnabled) {
        return new DiscordVoiceTransport(server.effectiveBufferDurationMs(), ReconnectTiming.DEFAULT, daveEnabled);
    }
}
