package dev.basalt.session;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/** Only same-origin browsers may connect (a foreign {@code Origin} gets 403); bots send no Origin at all. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
public class SessionSocketConfiguration implements WebSocketConfigurer {

    private final SessionSocketHandler handler;
    private final SessionRegistry registry;

    public SessionSocketConfiguration(SessionSocketHandler handler, SessionRegistry registry) {
        this.handler = handler;
        this.registry = registry;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry handlers) {
        handlers.addHandler(handler, "/v4/websocket").addInterceptors(new SessionHandshake(registry));
    }
}
