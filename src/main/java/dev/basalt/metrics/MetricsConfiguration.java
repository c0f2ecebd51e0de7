package dev.basalt.metrics;

import dev.basalt.session.SessionRegistry;
import dev.basalt.player.FrameTotals;
import dev.basalt.voice.discord.DiscordVoiceTransport;
import dev.basalt.web.OpenRoute;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.hotspot.DefaultExports;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Everything metrics, only when {@code metrics.prometheus.enabled} is true: otherwise no collector runs, no observer
 * is attached and the route does not exist (404). Each node has its own registry rather than the client's global
 * one, so nothing outlives the application context.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "metrics.prometheus.enabled", havingValue = "true")
public class MetricsConfiguration {

    @Bean
    CollectorRegistry metricsRegistry() {
        CollectorRegistry registry = new CollectorRegistry(true);
        DefaultExports.register(registry);
        new CompilationTime().register(registry);
        return registry;
    }

    /** The password is waived only when the operator set the endpoint path on purpose, as in Lavalink. */
    @Bean
    OpenRoute metricsOpenRoute(Environment environment) {
        String explicit = environment.getProperty("metrics.prometheus.endpoint");
        if (explicit == null || explicit.isEmpty()) {
            return path -> false;
        }
        return explicit::equals;
    }

    @Bean(destroyMethod = "close")
    GcPauses gcPauses(CollectorRegistry registry) {
        return new GcPauses(registry);
    }

    @Bean(destroyMethod = "close")
    LogEvents logEvents(CollectorRegistry registry) {
        return new LogEvents(registry);
    }

    @Bean
    LavalinkGauges lavalinkGauges(CollectorRegistry registry, SessionRegistry sessions) {
        return new LavalinkGauges(sessions).register(registry);
    }

    @Bean
    NodeGauges nodeGauges(CollectorRegistry registry, SessionRegistry sessions) {
        return new NodeGauges(sessions).register(registry);
    }

    @Bean
    FrameMetrics frameMetrics(CollectorRegistry registry, FrameTotals frames,
                              ObjectProvider<DiscordVoiceTransport> transport) {
        DiscordVoiceTransport voice = transport.getIfAvailable();
        return new FrameMetrics(frames, voice == null ? null : voice.sendStats()).register(registry);
    }

    @Bean(destroyMethod = "close")
    VoiceMetrics voiceMetrics(CollectorRegistry registry, ObjectProvider<DiscordVoiceTransport> transport) {
        return new VoiceMetrics(registry, transport.getIfAvailable());
    }

    @Bean
    DaveMetrics daveMetrics(CollectorRegistry registry, ObjectProvider<DiscordVoiceTransport> transport) {
        DiscordVoiceTransport voice = transport.getIfAvailable();
        return voice == null ? null : new DaveMetrics(voice.daveCounters()).register(registry);
    }

    @Bean
    TrackMetrics trackMetrics(CollectorRegistry registry) {
        return new TrackMetrics(registry);
    }

    @Bean
    SessionMetrics sessionMetrics(CollectorRegistry registry) {
        return new SessionMetrics(registry);
    }
}
