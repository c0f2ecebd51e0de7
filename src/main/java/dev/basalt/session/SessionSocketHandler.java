package dev.basalt.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * {@code /v4/websocket}. Lavalink v4 has no client-to-server operations: text frames are logged and ignored,
 * binary frames close the socket with 1003.
 */
@Component
public class SessionSocketHandler extends AbstractWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(SessionSocketHandler.class);
    static final String SESSION = "basalt.session";

    private final SessionRegistry registry;

    public SessionSocketHandler(SessionRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession socket) {
        long userId = (Long) socket.getAttributes().get(SessionHandshake.USER_ID);
        String clientName = (String) socket.getAttributes().get(SessionHandshake.CLIENT_NAME);
        String resumeId = (String) socket.getAttributes().get(SessionHandshake.RESUME_ID);
        ClientSession session = registry.open(socket, userId, clientName, resumeId);
        socket.getAttributes().put(SESSION, session);
    }

    @Override
    protected void handleTextMessage(WebSocketSession socket, TextMessage message) {
        log.warn("Ignoring a text message from session {}: Lavalink v4 clients control the node over REST only",
                sessionId(socket));
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession socket, BinaryMessage message) throws Exception {
        log.warn("Session {} sent a binary frame; closing its socket (1003)", sessionId(socket));
        socket.close(CloseStatus.NOT_ACCEPTABLE);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession socket, CloseStatus status) {
        ClientSession session = (ClientSession) socket.getAttributes().get(SESSION);
        if (session != null) {
            registry.socketClosed(session, status);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession socket, Throwable exception) {
        log.debug("Transport error on session {}: {}", sessionId(socket), exception.getMessage());
    }

    private static String sessionId(WebSocketSession socket) {
        Object session = socket.getAttributes().get(SESSION);
        return session instanceof ClientSession s ? s.id() : "(opening)";
    }

}
