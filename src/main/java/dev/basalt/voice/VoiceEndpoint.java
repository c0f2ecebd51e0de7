package dev.basalt.voice;

import java.net.URI;

/**
 * Turns the endpoint Discord hands out ({@code host} or {@code host:port}, no scheme) into the gateway URL. Discord
 * has sent a bogus {@code :80} for years; with it the TLS handshake would go to a plain-HTTP port, so it is dropped
 * and the default 443 applies.
 */
public final class VoiceEndpoint {

    private VoiceEndpoint() {
    }

    public static URI gatewayUri(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("voice endpoint is empty");
        }
        String hostAndPort = endpoint.trim();
        int scheme = hostAndPort.indexOf("://");
        if (scheme >= 0) {
            hostAndPort = hostAndPort.substring(scheme + 3);
        }
        int slash = hostAndPort.indexOf('/');
        if (slash >= 0) {
            hostAndPort = hostAndPort.substring(0, slash);
        }
        if (hostAndPort.endsWith(":80")) {
            hostAndPort = hostAndPort.substring(0, hostAndPort.length() - 3);
        }
        if (hostAndPort.endsWith(":443")) {
            hostAndPort = hostAndPort.substring(0, hostAndPort.length() - 4);
        }
        URI uri = URI.create("wss://" + hostAndPort + "/?v=8");
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("voice endpoint is not a host name: " + endpoint);
        }
        return uri;
    }
}
