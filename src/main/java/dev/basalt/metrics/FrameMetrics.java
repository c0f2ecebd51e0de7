package dev.basalt.metrics;

import java.util.ArrayList;
import java.util.List;

import dev.basalt.player.FrameTotals;
import dev.basalt.voice.discord.udp.PacketGaps;
import dev.basalt.voice.discord.udp.SendStats;
import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;

/**
 * The audio path, node-wide and without labels: frames as Lavalink's frameStats count them (summed over players
 * instead of averaged per session), what the paced sender handed to the socket or lost there, and the gaps between
 * consecutive packets of a connection. Read on scrape from plain counters the 20 ms path keeps anyway.
 */
final class FrameMetrics extends Collector {

    static final String GAP_HISTOGRAM = "basalt_voice_packet_gap_seconds";

    private final FrameTotals frames;
    /** Null when voice connections are not Basalt's own transport. */
    private final SendStats sender;
    private final double[] gapBounds = PacketGaps.boundsSeconds();

    FrameMetrics(FrameTotals frames, SendStats sender) {
        this.frames = frames;
        this.sender = sender;
    }

    @Override
    public List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> families = new ArrayList<>();
        families.add(new CounterMetricFamily("basalt_frames_provided",
                "20 ms slots in which a playing player had an Opus frame ready", frames.provided()));
        families.add(new CounterMetricFamily("basalt_frames_nulled",
                "20 ms slots in which a playing player had no frame ready (Lavalink's nulled)", frames.nulled()));
        if (sender != null) {
            families.add(new CounterMetricFamily("basalt_frames_sent",
                    "Voice packets handed to the UDP socket or udp-queue's native buffer", sender.sent()));
            families.add(new CounterMetricFamily("basalt_frames_deficit",
                    "Voice packets that were ready but never left: socket buffer full, send error or queue refused",
                    sender.dropped()));
            families.add(gaps(sender.gaps()));
        }
        return families;
    }

    private MetricFamilySamples gaps(PacketGaps gaps) {
        long[] counts = gaps.bucketCounts();
        List<MetricFamilySamples.Sample> samples = new ArrayList<>(counts.length + 2);
        long cumulative = 0;
        for (int i = 0; i < counts.length; i++) {
            cumulative += counts[i];
            String le = i < gapBounds.length ? Collector.doubleToGoString(gapBounds[i]) : "+Inf";
            samples.add(new MetricFamilySamples.Sample(GAP_HISTOGRAM + "_bucket", List.of("le"), List.of(le),
                    cumulative));
        }
        samples.add(new MetricFamilySamples.Sample(GAP_HISTOGRAM + "_count", List.of(), List.of(), cumulative));
        samples.add(new MetricFamilySamples.Sample(GAP_HISTOGRAM + "_sum", List.of(), List.of(), gaps.sumSeconds()));
        return new MetricFamilySamples(GAP_HISTOGRAM, Type.HISTOGRAM,
                "Time between two consecutive voice packets of one connection handed to the socket or native queue",
                samples);
    }
}
