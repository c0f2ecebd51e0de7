package dev.basalt.session;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Checks the handshake headers (the password was already checked for every request) and answers
 * {@code Session-Resumed}. Failures are answered with an empty body, as the reference does.
 */
class SessionHandshake implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(SessionHandshake.class);
    static final String USER_ID = "basalt.userId";
    static final String CLIENT_NAME = "basalt.clientName";
    static final String RESUME_ID = "basalt.resumeId";

    private final SessionRegistry registry;

    SessionHandshake(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response,
                                   WebSocketHandler handler, Map<String, Object> attributes) {
        String userId = request.getHeaders().getFirst("User-Id");
        long parsed;
        try {
            parsed = userId == null ? 0 : Long.parseLong(userId.trim());
        } catch (NumberFormatException e) {
            parsed = 0;
        }
        if (parsed == 0) {
            log.warn("Refused a session from {}: the User-Id header is missing, 0 or not a number ('{}')",
                    request.getRemoteAddress(), userId);
            response.setStatusCode(HttpStatus.BAD_REQUEST);
            return false;
        }
        String clientName = request.getHeaders().getFirst("Client-Name");
        if (clientName == null) {
            log.warn("A client connected without a Client-Name header; consider sending one");
        }
        String resumeId = request.getHeaders().getFirst("Session-Id");
        boolean resumable = registry.isResumable(resumeId);
        if (resumeId != null && !resumable) {
            registry.resumeMissed();
        }
        response.getHeaders().set("Session-Resumed", Boolean.toString(resumable));
        attributes.put(USER_ID, parsed);
        if (clientName != null) {
            attributes.put(CLIENT_NAME, clientName);
        }
        if (resumable) {
            attributes.put(RESUME_ID, resumeId);
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
                               Exception exception) {
    }
}
