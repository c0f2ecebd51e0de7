package dev.basalt.voice.discord.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Spec 3.2 layouts byte for byte, and discovery against loopback voice servers that lose, garble or refuse. */
class IpDiscoveryTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final int SSRC = 0xdeadbeef;

    @Test
    void requestLayout() {
        assertThat(HEX.formatHex(IpDiscovery.request(SSRC)))
                .isEqualTo("0001" + "0046" + "deadbeef" + "00".repeat(64) + "0000");
    }

    @Test
    void responseLayout() {
        byte[] response = IpDiscovery.response(SSRC, "203.0.113.7", 50004);

        String address = HEX.formatHex("203.0.113.7".getBytes());
        assertThat(HEX.formatHex(response)).isEqualTo("0002" + "0046" + "deadbeef" + address
                + "00".repeat(64 - 11) + "c354");
        assertThat(response).hasSize(74);
    }

    @Test
    void parsesResponses() throws IOException {
        byte[] response = IpDiscovery.response(SSRC, "203.0.113.7", 50004);
        assertThat(IpDiscovery.parseResponse(response, 74))
                .contains(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 50004));

        byte[] v6 = IpDiscovery.response(SSRC, "2001:db8::1", 1);
        assertThat(IpDiscovery.parseResponse(v6, 74))
                .contains(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 1));
    }

    @Test
    void parseAcceptsOnly74ByteType2PacketsWithAnIpLiteral() {
        byte[] valid = IpDiscovery.response(SSRC, "203.0.113.7", 50004);
        byte[] longer = new byte[80];
        System.arraycopy(valid, 0, longer, 0, 74);

        assertThat(IpDiscovery.parseResponse(valid, 73)).as("short").isEmpty();
        assertThat(IpDiscovery.parseResponse(longer, 75)).as("long").isEmpty();
        assertThat(IpDiscovery.parseResponse(IpDiscovery.request(SSRC), 74)).as("a request").isEmpty();
        byte[] type3 = valid.clone();
        type3[1] = 3;
        assertThat(IpDiscovery.parseResponse(type3, 74)).as("type 3").isEmpty();
        assertThat(IpDiscovery.parseResponse(IpDiscovery.response(SSRC, "localhost", 50004), 74))
                .as("host names are never looked up").isEmpty();
        assertThat(IpDiscovery.parseResponse(IpDiscovery.response(SSRC, "203.0.113.256", 50004), 74)).isEmpty();
        assertThat(IpDiscovery.parseResponse(IpDiscovery.response(SSRC, "203.0.113", 50004), 74)).isEmpty();
        assertThat(IpDiscovery.parseResponse(IpDiscovery.response(SSRC, "203.0.113.7", 0), 74)).as("port 0")
                .isEmpty();
        assertThat(IpDiscovery.parseResponse(IpDiscovery.response(SSRC, "", 50004), 74)).isEmpty();
    }

    @Test
    void discoveryResendsWhenTheFirstRequestIsLost() throws Exception {
        try (Responder server = new Responder((count, request) -> count == 1
                ? List.of() // lost
                : List.of(IpDiscovery.response(SSRC, "203.0.113.7", 50004)));
             DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(server.address());

            InetSocketAddress discovered = IpDiscovery.discover(channel, SSRC, 5, Duration.ofMillis(200));

            assertThat(discovered).isEqualTo(new InetSocketAddress(InetAddress.getByName("203.0.113.7"), 50004));
            assertThat(server.requests).hasSize(2);
            assertThat(server.requests.get(1)).isEqualTo(IpDiscovery.request(SSRC));
            assertThat(channel.isBlocking()).as("the channel's blocking mode is restored").isTrue();
        }
    }

    @Test
    void discoveryIgnoresDatagramsThatAreNotAResponse() throws Exception {
        byte[] padded = new byte[75];
        System.arraycopy(IpDiscovery.response(SSRC, "198.51.100.1", 1), 0, padded, 0, 74);
        try (Responder server = new Responder((count, request) -> List.of(
                padded, IpDiscovery.request(SSRC), new byte[8],
                IpDiscovery.response(SSRC, "203.0.113.7", 50004)));
             DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(server.address());
            channel.configureBlocking(false);

            InetSocketAddress discovered = IpDiscovery.discover(channel, SSRC, 3, Duration.ofMillis(500));

            assertThat(discovered.getAddress().getHostAddress()).isEqualTo("203.0.113.7");
            assertThat(server.requests).hasSize(1);
            assertThat(channel.isBlocking()).isFalse();
        }
    }

    @Test
    void discoveryFailsWithAClearMessageWhenNobodyAnswers() throws Exception {
        try (Responder server = new Responder((count, request) -> List.of());
             DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(server.address());

            assertThatThrownBy(() -> IpDiscovery.discover(channel, SSRC, 3, Duration.ofMillis(50)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("IP discovery with " + server.address())
                    .hasMessageContaining("no answer to 3 request(s) sent 50 ms apart");
            assertThat(server.requests).hasSize(3);
        }
    }

    @Test
    void discoveryReportsARefusedPort() throws Exception {
        SocketAddress closedPort;
        try (DatagramChannel unused = DatagramChannel.open().bind(loopback())) {
            closedPort = unused.getLocalAddress();
        }
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(closedPort);

            assertThatThrownBy(() -> IpDiscovery.discover(channel, SSRC, 2, Duration.ofMillis(100)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("ICMP port unreachable");
        }
    }

    @Test
    void discoveryNeedsAConnectedChannel() throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            assertThatThrownBy(() -> IpDiscovery.discover(channel, SSRC, 1, Duration.ofMillis(10)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }

    /** A loopback voice server's UDP side: answers the n-th request with whatever {@code replies} returns. */
    private static final class Responder implements AutoCloseable {

        final List<byte[]> requests = new CopyOnWriteArrayList<>();
        private final DatagramChannel channel;
        private final Thread thread;

        Responder(BiFunction<Integer, byte[], List<byte[]>> replies) throws IOException {
            channel = DatagramChannel.open().bind(loopback());
            thread = new Thread(() -> {
                ByteBuffer buffer = ByteBuffer.allocate(2048);
                try {
                    while (true) {
                        buffer.clear();
                        SocketAddress from = channel.receive(buffer);
                        byte[] request = new byte[buffer.position()];
                        buffer.flip().get(request);
                        requests.add(request);
                        for (byte[] reply : replies.apply(requests.size(), request)) {
                            channel.send(ByteBuffer.wrap(reply), from);
                        }
                    }
                } catch (ClosedChannelException e) {
                    // closed by the test
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "discovery-responder");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) channel.getLocalAddress();
        }

        @Override
        public void close() throws Exception {
            channel.close();
            thread.join(1000);
        }
    }
}
