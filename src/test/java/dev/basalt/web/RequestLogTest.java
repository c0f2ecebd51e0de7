package dev.basalt.web;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Logger;
import dev.basalt.config.PrometheusProperties;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.support.SessionSocket;
import dev.basalt.support.VoiceServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests are logged as Lavalink's logging.request keys say, and never with the password or a voice token. */
@NodeTest
class RequestLogTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;
    ListAppender<ILoggingEvent> captured;
    Logger logger;

    @BeforeEach
    void capture() {
        logger = (Logger) LoggerFactory.getLogger(RequestLog.class);
        captured = new ListAppender<>();
        captured.start();
        logger.addAppender(captured);
    }

    @AfterEach
    void release() {
        logger.detachAppender(captured);
    }

    @Test
    void aPlayerUpdateIsLoggedWithItsVoiceTokenRedacted() {
        NodeClient node = new NodeClient(port);
        try (SessionSocket socket = node.openSession()) {
            String session = socket.next(WAIT).path("sessionId").asString();
            String path = "/v4/sessions/" + session + "/players/9201";
            assertThat(node.patch(path + "?noReplace=false", "{\"voice\":"
                    + VoiceServers.voiceJson("9201", NodeClient.USER_ID) + ",\"volume\":80}").statusCode())
                    .isEqualTo(200);
            String line = awaitLine("PATCH " + path);
            // the request is logged after it completed (Lavalink's defaults: query string and body, no client info)
            assertThat(line).startsWith("Request PATCH " + path + "?noReplace=false -> 200 in ")
                    .contains("\"token\":\"<redacted>\"", "\"volume\":80", "\"sessionId\":\"" + VoiceServers.SESSION)
                    .doesNotContain(VoiceServers.TOKEN).doesNotContain("client=");
            node.delete(path);
        }
        assertThat(captured.list).noneSatisfy(event -> assertThat(event.getFormattedMessage())
                .contains(NodeClient.PASSWORD));
    }

    @Test
    void probesAreNotLoggedAndFailedPasswordsAreLoggedByThePasswordCheckOnly() {
        NodeClient node = new NodeClient(port);
        node.send(node.anonymous("/actuator/health/liveness").GET().build());
        node.send(node.anonymous("/v4/info").header("Authorization", "wrong").GET().build());
        node.get("/version");
        awaitLine("GET /version");
        assertThat(lines()).noneMatch(line -> line.contains("/actuator/health") || line.contains("/v4/info"));
    }

    @Test
    void headersAreLoggedWithSecretsRedactedWhenAskedFor() throws Exception {
        RequestLog filter = new RequestLog(new RequestLogSettings(true, true, true, true, true, 10000, false),
                new PrometheusProperties());
        MockHttpServletRequest request = new MockHttpServletRequest("PATCH", "/v4/sessions/s/players/1");
        request.addHeader("Authorization", "hunter2-password");
        request.addHeader("Client-Name", "bot/1.0");
        request.setRemoteAddr("192.0.2.7");
        request.setContent("{\"voice\":{\"token\":\"abc\\\"def\",\"endpoint\":\"e\"}}".getBytes());
        filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain(new ReadingServlet()));
        String line = awaitLine("PATCH /v4/sessions/s/players/1");
        assertThat(line).contains("client=192.0.2.7", "Client-Name:\"bot/1.0\"", "Authorization:\"<redacted>\"",
                "payload={\"voice\":{\"token\":\"<redacted>\",\"endpoint\":\"e\"}}").doesNotContain("hunter2", "def");
    }

    @Test
    void aPayloadCutInsideTheTokenStillHidesIt() throws Exception {
        RequestLog filter = new RequestLog(new RequestLogSettings(true, false, false, true, true, 22, false),
                new PrometheusProperties());
        MockHttpServletRequest request = new MockHttpServletRequest("PATCH", "/v4/sessions/s/players/2");
        request.setContent("{\"voice\":{\"token\":\"abcdefghijkl\"}}".getBytes());
        filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain(new ReadingServlet()));
        String line = awaitLine("PATCH /v4/sessions/s/players/2");
        assertThat(line).endsWith("payload={\"voice\":{\"token\":\"<redacted>\"").doesNotContain("abc");
        assertThat(RequestLog.redact("{\"token\" : \"x\\\\\", \"a\":1}")).isEqualTo("{\"token\" : \"<redacted>\", \"a\":1}");
    }

    @Test
    void metricsScrapesAreNotLogged() throws Exception {
        PrometheusProperties prometheus = new PrometheusProperties();
        prometheus.setEnabled(true);
        prometheus.setEndpoint("/scrape");
        RequestLog filter = new RequestLog(new RequestLogSettings(true, true, true, true, true, 10000, false),
                prometheus);
        filter.doFilter(new MockHttpServletRequest("GET", "/scrape"), new MockHttpServletResponse(),
                new MockFilterChain(new ReadingServlet()));
        filter.doFilter(new MockHttpServletRequest("GET", "/v4/after-scrape"), new MockHttpServletResponse(),
                new MockFilterChain(new ReadingServlet()));
        awaitLine("GET /v4/after-scrape");
        assertThat(lines()).noneMatch(line -> line.contains("/scrape ") || line.endsWith("/scrape"));
    }

    @Test
    void disabledLogsNothing() throws Exception {
        RequestLog filter = new RequestLog(new RequestLogSettings(false, true, true, true, true, 10000, false),
                new PrometheusProperties());
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v4/stats-disabled-check");
        filter.doFilter(request, new MockHttpServletResponse(), new MockFilterChain(new ReadingServlet()));
        assertThat(lines()).noneMatch(line -> line.contains("/v4/stats-disabled-check"));
    }

    @Test
    void lavalinksKeysBindFromEnvironmentVariablesWithLavalinksDefaults() {
        var env = new org.springframework.core.env.SystemEnvironmentPropertySource(
                org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, java.util.Map.of(
                        "LOGGING_REQUEST_INCLUDE_CLIENT_INFO", "true", "LOGGING_REQUEST_MAX_PAYLOAD_LENGTH", "77",
                        "LOGGING_REQUEST_INCLUDEHEADERS", "true"));
        var binder = new org.springframework.boot.context.properties.bind.Binder(
                org.springframework.boot.context.properties.source.ConfigurationPropertySources.from(env));
        assertThat(binder.bindOrCreate("logging.request", RequestLogSettings.class))
                .isEqualTo(new RequestLogSettings(true, true, true, true, true, 77, false));
    }

    private List<String> lines() {
        synchronized (captured) { // AppenderBase appends under the appender's lock
            return captured.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** The line is written once the response is done, which can be just after the client has it. */
    private String awaitLine(String containing) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines()) {
                if (line.contains(containing)) {
                    return line;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no request line with '" + containing + "' in " + lines());
    }

    /** Reads the body as a controller does, so the filter has something to log. */
    private static final class ReadingServlet extends jakarta.servlet.http.HttpServlet {
        @Override
        protected void service(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse res)
                throws java.io.IOException {
            req.getInputStream().readAllBytes();
            res.setStatus(200);
        }
    }
}
