package dev.basalt.voice.discord.udp;

import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The node-wide send totals and packet-gap histogram the metrics read, against a real loopback socket. */
class SendStatsTest {

    @Test
    void gapsFallIntoTheirBucketsInclusiveOfTheUpperBound() {
        PacketGaps gaps = new PacketGaps();
        gaps.record(20_000_000L);
        gaps.record(20_500_000L);
        gaps.record(500_000L);
        gaps.record(5_000_000_000L);
        double[] bounds = PacketGaps.boundsSeconds();
        long[] counts = gaps.bucketCounts();
        assertThat(counts).hasSize(bounds.length + 1);
        assertThat(counts[Arrays.binarySearch(bounds, 0.02)]).isEqualTo(1);
        assertThat(counts[Arrays.binarySearch(bounds, 0.021)]).isEqualTo(1);
        assertThat(counts[0]).isEqualTo(1);
        assertThat(counts[bounds.length]).as("overflow bucket").isEqualTo(1);
        assertThat(Arrays.stream(counts).sum()).isEqualTo(4);
        assertThat(gaps.sumSeconds()).isCloseTo(5.041, org.assertj.core.data.Offset.offset(1e-9));
    }

    /**
     * 30 packets with one empty slot after the tenth: every packet is counted sent, and a gap is recorded between
     * consecutive packets of a run only (9 + 19), not across the empty slot or before the first packet.
     */
    @ParameterizedTest
    @EnumSource(PacedSenderTest.Kind.class)
    void everyHandOffIsCountedAndGapsOnlyWithinARun(PacedSenderTest.Kind kind) throws Exception {
        try (PacedSender sender = kind.open(400);
             LoopbackReceiver receiver = new LoopbackReceiver();
             DatagramChannel channel = receiver.connectedChannel()) {
            NumberedSource source = new NumberedSource(0x1234, 30, Set.of(10), -1, 0);
            PacedSender.Registration registration = sender.register(receiver.address(), channel, source);
            receiver.await(30, Duration.ofSeconds(6));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (sender.stats().sent() < 30 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            registration.close();

            SendStats stats = sender.stats();
            assertThat(stats.sent()).isEqualTo(30);
            assertThat(stats.nulled()).isGreaterThanOrEqualTo(1);
            assertThat(stats.dropped()).isZero();
            assertThat(Arrays.stream(stats.gaps().bucketCounts()).sum()).isEqualTo(28);
            assertThat(stats.gaps().sumSeconds()).isGreaterThan(0);
            assertThat(registration.counts().sent()).isEqualTo(30);
        }
    }
}
