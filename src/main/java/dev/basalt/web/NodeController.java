package dev.basalt.web;

import java.util.ArrayList;
import java.util.List;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.AudioSourceManager;
import com.sedmelluq.discord.lavaplayer.tools.PlayerLibrary;
import dev.basalt.config.LavalinkServerProperties;
import dev.basalt.player.filter.FilterSettings;
import dev.basalt.protocol.InfoJson;
import dev.basalt.protocol.StatsJson;
import dev.basalt.session.SessionRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What the node is and how it is doing: version, info, stats, and the legacy stubs v3 clients hit. */
@RestController
public class NodeController {

    private final AudioPlayerManager manager;
    private final LavalinkServerProperties server;
    private final SessionRegistry sessions;
    private final NodeVersion version;

    NodeController(AudioPlayerManager manager, LavalinkServerProperties server, SessionRegistry sessions,
                   ObjectProvider<BuildProperties> build) {
        this.manager = manager;
        this.server = server;
        this.sessions = sessions;
        this.version = NodeVersion.of(build.getIfAvailable());
    }

    @GetMapping(path = "/version", produces = MediaType.TEXT_PLAIN_VALUE)
    public String version() {
        return version.semver();
    }

    @GetMapping("/v4/info")
    public InfoJson info() {
        List<String> sources = new ArrayList<>();
        for (AudioSourceManager source : manager.getSourceManagers()) {
            sources.add(source.getSourceName());
        }
        List<String> filters = FilterSettings.NAMES.stream().filter(server::isFilterEnabled).toList();
        return new InfoJson(version.json(), version.buildTime(),
                new InfoJson.Git("HEAD", version.commit(), version.buildTime()),
                System.getProperty("java.version"), PlayerLibrary.VERSION, sources, filters, List.of());
    }

    @GetMapping("/v4/stats")
    public StatsJson stats() {
        return sessions.nodeStats();
    }

    /** v3 clients connect here; an empty 200 (no upgrade) makes them fail with a clear line on both sides. */
    @GetMapping({"/", "/v3/websocket"})
    public void legacy() {
    }
}
