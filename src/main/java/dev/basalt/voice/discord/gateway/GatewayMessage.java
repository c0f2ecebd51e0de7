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

    /** A binary frame with an op this client does not know: {@code seq | op | payload}. */
    record Binary(int seq, int op, byte[] payload) implements GatewayMessage {
    }

    /** A JSON op this client does not act on (video, codecs, future ops). */
    record Other(int op, String json) implements GatewayMessage {
    }

    /** The DAVE ops the server sends (spec 6.4, 6.6): JSON 21, 22, 24 and binary 25, 27, 29, 30. */
    sealed interface Dave extends GatewayMessage {
    }

    /** op 21: get ready to switch to {@code protocolVersion} (0 = DAVE off); id 0 = switch at once. */
    record DavePrepareTransition(int transitionId, int protocolVersion) implements Dave {
    }

    /** op 22: switch now. */
    record DaveExecuteTransition(int transitionId) implements Dave {
    }

    /** op 24: epoch 1 = a new group for {@code protocolVersion} (send a new key package). */
    record DavePrepareEpoch(long epoch, int protocolVersion, int transitionId) implements Dave {
    }

    /** op 25 (binary): the gateway's ExternalSender. */
    record DaveExternalSender(byte[] externalSender) implements Dave {
    }

    /** op 27 (binary): {@code operation_type:uint8 ‖ proposals or refs}. */
    record DaveProposals(byte[] payload) implements Dave {
    }

    /** op 29 (binary): the commit that won this epoch. */
    record DaveAnnounceCommit(int transitionId, byte[] commit) implements Dave {
    }

    /** op 30 (binary): a Welcome into the call's group. */
    record DaveWelcome(int transitionId, byte[] welcome) implements Dave {
    }
}
