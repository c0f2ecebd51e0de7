package dev.basalt.voice.discord.udp;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discord's IP discovery (spec 3.2): we send our SSRC in a 74-byte request on the voice socket, and the voice server
 * answers with the public address and port it saw, which Select Protocol then announces.
 */
public final class IpDiscovery {

    public static final int PACKET_LENGTH = 74;

    private static final Logger log = LoggerFactory.getLogger(IpDiscovery.class);
    private static final int TYPE_REQUEST = 1;
    private static final int TYPE_RESPONSE = 2;
    /** The length field counts the bytes after itself. */
    private static final int BODY_LENGTH = 70;
    private static final int ADDRESS_OFFSET = 8;
    private static final int ADDRESS_LENGTH = 64;
    private static final int PORT_OFFSET = 72;

    private IpDiscovery() {
    }

    /** The request: type 1, length 70, our SSRC, zero address and port. */
    public static byte[] request(int ssrc) {
        return packet(TYPE_REQUEST, ssrc);
    }

    /** The answer a voice server gives (for the fake server): type 2, the SSRC echoed, address NUL-terminated. */
    public static byte[] response(int ssrc, String address, int port) {
        byte[] ascii = address.getBytes(StandardCharsets.US_ASCII);
        if (ascii.length >= ADDRESS_LENGTH) {
            throw new IllegalArgumentException("address does not fit the 64-byte field with its NUL: " + address);
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("not a UDP port: " + port);
        }
        byte[] packet = packet(TYPE_RESPONSE, ssrc);
        System.arraycopy(ascii, 0, packet, ADDRESS_OFFSET, ascii.length);
        packet[PORT_OFFSET] = (byte) (port >> 8);
        packet[PORT_OFFSET + 1] = (byte) port;
        return packet;
    }

    /**
     * The address in a response; empty for anything but a 74-byte type-2 packet carrying an IP literal and a non-zero
     * port. Never resolves host names: a garbled answer must not turn into a DNS lookup.
     */
    public static Optional<InetSocketAddress> parseResponse(byte[] data, int length) {
        if (length != PACKET_LENGTH || data.length < PACKET_LENGTH || readShort(data, 0) != TYPE_RESPONSE) {
            return Optional.empty();
        }
        int end = ADDRESS_OFFSET;
        while (end < PORT_OFFSET && data[end] != 0) {
            end++;
        }
        String text = new String(data, ADDRESS_OFFSET, end - ADDRESS_OFFSET, StandardCharsets.US_ASCII);
        int port = readShort(data, PORT_OFFSET);
        InetAddress address = ipLiteral(text);
        if (address == null || port == 0) {
            return Optional.empty();
        }
        return Optional.of(new InetSocketAddress(address, port));
    }

    /**
     * Blocking discovery over an already-connected DatagramChannel: sends a request every {@code interval}, up to
     * {@code attempts} times, and returns the first valid answer. Works in either blocking mode and leaves the
     * channel's mode as it found it.
     *
     * @throws IOException naming the server, the attempts and (when ICMP said so) that the port refused them
     */
    public static InetSocketAddress discover(DatagramChannel channel, int ssrc, int attempts, Duration interval)
            throws IOException {
        if (!channel.isConnected()) {
            throw new IllegalArgumentException("IP discovery needs a channel connected to the voice server");
        }
        if (attempts < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("need at least one attempt and a positive interval");
        }
        SocketAddress server = channel.getRemoteAddress();
        ByteBuffer request = ByteBuffer.wrap(request(ssrc));
        // larger than a response so that a longer datagram is seen as such rather than cut to 74 bytes
        ByteBuffer answer = ByteBuffer.allocate(2048);
        boolean wasBlocking = channel.isBlocking();
        boolean refused = false;
        try {
            // a Selector gives each attempt a timeout whatever mode the caller left the channel in
            try (Selector selector = Selector.open()) {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ);
                for (int attempt = 1; attempt <= attempts; attempt++) {
                    try {
                        request.rewind();
                        channel.write(request);
                    } catch (PortUnreachableException e) {
                        refused = true; // a previous request drew an ICMP error; the next one may still get through
                    }
                    long deadline = System.nanoTime() + interval.toNanos();
                    for (long left = interval.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new InterruptedIOException("IP discovery with " + server + " was interrupted");
                        }
                        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                        selector.selectedKeys().clear();
                        try {
                            answer.clear();
                            while (channel.read(answer) > 0) {
                                Optional<InetSocketAddress> address = parseResponse(answer.array(), answer.position());
                                if (address.isPresent()) {
                                    log.debug("IP discovery with {}: {} after {} request(s)", server, address.get(),
                                            attempt);
                                    return address.get();
                                }
                                log.debug("IP discovery with {}: ignoring a {}-byte datagram", server,
                                        answer.position());
                                answer.clear();
                            }
                        } catch (PortUnreachableException e) {
                            refused = true;
                        }
                    }
                }
            }
        } finally {
            // the selector is closed by now, which deregisters the channel; only then may it become blocking again
            if (channel.isOpen()) {
                channel.configureBlocking(wasBlocking);
            }
        }
        throw new IOException("IP discovery with " + server + " failed: no answer to " + attempts + " request(s) sent "
                + interval.toMillis() + " ms apart"
                + (refused ? " (the server's UDP port refused them: ICMP port unreachable)" : ""));
    }

    private static byte[] packet(int type, int ssrc) {
        byte[] packet = new byte[PACKET_LENGTH];
        packet[0] = (byte) (type >> 8);
        packet[1] = (byte) type;
        packet[2] = (byte) (BODY_LENGTH >> 8);
        packet[3] = (byte) BODY_LENGTH;
        packet[4] = (byte) (ssrc >>> 24);
        packet[5] = (byte) (ssrc >>> 16);
        packet[6] = (byte) (ssrc >>> 8);
        packet[7] = (byte) ssrc;
        return packet;
    }

    private static int readShort(byte[] data, int offset) {
        return (data[offset] & 0xFF) << 8 | data[offset + 1] & 0xFF;
    }

    /** An IPv4 dotted quad or an IPv6 literal, or null; {@link InetAddress#getByName} would look names up. */
    private static InetAddress ipLiteral(String text) {
        try {
            if (text.indexOf(':') >= 0) {
                // with a colon the JDK parses an IPv6 literal and never asks DNS; invalid text throws
                return InetAddress.getByName(text);
            }
            String[] parts = text.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String part = parts[i];
                if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    return null;
                }
                int value = Integer.parseInt(part);
                if (value > 255) {
                    return null;
                }
                bytes[i] = (byte) value;
            }
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
