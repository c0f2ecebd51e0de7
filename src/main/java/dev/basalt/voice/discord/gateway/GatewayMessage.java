package dev.basalt.voice.discord.gateway;

import java.util.List;

/** Messages the voice gateway sends us, parsed. Unknown ops are kept raw so nothing is silently lost. */
public sealed interface GatewayMessage {

    /** op 8. The interval may carry a fraction. */
    record Hello(double heartbeatIntervalMs) implements GatewayMessage {
    }

    /** op 2. Ready's own heartbeat_interval is bogus and ignored. */
    record Ready(int ssrc, String ip, int port, List<String> modes) implements GatewayMessage {
    }

    /** op 4. */
    record SessionDescription(String mode, byte[] secretKey, int daveProtocolVersion) implements GatewayMessage {
        @Override
        public String toString() {
            // the transport key protects every packet of the session: never log it
            return "SessionDescription[mode=" + mode + ", daveProtocolVersion=" + daveProtocolVersion + "]";
        }
    }

    /** op 6: the nonce we sent. */
    record HeartbeatAck(long nonce) implements GatewayMessage {
    }

    /** op 9. */
    record Resumed() implements GatewayMessage {
    }

    /** op 5 from the server: another user's SSRC. */
    record Speaking(String userId, long ssrc, int speaking) implements GatewayMessage {
    }

    /** op 11. */
    record ClientsConnect(List<String> userIds) implements GatewayMessage {
    }

    /** op 13. */
    record ClientDisconnect(String userId) implements GatewayMessage {
    }

    /** A binary frame: {@code seq | op | payload} (DAVE ops 25, 27, 29, 30). */
    record Binary(int seq, int op, byte[] payload) implements GatewayMessage {
    }

    /** A JSON op this client does not act on (DAVE JSON ops until DAVE lands, future ops). */
    record Other(int op, String json) implements GatewayMessage {
    }
}
