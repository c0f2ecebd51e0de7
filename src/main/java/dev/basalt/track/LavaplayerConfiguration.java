package dev.basalt.track;

import java.util.Locale;

import com.sedmelluq.discord.lavaplayer.container.MediaContainerRegistry;
import com.sedmelluq.discord.lavaplayer.player.AudioConfiguration;
import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.player.DefaultAudioPlayerManager;
import com.sedmelluq.discord.lavaplayer.source.bandcamp.BandcampAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.http.HttpAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.local.LocalAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.nico.NicoAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.soundcloud.SoundCloudAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.twitch.TwitchStreamAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.vimeo.VimeoAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.source.youtube.YoutubeAudioSourceManager;
import com.sedmelluq.discord.lavaplayer.track.playback.NonAllocatingAudioFrameBuffer;
import dev.basalt.config.LavalinkServerProperties;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node's single lavaplayer {@link AudioPlayerManager}, set up from {@code lavalink.server.*} with the sources in
 * Lavalink's registration order (http always last, so it only gets URLs nobody else claims).
 */
@Configuration(proxyBeanMethods = false)
public class LavaplayerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LavaplayerConfiguration.class);

    @Bean(destroyMethod = "shutdown")
    public AudioPlayerManager audioPlayerManager(LavalinkServerProperties server) {
        DefaultAudioPlayerManager manager = new DefaultAudioPlayerManager();
        if (server.isGcWarnings()) {
            manager.enableGcMonitoring();
        }
        manager.setFrameBufferDuration(server.effectiveFrameBufferDurationMs());
        manager.setTrackStuckThreshold(server.effectiveTrackStuckThresholdMs());
        manager.setUseSeekGhosting(server.isUseSeekGhosting());
        AudioConfiguration audio = manager.getConfiguration();
        audio.setOpusEncodingQuality(server.effectiveOpusEncodingQuality());
        audio.setResamplingQuality(resamplingQuality(server.getResamplingQuality()));
        audio.setFilterHotSwapEnabled(true);
        if (server.isNonAllocatingFrameBuffer()) {
            audio.setFrameBufferFactory(NonAllocatingAudioFrameBuffer::new);
        }
        LavalinkServerProperties.Timeouts timeouts = server.getTimeouts();
        if (timeouts != null) {
            manager.setHttpRequestConfigurator(config -> org.apache.http.client.config.RequestConfig.copy(config)
                    .setConnectTimeout(timeouts.getConnectTimeoutMs())
                    .setConnectionRequestTimeout(timeouts.getConnectionRequestTimeoutMs())
                    .setSocketTimeout(timeouts.getSocketTimeoutMs())
                    .build());
        }
        // which sources ended up on is part of the startup summary
        registerSources(manager, server);
        return manager;
    }

    @Bean
    public TrackCodec trackCodec(AudioPlayerManager audioPlayerManager) {
        return new TrackCodec(audioPlayerManager);
    }

    private static void registerSources(DefaultAudioPlayerManager manager, LavalinkServerProperties server) {
        LavalinkServerProperties.Sources sources = server.getSources();
        if (sources.isYoutube()) {
            log.warn("The built-in YouTube source is deprecated and no longer works against YouTube; "
                    + "set lavalink.server.sources.youtube: false and use the YouTube plugin instead");
            YoutubeAudioSourceManager youtube = new YoutubeAudioSourceManager(server.isYoutubeSearchEnabled(), null, null);
            youtube.setPlaylistPageCount(server.getYoutubePlaylistLoadLimit());
            manager.registerSourceManager(youtube);
        }
        if (sources.isSoundcloud()) {
            manager.registerSourceManager(SoundCloudAudioSourceManager.builder()
                    .withAllowSearch(server.isSoundcloudSearchEnabled())
                    .withFilterOutPreviewTracks(server.isSoundcloudFilterOutPreviewTracks())
                    .build());
        }
        if (sources.isBandcamp()) {
            manager.registerSourceManager(new BandcampAudioSourceManager());
        }
        if (sources.isTwitch()) {
            manager.registerSourceManager(new TwitchStreamAudioSourceManager());
        }
        if (sources.isVimeo()) {
            manager.registerSourceManager(new VimeoAudioSourceManager());
        }
        if (sources.isNico()) {
            manager.registerSourceManager(new NicoAudioSourceManager());
        }
        if (sources.isLocal()) {
            manager.registerSourceManager(new LocalAudioSourceManager(MediaContainerRegistry.DEFAULT_REGISTRY));
        }
        if (sources.isHttp()) {
            HttpAudioSourceManager http = new HttpAudioSourceManager(MediaContainerRegistry.DEFAULT_REGISTRY);
            configureProxy(http, server.getHttpConfig());
            manager.registerSourceManager(http);
        }
    }

    private static void configureProxy(HttpAudioSourceManager http, LavalinkServerProperties.HttpConfig config) {
        if (config == null || config.getProxyHost().isBlank()) {
            return;
        }
        http.configureBuilder(builder -> {
            builder.setProxy(new HttpHost(config.getProxyHost(), config.getProxyPort()));
            if (!config.getProxyUser().isBlank()) {
                BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                credentials.setCredentials(new AuthScope(config.getProxyHost(), config.getProxyPort()),
                        new UsernamePasswordCredentials(config.getProxyUser(), config.getProxyPassword()));
                builder.setDefaultCredentialsProvider(credentials);
            }
        });
    }

    private static AudioConfiguration.ResamplingQuality resamplingQuality(String name) {
        try {
            return AudioConfiguration.ResamplingQuality.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            log.warn("lavalink.server.resamplingQuality '{}' is not LOW, MEDIUM or HIGH; using LOW", name);
            return AudioConfiguration.ResamplingQuality.LOW;
        }
    }
}
