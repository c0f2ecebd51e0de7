package dev.basalt.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.AudioSourceManager;
import dev.basalt.config.LavalinkServerProperties;
import dev.basalt.player.filter.FilterSettings;
import dev.basalt.voice.VoiceConnectionFactory;
import dev.basalt.voice.discord.DiscordVoiceTransport;
import dev.basalt.web.RequestLogSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the node is ready, a few plain lines say what it can do and why anything is off: sources, filters, how voice
 * packets are sent (udp-queue natives or not), DAVE, request logging and the health probes. Operators read this
 * first when a node behaves differently from the one next to it.
 */
@Component
public class StartupSummary {

    private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

    private final AudioPlayerManager audio;
    private final LavalinkServerProperties server;
    private final VoiceConnectionFactory voice;
    private final RequestLogSettings requestLog;
    private final Environment environment;
    private final BuildProperties build;

    public StartupSummary(AudioPlayerManager audio, LavalinkServerProperties server, VoiceConnectionFactory voice,
                          RequestLogSettings requestLog, Environment environment,
                          ObjectProvider<BuildProperties> build) {
        this.audio = audio;
        this.server = server;
        this.voice = voice;
        this.requestLog = requestLog;
        this.environment = environment;
        this.build = build.getIfAvailable();
    }

    @EventListener(ApplicationReadyEvent.class)
    void logSummary() {
        lines().forEach(log::info);
    }

    /** The summary, one fact a line. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("Basalt " + (build == null ? "(development build)" : build.getVersion()) + " is ready on port "
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
                + "; it speaks the Lavalink " + (build == null || build.get("lavalink-version") == null
                ? "v4" : build.get("lavalink-version")) + " protocol");
        lines.add("Sources on: " + join(sourcesOn()) + "; off in the configuration: " + join(sourcesOff()));
        List<String> filtersOn = FilterSettings.NAMES.stream().filter(server::isFilterEnabled).toList();
        List<String> filtersOff = FilterSettings.NAMES.stream().filter(name -> !server.isFilterEnabled(name)).toList();
        lines.add("Filters on: " + join(filtersOn) + "; off in the configuration: " + join(filtersOff));
        lines.add("Voice sending: " + (voice instanceof DiscordVoiceTransport transport
                ? transport.pacing() : voice.getClass().getSimpleName()));
        lines.add(dave());
        lines.add("Request logging: " + requestLogging());
        lines.add("Health probes: " + HealthProbes.LIVENESS + " and " + HealthProbes.READINESS
                + " answer without a password");
        return lines;
    }

    private String dave() {
        if (!(voice instanceof DiscordVoiceTransport transport)) {
            return "DAVE: not offered (voice connections are not Basalt's own transport)";
        }
        return transport.daveEnabled()
                ? "DAVE: on (end-to-end encryption protocol 1, offered on every voice connection whose player update "
                        + "carried voice.channelId)"
                : "DAVE: off (basalt.dave.enabled is false); calls that require end-to-end encryption close with 4017";
    }

    private List<String> sourcesOn() {
        List<String> names = new ArrayList<>();
        for (AudioSourceManager source : audio.getSourceManagers()) {
            names.add(source.getSourceName());
        }
        return names;
    }

    private List<String> sourcesOff() {
        LavalinkServerProperties.Sources sources = server.getSources();
        Map<String, Boolean> configured = new LinkedHashMap<>();
        configured.put("youtube", sources.isYoutube());
        configured.put("soundcloud", sources.isSoundcloud());
        configured.put("bandcamp", sources.isBandcamp());
        configured.put("twitch", sources.isTwitch());
        configured.put("vimeo", sources.isVimeo());
        configured.put("nico", sources.isNico());
        configured.put("local", sources.isLocal());
        configured.put("http", sources.isHttp());
        return configured.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey).toList();
    }

    private String requestLogging() {
        if (!requestLog.enabled()) {
            return "off (logging.request.enabled is false)";
        }
        List<String> parts = new ArrayList<>();
        parts.add("method, path, status");
        if (requestLog.includeClientInfo()) {
            parts.add("client address");
        }
        if (requestLog.includeQueryString()) {
            parts.add("query string");
        }
        if (requestLog.includeHeaders()) {
            parts.add("headers");
        }
        if (requestLog.includePayload()) {
            parts.add("body up to " + requestLog.maxPayloadLength() + " bytes");
        }
        return "on (" + String.join(", ", parts) + "); passwords and voice tokens are never logged";
    }

    private static String join(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
