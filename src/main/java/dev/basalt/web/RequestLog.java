package dev.basalt.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import dev.basalt.config.PrometheusProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingRequestWrapper;

/**
 * One INFO line per REST request and session handshake that passed the password check, shaped by Lavalink's
 * {@code logging.request.*} keys: method, path, status and duration, optionally the client address, query string,
 * headers and body. The {@code Authorization} value never appears (the header is shown as {@code <redacted>}), nor
 * does any JSON {@code "token"} value (a player update's {@code voice.token}). Health probes and metrics scrapes are
 * not logged: a kubelet or Prometheus asks every few seconds.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 3)
public class RequestLog extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestLog.class);
    static final String REDACTED = "<redacted>";
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "cookie", "proxy-authorization");
    /** A {@code "token": "..."} member, also when the payload was cut inside the value (then up to the end). */
    private static final Pattern TOKEN = Pattern.compile("(\"token\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.?)*(?:\"|$)");

    private final RequestLogSettings settings;
    private final String metricsPath;

    public RequestLog(RequestLogSettings settings, PrometheusProperties prometheus) {
        this.settings = settings;
        this.metricsPath = prometheus.isEnabled() ? prometheus.getEndpoint() : null;
    }

    public RequestLogSettings settings() {
        return settings;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !settings.enabled() || path.startsWith("/actuator/health/") || path.equals(metricsPath);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!log.isInfoEnabled()) {
            chain.doFilter(request, response);
            return;
        }
        // a handshake has no body, and the upgrade is best left with the container's own request object
        boolean cache = settings.includePayload() && !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"));
        HttpServletRequest logged = cache
                ? new ContentCachingRequestWrapper(request, Math.max(0, settings.maxPayloadLength())) : request;
        if (settings.beforeRequest()) {
            log.info("Incoming request {}", describe(logged, null, -1));
        }
        long started = System.nanoTime();
        try {
            chain.doFilter(logged, response);
        } finally {
            log.info("Request {}", describe(logged, response, (System.nanoTime() - started) / 1_000_000));
        }
    }

    private String describe(HttpServletRequest request, HttpServletResponse response, long millis) {
        StringBuilder line = new StringBuilder().append(request.getMethod()).append(' ')
                .append(request.getRequestURI());
        if (settings.includeQueryString() && request.getQueryString() != null) {
            line.append('?').append(request.getQueryString());
        }
        if (response != null) {
            line.append(" -> ").append(response.getStatus()).append(" in ").append(millis).append(" ms");
        }
        if (settings.includeClientInfo()) {
            line.append(", client=").append(request.getRemoteAddr());
        }
        if (settings.includeHeaders()) {
            StringJoiner headers = new StringJoiner(", ", "[", "]");
            for (String name : Collections.list(request.getHeaderNames())) {
                String value = SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                        ? REDACTED : String.join(",", Collections.list(request.getHeaders(name)));
                headers.add(name + ":\"" + value + "\"");
            }
            line.append(", headers=").append(headers);
        }
        if (request instanceof ContentCachingRequestWrapper cached && cached.getContentAsByteArray().length > 0) {
            byte[] body = cached.getContentAsByteArray();
            int length = Math.min(body.length, Math.max(0, settings.maxPayloadLength()));
            line.append(", payload=").append(redact(new String(body, 0, length, StandardCharsets.UTF_8)));
        }
        return line.toString();
    }

    /** Replaces the value of every {@code "token"} member; only the voice token is named so in Lavalink's API. */
    static String redact(String payload) {
        return TOKEN.matcher(payload).replaceAll("$1\"" + REDACTED + "\"");
    }
}
