package dev.basalt.voice.discord.udp;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.basalt.voice.discord.udp.LoopbackReceiver.Arrival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Both senders against a real loopback socket: pacing, ordering, counting, and what a stalled packet source does to
 * the wire. Timing figures are printed to the test output.
 */
class PacedSenderTest {

    enum Kind {
        JAVA, NATIVE;

        /** The native sender with {@code bufferDurationMs}, or the test is skipped when the library cannot load. */
        PacedSender open(int bufferDurationMs) {
            if (this == JAVA) {
                return new JavaThreadSender();
            }
            try {
                // two native queues, whatever the machine: connections (keys 1, 2, 3) land on both
                return new NativeQueueSender(bufferDurationMs / 20, 2);
            } catch (LinkageError | RuntimeException e) {
                assumeTrue(false, "udp-queue's native library does not load on this machine (" + e + "); "
                        + "native sender tests skipped");
                throw e;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sends150PacketsInOrderOneEvery20Ms(Kind kind) throws Exception {
        try (PacedSender sender = kind.open(400);
             LoopbackReceiver receiver = new LoopbackReceiver();
             DatagramChannel channel = receiver.connectedChannel()) {
            NumberedSource source = new NumberedSource(150);

            PacedSender.Registration registration = sender.register(receiver.address(), channel, source);
            List<Arrival> arrivals = receiver.await(150, Duration.ofSeconds(6));
            registration.close();

            assertConsecutive(arrivals, 150);
            Timing timing = Timing.of(arrivals);
            report(kind + " 150 packets", timing);
            assertThat(timing.p50()).as("median inter-arrival (ms)").isBetween(15.0, 25.0);
            assertThat(timing.totalMillis()).as("first to last arrival (ms), nominally 149 × 20")
                    .isBetween(2980 * 0.9, 2980 * 1.1);
            assertCountsSettle(registration, source, 150);

            InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
            if (sender.isNative()) {
                // udp-queue sends from its own socket: Discord sees a different source port than IP discovery's
                assertThat(arrivals.get(0).from().getPort()).isNotEqualTo(local.getPort());
            } else {
                assertThat(arrivals.get(0).from()).isEqualTo(local);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void slotsWithoutAPacketAreCountedNulledAndSendNothing(Kind kind) throws Exception {
        Set<Integer> emptyCalls = Set.of(10, 11, 12, 13, 14);
        try (PacedSender sender = kind.open(400);
             LoopbackReceiver receiver = new LoopbackReceiver();
             DatagramChannel channel = receiver.connectedChannel()) {
            NumberedSource source = new NumberedSource(0x1234, 40, emptyCalls, -1, 0);

            PacedSender.Registration registration = sender.register(receiver.address(), channel, source);
            receiver.await(40, Duration.ofSeconds(4));
            registration.close();

            assertCountsSettle(registration, source, 40);
            assertThat(source.empty()).isGreaterThanOrEqualTo(emptyCalls.size());
            List<Arrival> arrivals = receiver.arrivals();
            assertConsecutive(arrivals, 40);
            assertThat(arrivals).as("no datagram for an empty slot").hasSize(40);
            if (!sender.isNative()) {
                // the Java sender has no buffer: five empty slots are a 120 ms hole on the wire
                double gap = (arrivals.get(10).nanos() - arrivals.get(9).nanos()) / 1e6;
                assertThat(gap).isGreaterThan(80);
            }
        }
    }

    /**
     * What udp-queue is for: the thread that fills the native buffer stalls for 300 ms (as it would in a GC pause)
     * after the 400 ms buffer has filled, and the wire does not notice.
     */
    @Test
    void nativeSenderKeepsSendingThroughA300MsStall() throws Exception {
        try (PacedSender sender = Kind.NATIVE.open(400);
             LoopbackReceiver receiver = new LoopbackReceiver();
             DatagramChannel channel = receiver.connectedChannel()) {
            // the first round queues 20 packets, then about one per round: call 40 comes with a full queue
            NumberedSource source = new NumberedSource(0x1234, 100, Set.of(), 40, 300);

            PacedSender.Registration registration = sender.register(receiver.address(), channel, source);
            List<Arrival> arrivals = receiver.await(100, Duration.ofSeconds(5));
            registration.close();

            assertThat(source.blockedAt()).as("the stall happened").isNotZero();
            assertConsecutive(arrivals, 100);
            Timing timing = Timing.of(arrivals);
            report("NATIVE with a 300 ms stall", timing);
            assertThat(timing.maxMillis()).as("largest inter-arrival gap (ms)").isLessThanOrEqualTo(60);
        }
    }

    /** The same stall with the Java sender does reach the wire, which shows the test above measures something. */
    @Test
    void javaSenderPassesA300MsStallOnToTheWire() throws Exception {
        try (PacedSender sender = Kind.JAVA.open(400);
             LoopbackReceiver receiver = new LoopbackReceiver();
             DatagramChannel channel = receiver.connectedChannel()) {
            NumberedSource source = new NumberedSource(0x1234, 60, Set.of(), 20, 300);

            PacedSender.Registration registration = sender.register(receiver.address(), channel, source);
            List<Arrival> arrivals = receiver.await(60, Duration.ofSeconds(5));
            registration.close();

            assertConsecutive(arrivals, 60);
            Timing timing = Timing.of(arrivals);
            report("JAVA with a 300 ms stall", timing);
            assertThat(timing.maxMillis()).as("largest inter-arrival gap (ms)").isGreaterThan(250);
            assertThat(timing.minMillis()).as("no burst after the stall").isGreaterThan(10);
            long skipped = ((Pacer.Slot) registration).counter.skipped();
            assertThat(skipped).as("slots skipped after the stall, counted as nulled").isBetween(10L, 20L);
            assertCountsSettle(registration, source, 60);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectionsArePacedIndependently(Kind kind) throws Exception {
        try (PacedSender sender = kind.open(400);
             LoopbackReceiver receiver = new LoopbackReceiver();
             DatagramChannel first = receiver.connectedChannel();
             DatagramChannel second = receiver.connectedChannel();
             DatagramChannel third = receiver.connectedChannel()) {
            List<PacedSender.Registration> registrations = new ArrayList<>();
            int[] ssrcs = {11, 22, 33};
            DatagramChannel[] channels = {first, second, third};
            for (int i = 0; i < 3; i++) {
                registrations.add(sender.register(receiver.address(), channels[i],
                        new NumberedSource(ssrcs[i], 50, Set.of(), -1, 0)));
            }

            List<Arrival> arrivals = receiver.await(150, Duration.ofSeconds(4));
            registrations.forEach(PacedSender.Registration::close);

            for (int ssrc : ssrcs) {
                List<Arrival> own = arrivals.stream().filter(a -> a.ssrc() == ssrc).collect(Collectors.toList());
                assertConsecutive(own, 50);
                assertThat(Timing.of(own).p50()).isBetween(15.0, 25.0);
            }
            assertThat(registrations).allSatisfy(r -> assertThat(r.counts().sent()).isEqualTo(50));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closingARegistrationStopsItsPacketsPromptly(Kind kind) throws Exception {
        try (PacedSender sender = kind.open(400);
             LoopbackReceiver receiver = new LoopbackReceiver();
             DatagramChannel channel = receiver.connectedChannel()) {
            NumberedSource endless = new NumberedSource(Integer.MAX_VALUE);
            PacedSender.Registration registration = sender.register(receiver.address(), channel, endless);
            receiver.await(10, Duration.ofSeconds(2));

            registration.close();
            int atClose = receiver.arrivals().size();
            // the native queue holds ~19 more packets at this point; closing must drop them, not send them
            Thread.sleep(300);

            assertThat(receiver.arrivals().size() - atClose).as("packets after close").isLessThanOrEqualTo(2);
            registration.close(); // idempotent
        }
    }

    /**
     * NIO closes a channel when a blocking write runs on an interrupted thread. Registration makes the channel
     * non-blocking, which is immune, but a connection may switch it back; a source that interrupts the sender thread
     * must still not cost the connection its socket.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSourceThatInterruptsTheSenderThreadDoesNotCloseTheChannel(boolean blockingAfterRegistration)
            throws Exception {
        try (PacedSender sender = new JavaThreadSender();
             LoopbackReceiver receiver = new LoopbackReceiver();
             DatagramChannel channel = receiver.connectedChannel()) {
            NumberedSource numbered = new NumberedSource(20);
            PacedSender.Registration registration = sender.register(receiver.address(), channel, target -> {
                Thread.currentThread().interrupt();
                return numbered.nextPacket(target);
            });
            channel.configureBlocking(blockingAfterRegistration);

            List<Arrival> arrivals = receiver.await(20, Duration.ofSeconds(2));
            registration.close();

            assertConsecutive(arrivals, 20);
            assertThat(channel.isOpen()).isTrue();
        }
    }

    @Test
    void aClosedSenderRefusesRegistrations() throws Exception {
        PacedSender sender = new JavaThreadSender();
        sender.close();
        try (LoopbackReceiver receiver = new LoopbackReceiver();
             DatagramChannel channel = receiver.connectedChannel()) {
            assertThatThrownBy(() -> sender.register(receiver.address(), channel, target -> 0))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void theFactoryPicksTheNativeSenderWhenItLoadsAndABufferIsConfigured() {
        try (PacedSender disabled = PacedSenders.choose(0).sender()) {
            assertThat(disabled.isNative()).isFalse();
        }
        try (PacedSender buffered = PacedSenders.choose(400).sender()) {
            assumeTrue(buffered.isNative(), "udp-queue's native library does not load on this machine");
            assertThat(((NativeQueueSender) buffered).capacity()).isEqualTo(20);
        }
        try (PacedSender tiny = PacedSenders.choose(20).sender()) {
            assertThat(((NativeQueueSender) tiny).capacity()).as("never fewer than two queued packets").isEqualTo(2);
        }
    }

    private static void assertConsecutive(List<Arrival> arrivals, int count) {
        assertThat(arrivals.stream().mapToInt(Arrival::index).toArray())
                .as("payload numbers in arrival order")
                .containsExactly(IntStream.range(0, count).toArray());
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i).sequence()).as("RTP sequence of packet %d", i)
                    .isEqualTo((arrivals.get(i - 1).sequence() + 1) & 0xFFFF);
        }
    }

    /** Waits until the sender's counts agree with what the source handed out: every empty answer is a nulled slot. */
    private static void assertCountsSettle(PacedSender.Registration registration, NumberedSource source, int sent)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (true) {
            FrameCounts counts = registration.counts();
            long skipped = ((Pacer.Slot) registration).counter.skipped();
            if (counts.sent() == sent && counts.nulled() == source.empty() + skipped) {
                return;
            }
            if (System.nanoTime() > deadline) {
                assertThat(counts).isEqualTo(new FrameCounts(sent, source.empty() + skipped));
            }
            Thread.sleep(5);
        }
    }

    private static void report(String what, Timing timing) {
        System.out.printf("%s: inter-arrival p50 %.2f ms, p99 %.2f ms, max %.2f ms, min %.2f ms; first→last %.1f ms "
                + "over %d intervals%n", what, timing.p50(), timing.p99(), timing.maxMillis(), timing.minMillis(),
                timing.totalMillis(), timing.intervals());
    }

    record Timing(double p50, double p99, double maxMillis, double minMillis, double totalMillis, int intervals) {

        static Timing of(List<Arrival> arrivals) {
            double[] gaps = new double[arrivals.size() - 1];
            for (int i = 1; i < arrivals.size(); i++) {
                gaps[i - 1] = (arrivals.get(i).nanos() - arrivals.get(i - 1).nanos()) / 1e6;
            }
            Arrays.sort(gaps);
            double total = (arrivals.get(arrivals.size() - 1).nanos() - arrivals.get(0).nanos()) / 1e6;
            return new Timing(gaps[gaps.length / 2], gaps[(int) Math.floor(gaps.length * 0.99)],
                    gaps[gaps.length - 1], gaps[0], total, gaps.length);
        }
    }
}
