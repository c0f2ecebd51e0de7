package dev.basalt.health;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Once the node stops being ready (SIGTERM: Spring Boot marks it {@code REFUSING_TRAFFIC} before anything is stopped),
 * a new session would only be cut off again a moment later, so session handshakes are refused with 503 and the client
 * connects to another node. REST requests of existing sessions still pass: a bot may clean up its players.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class DrainGate extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DrainGate.class);
    static final String SESSION_PATH = "/v4/websocket";

    private final ApplicationAvailability availability;

    public DrainGate(ApplicationAvailability availability) {
        this.availability = availability;
    }

    /** True while the readiness probe says 503. */
    public boolean isDraining() {
        return availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !SESSION_PATH.equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isDraining()) {
            log.info("Refused a new session from {}: this node is shutting down", request.getRemoteAddr());
            // an empty body, like every refused handshake; the status is what WebSocket clients report
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        chain.doFilter(request, response);
    }

    @EventListener
    void onReadiness(AvailabilityChangeEvent<ReadinessState> event) {
        if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
            log.info("Draining: readiness now answers 503 and new sessions are refused");
        }
    }
}
