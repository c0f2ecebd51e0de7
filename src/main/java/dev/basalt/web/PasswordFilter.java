package dev.basalt.web;

import java.io.IOException;
import java.util.List;

import dev.basalt.config.LavalinkServerProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request, REST or WebSocket handshake, carries the raw password in {@code Authorization}: missing is 401,
 * wrong is 403, both with an empty body. Every response carries {@code Lavalink-Api-Version: 4}, which some
 * clients use to recognise a v4 node. Paths an {@link OpenRoute} bean matches pass without the password.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class PasswordFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(PasswordFilter.class);

    private final LavalinkServerProperties server;
    private final List<OpenRoute> openRoutes;

    public PasswordFilter(LavalinkServerProperties server, ObjectProvider<OpenRoute> openRoutes) {
        this.server = server;
        this.openRoutes = openRoutes.orderedStream().toList();
        if (server.getPassword() == null || server.getPassword().isEmpty()) {
            throw new IllegalStateException("lavalink.server.password is not set; Basalt refuses to start without a "
                    + "password (set it in application.yml or LAVALINK_SERVER_PASSWORD)");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Lavalink-Api-Version", "4");
        if (isOpen(request.getRequestURI())) {
            chain.doFilter(request, response);
            return;
        }
        String given = request.getHeader("Authorization");
        if (given == null) {
            log.warn("Unauthorized: {} {} from {} carried no Authorization header", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr());
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        if (!constantTimeEquals(given, server.getPassword())) {
            log.warn("Forbidden: {} {} from {} carried a wrong password", request.getMethod(),
                    request.getRequestURI(), request.getRemoteAddr());
            // the reference answers a wrong password on the socket handshake with 401 too
            response.setStatus(request.getRequestURI().equals("/v4/websocket")
                    ? HttpServletResponse.SC_UNAUTHORIZED : HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean isOpen(String path) {
        for (OpenRoute route : openRoutes) {
            if (route.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
