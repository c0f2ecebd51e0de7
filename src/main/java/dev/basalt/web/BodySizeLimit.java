package dev.basalt.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * No Lavalink request needs more than a few kilobytes; a body over 1 MiB is refused with 413 before it is read,
 * so a runaway client cannot make the node buffer it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class BodySizeLimit extends OncePerRequestFilter {

    static final long MAX_BODY_BYTES = 1024 * 1024;

    private final JsonMapper json;

    public BodySizeLimit(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType("application/json");
            json.writeValue(response.getOutputStream(), ErrorBodies.of(request, HttpStatus.CONTENT_TOO_LARGE,
                    "Request body of " + request.getContentLengthLong() + " bytes is over the limit of "
                            + MAX_BODY_BYTES + " bytes", null));
            return;
        }
        chain.doFilter(request, response);
    }
}
