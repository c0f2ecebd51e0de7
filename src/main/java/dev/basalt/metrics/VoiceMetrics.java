package dev.basalt.metrics;

import java.time.Duration;
import java.util.Locale;

import dev.basalt.voice.discord.ClosePolicy;
import dev.basalt.voice.discord.ConnectionObserver;
import dev.basalt.voice.discord.DiscordVoiceTransport;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Histogram;

/**
 * Voice gateway closes by close code and what followed, reconnect attempts, and how long connections took to carry
 * audio again. Close codes are a short, fixed table, so the label stays small.
 */
final class VoiceMetrics implements ConnectionObserver, AutoCloseable {

    private final DiscordVoiceTransport transport;
    private final Counter closes;
    private final Counter reconnects;
    private final Histogram recoveries;

    VoiceMetrics(CollectorRegistry registry, DiscordVoiceTransport transport) {
        this.transport = transport;
        closes = Counter.build("basalt_voice_gateway_closes_total",
                        "Voice gateway socket closes by close code and what the connection did next")
                .labelNames("code", "action").register(registry);
        reconnects = Counter.build("basalt_voice_reconnects_total",
                        "Voice gateway reconnect attempts: resume (audio keeps flowing) or new_session")
                .labelNames("kind").register(registry);
        recoveries = Histogram.build("basalt_voice_reconnect_seconds",
                        "From the first close to audio flowing again, by how the connection came back")
                .labelNames("kind")
                .buckets(0.25, 0.5, 1, 2, 4, 8, 15, 30, 60)
                .register(registry);
        for (String kind : new String[] {"resume", "new_session"}) {
            // present at zero from the start, so rate() and alerts work before the first reconnect
            reconnects.labels(kind);
            recoveries.labels(kind);
        }
        if (transport != null) {
            transport.observe(this);
        }
    }

    @Override
    public void closed(int code, ClosePolicy.Action action) {
        closes.labels(Integer.toString(code), action.name().toLowerCase(Locale.ROOT)).inc();
    }

    @Override
    public void reconnecting(boolean resume) {
        reconnects.labels(kind(resume)).inc();
    }

    @Override
    public void recovered(boolean resumed, Duration took) {
        recoveries.labels(kind(resumed)).observe(took.toNanos() / 1e9);
    }

    private static String kind(boolean resume) {
        return resume ? "resume" : "new_session";
    }

    @Override
    public void close() {
        if (transport != null) {
            transport.observe(null);
        }
    }
}
