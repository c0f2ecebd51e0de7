package dev.basalt.metrics;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.basalt.support.AudioServer;
import dev.basalt.support.NodeClient;
import dev.basalt.support.SessionSocket;
import dev.basalt.support.VoiceServers;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static dev.basalt.support.NodeClient.json;
import static dev.basalt.support.SessionSocket.event;
import static org.assertj.core.api.Assertions.assertThat;

/** The metrics endpoint at its default path over real HTTP: auth, format, filter, and every family it promises. */
@MetricsNodeTest
class MetricsEndpointTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private NodeClient node() {
        return new NodeClient(port);
    }

    private Scrape scrape() {
        HttpResponse<String> response = node().get("/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.parse(response.body());
    }

    /** Scrapes until {@code condition} holds or the deadline passes; returns the last scrape. */
    private Scrape awaitScrape(String what, Predicate<Scrape> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Scrape last = scrape();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            pause(50);
            last = scrape();
        }
        return last;
    }

    @Test
    void theDefaultEndpointNeedsThePassword() {
        NodeClient node = node();
        HttpResponse<String> anonymous = node.send(node.anonymous("/metrics").GET().build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.body()).isEmpty();
        HttpResponse<String> wrong = node.send(node.anonymous("/metrics").header("Authorization", "nope").GET()
                .build());
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> right = node.get("/metrics");
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(right.headers().firstValue("Lavalink-Api-Version")).hasValue("4");
    }

    @Test
    void theResponseIsTextFormat004() {
        HttpResponse<String> response = node().get("/metrics");
        // Tomcat (under Lavalink too) drops the spaces between parameters; the media type is the same
        MediaType type = MediaType.parseMediaType(response.headers().firstValue("Content-Type").orElseThrow());
        assertThat(type).isEqualTo(MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8"));
        assertThat(type.getParameters()).containsOnlyKeys("version", "charset");
        assertThat(response.body()).contains("# TYPE lavalink_players_total gauge\n");
    }

    @Test
    void nameFilterKeepsOnlyTheListedSamples() {
        // percent-encoded brackets, as Prometheus's scrape params send them (Tomcat refuses raw ones)
        HttpResponse<String> response = node().get("/metrics?name%5B%5D=lavalink_players_total"
                + "&name%5B%5D=jvm_threads_current&name%5B%5D=lavalink_gc_pauses_seconds_count");
        Scrape scrape = Scrape.parse(response.body());
        assertThat(scrape.sampleNames()).containsExactlyInAnyOrder("lavalink_players_total", "jvm_threads_current",
                "lavalink_gc_pauses_seconds_count");
        assertThat(scrape.samples()).hasSize(3);
    }

    @Test
    void lavalinkNodeGaugesMatchTheStatsEndpoint() {
        Scrape scrape = scrape();
        List<String> gauges = List.of("lavalink_players_total", "lavalink_playing_players_total",
                "lavalink_uptime_milliseconds", "lavalink_memory_free_bytes", "lavalink_memory_used_bytes",
                "lavalink_memory_allocated_bytes", "lavalink_memory_reservable_bytes", "lavalink_cpu_cores",
                "lavalink_cpu_system_load_percentage", "lavalink_cpu_lavalink_load_percentage");
        for (String gauge : gauges) {
            assertThat(scrape.types()).as(gauge).containsEntry(gauge, "gauge");
            assertThat(scrape.samples(gauge)).as(gauge).singleElement()
                    .satisfies(sample -> assertThat(sample.labels()).isEmpty());
        }
        var stats = json(node().get("/v4/stats").body());
        assertThat(scrape.value("lavalink_players_total")).isEqualTo(stats.path("players").asInt());
        assertThat(scrape.value("lavalink_cpu_cores")).isEqualTo(stats.path("cpu").path("cores").asInt());
        assertThat(scrape.value("lavalink_memory_reservable_bytes"))
                .isEqualTo(stats.path("memory").path("reservable").asLong());
        assertThat(scrape.value("lavalink_cpu_lavalink_load_percentage"))
                .isEqualTo(stats.path("cpu").path("lavalinkLoad").asDouble());
        assertThat(scrape.value("lavalink_uptime_milliseconds")).isBetween(stats.path("uptime").asDouble() - 5000,
                stats.path("uptime").asDouble() + 5000);
    }

    @Test
    void daveCountersAreExportedWithoutPerCallLabels() {
        Scrape scrape = scrape();
        assertThat(scrape.types()).containsEntry("basalt_dave_epoch_changes_total", "counter")
                .containsEntry("basalt_dave_transitions_total", "counter")
                .containsEntry("basalt_dave_failures_total", "counter");
        assertThat(scrape.sampleNames()).contains("basalt_dave_epoch_changes_total", "basalt_dave_transitions_total");
        assertThat(scrape.samples("basalt_dave_failures_total")).extracting(s -> s.labels().get("kind"))
                .containsExactlyInAnyOrder("mls", "frame_without_key");
    }

    @Test
    void gcPausesAreAHistogramWithLavalinksBuckets() {
        Scrape before = scrape();
        assertThat(before.types()).containsEntry("lavalink_gc_pauses_seconds", "histogram");
        assertThat(before.samples("lavalink_gc_pauses_seconds_bucket")).extracting(s -> s.labels().get("le"))
                .containsExactly("0.025", "0.05", "0.1", "0.2", "0.4", "0.8", "1.6", "+Inf");
        assertThat(before.sampleNames()).contains("lavalink_gc_pauses_seconds_count", "lavalink_gc_pauses_seconds_sum",
                "lavalink_gc_pauses_seconds_created");
        double count = before.value("lavalink_gc_pauses_seconds_count");
        System.gc();
        awaitScrape("a GC pause counted", s -> s.value("lavalink_gc_pauses_seconds_count") > count);
    }

    @Test
    void logEventsAreCountedByLevel() {
        Scrape before = scrape();
        assertThat(before.types()).containsEntry("logback_appender_total", "counter");
        assertThat(before.samples("logback_appender_total")).extracting(s -> s.labels().get("level"))
                .containsExactlyInAnyOrder("trace", "debug", "info", "warn", "error");
        double warnings = before.value("logback_appender_total", Map.of("level", "warn"));
        LoggerFactory.getLogger(MetricsEndpointTest.class).warn("A warning the metrics test counts");
        awaitScrape("the warning counted",
                s -> s.value("logback_appender_total", Map.of("level", "warn")) >= warnings + 1);
    }

    @Test
    void jvmAndProcessFamiliesAreThoseOfTheHotspotExports() {
        Scrape scrape = scrape();
        assertThat(scrape.sampleNames()).contains("process_cpu_seconds_total", "process_start_time_seconds",
                "process_open_fds", "process_max_fds", "process_virtual_memory_bytes",
                "process_resident_memory_bytes", "jvm_memory_objects_pending_finalization",
                "jvm_memory_bytes_used", "jvm_memory_bytes_committed", "jvm_memory_bytes_max", "jvm_memory_bytes_init",
                "jvm_memory_pool_bytes_used", "jvm_memory_pool_bytes_committed", "jvm_memory_pool_bytes_max",
                "jvm_memory_pool_bytes_init", "jvm_memory_pool_collection_used_bytes",
                "jvm_memory_pool_collection_committed_bytes", "jvm_memory_pool_collection_max_bytes",
                "jvm_memory_pool_collection_init_bytes", "jvm_buffer_pool_used_bytes",
                "jvm_buffer_pool_capacity_bytes", "jvm_buffer_pool_used_buffers", "jvm_gc_collection_seconds_count",
                "jvm_gc_collection_seconds_sum", "jvm_threads_current", "jvm_threads_daemon", "jvm_threads_peak",
                "jvm_threads_deadlocked", "jvm_threads_deadlocked_monitor", "jvm_threads_started_total",
                "jvm_threads_state", "jvm_classes_currently_loaded", "jvm_classes_loaded_total",
                "jvm_classes_unloaded_total", "jvm_info", "jvm_compilation_time_ms_total");
        assertThat(scrape.types()).containsEntry("jvm_gc_collection_seconds", "summary")
                .containsEntry("jvm_compilation_time_ms_total", "counter")
                .containsEntry("process_cpu_seconds_total", "counter");
        assertThat(scrape.samples("jvm_memory_bytes_used")).extracting(s -> s.labels().get("area"))
                .containsExactlyInAnyOrder("heap", "nonheap");
        assertThat(scrape.samples("jvm_threads_state")).extracting(s -> s.labels().get("state"))
                .contains("NEW", "RUNNABLE", "BLOCKED", "WAITING", "TIMED_WAITING", "TERMINATED", "UNKNOWN");
        assertThat(scrape.samples("jvm_info")).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsOnlyKeys("runtime", "vendor", "version");
            assertThat(s.value()).isEqualTo(1);
        });
        // the allocation counter of a pool appears with the first collection after the exports were registered
        System.gc();
        assertThat(awaitScrape("allocations counted", x -> !x.samples("jvm_memory_pool_allocated_bytes_total").isEmpty())
                .samples("jvm_memory_pool_allocated_bytes_total"))
                .allSatisfy(x -> assertThat(x.labels()).containsOnlyKeys("pool"));
        assertThat(scrape.value("basalt_memory_bytes", Map.of("kind", "direct"))).isGreaterThan(0);
        assertThat(scrape.value("basalt_memory_bytes", Map.of("kind", "resident")))
                .isEqualTo(scrape.value("process_resident_memory_bytes"), org.assertj.core.data.Offset.offset(64e6));
    }

    @Test
    void playbackAdvancesTheFrameCountersAndRecordsPacketGaps() {
        Scrape before = scrape();
        double sent = before.value("basalt_frames_sent_total");
        double provided = before.value("basalt_frames_provided_total");
        double gaps = before.value("basalt_voice_packet_gap_seconds_count");
        try (SessionSocket socket = node().openSession()) {
            String session = socket.next(WAIT).path("sessionId").asString();
            String guild = "9811";
            FakeDiscordVoiceServer server = VoiceServers.forGuild(guild, NodeClient.USER_ID);
            server.resetAudio();
            node().patch("/v4/sessions/" + session + "/players/" + guild, "{\"voice\":"
                    + VoiceServers.voiceJson(guild, NodeClient.USER_ID) + ",\"track\":{\"identifier\":\""
                    + AudioServer.url("sine-440hz-2s.mp3") + "\"}}");
            Scrape playing = awaitScrape("a playing player",
                    s -> s.sum("basalt_playing_players", Map.of()) >= 1);
            assertThat(playing.value("lavalink_playing_players_total")).isGreaterThanOrEqualTo(1);
            socket.await(event("TrackEndEvent"), WAIT);
            server.awaitCondition("five silence frames after the track", WAIT,
                    () -> server.trailingSilenceFrames() == 5);
            int received = server.audio().packetCount();
            Scrape after = scrape();
            // every packet the fake server got was handed off by the sender and counted there
            assertThat(after.value("basalt_frames_sent_total") - sent).isGreaterThanOrEqualTo(received);
            assertThat(after.value("basalt_frames_provided_total") - provided).isGreaterThanOrEqualTo(98);
            double newGaps = after.value("basalt_voice_packet_gap_seconds_count") - gaps;
            assertThat(newGaps).isGreaterThanOrEqualTo(received - 10);
            assertThat(after.value("basalt_voice_packet_gap_seconds_bucket", Map.of("le", "+Inf")))
                    .isEqualTo(after.value("basalt_voice_packet_gap_seconds_count"));
            assertThat(after.samples("basalt_voice_packet_gap_seconds_bucket")).extracting(x -> x.labels().get("le"))
                    .containsExactly("0.001", "0.01", "0.015", "0.018", "0.019", "0.02", "0.021", "0.022", "0.025",
                            "0.03", "0.04", "0.06", "0.1", "0.25", "1.0", "+Inf");
            double sum = after.value("basalt_voice_packet_gap_seconds_sum");
            assertThat(sum).isGreaterThan(0);
            assertThat(after.value("basalt_frames_deficit_total")).isZero();
        }
    }

    @Test
    void playingPlayersAreCountedByPipelineMode() {
        Map<String, String> passthrough = Map.of("mode", "passthrough");
        Map<String, String> transcode = Map.of("mode", "transcode");
        double transcoding = scrape().value("basalt_playing_players", transcode);
        try (SessionSocket socket = node().openSession()) {
            String session = socket.next(WAIT).path("sessionId").asString();
            String guild = "9815";
            String player = "/v4/sessions/" + session + "/players/" + guild;
            VoiceServers.forGuild(guild, NodeClient.USER_ID).resetAudio();
            node().patch(player, "{\"voice\":" + VoiceServers.voiceJson(guild, NodeClient.USER_ID)
                    + ",\"track\":{\"identifier\":\"" + AudioServer.url("sine-440hz-30s.opus") + "\"}}");
            awaitScrape("a passthrough player", s -> s.value("basalt_playing_players", passthrough) >= 1);
            // volume 50 makes lavaplayer decode and encode again
            node().patch(player, "{\"volume\":50}");
            awaitScrape("the player transcoding", s -> s.value("basalt_playing_players", transcode) >= transcoding + 1);
            node().delete(player);
        }
    }

    @Test
    void aVoiceGatewayCloseIsCountedByCodeAndTheResumeIsTimed() {
        Map<String, String> closed = Map.of("code", "4015", "action", "resume");
        Map<String, String> resume = Map.of("kind", "resume");
        Scrape before = scrape();
        Scrape after = closeAVoiceGatewayAndAwaitTheResume("9813", before);
        assertThat(after.value("basalt_voice_gateway_closes_total", closed))
                .isEqualTo(before.valueOrZero("basalt_voice_gateway_closes_total", closed) + 1);
        assertThat(after.value("basalt_voice_reconnects_total", resume))
                .isGreaterThanOrEqualTo(before.value("basalt_voice_reconnects_total", resume) + 1);
        assertThat(after.value("basalt_voice_reconnect_seconds_sum", resume))
                .isGreaterThan(before.value("basalt_voice_reconnect_seconds_sum", resume));
    }

    /** Plays on {@code guild}, has the fake voice server close with 4015 and waits until the resume is timed. */
    private Scrape closeAVoiceGatewayAndAwaitTheResume(String guild, Scrape before) {
        Map<String, String> resume = Map.of("kind", "resume");
        try (SessionSocket socket = node().openSession()) {
            String session = socket.next(WAIT).path("sessionId").asString();
            FakeDiscordVoiceServer server = VoiceServers.forGuild(guild, NodeClient.USER_ID);
            server.resetAudio();
            node().patch("/v4/sessions/" + session + "/players/" + guild, "{\"voice\":"
                    + VoiceServers.voiceJson(guild, NodeClient.USER_ID) + ",\"track\":{\"identifier\":\""
                    + AudioServer.url("sine-440hz-30s.mp3") + "\"}}");
            server.awaitPackets(25, WAIT);
            server.closeGateway(4015, "Voice server crashed");
            Scrape after = awaitScrape("the resume timed",
                    s -> s.value("basalt_voice_reconnect_seconds_count", resume)
                            >= before.value("basalt_voice_reconnect_seconds_count", resume) + 1);
            node().delete("/v4/sessions/" + session + "/players/" + guild);
            return after;
        }
    }

    /**
     * The Grafana dashboard and the alert rules the Helm chart ships only name metrics this node exports (after one
     * voice close, so the labelled close counter has a series).
     */
    @Test
    void theDashboardAndAlertRulesUseOnlyExportedMetrics() throws IOException {
        Scrape scrape = closeAVoiceGatewayAndAwaitTheResume("9814", scrape());
        // sample names only: a query on a histogram's family name would find no series
        Set<String> exported = scrape.sampleNames();

        JsonNode dashboard = NodeClient.JSON.readTree(Files.readString(Path.of("helm/basalt/files/grafana-dashboard.json")));
        List<String> dashboardExprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> dashboardExprs.add(expr.asString()));
        assertThat(dashboardExprs).hasSizeGreaterThan(20);
        Set<String> dashboardMetrics = metricNames(dashboardExprs);
        assertThat(dashboardMetrics).contains("lavalink_players_total", "lavalink_gc_pauses_seconds_bucket",
                "basalt_frames_deficit_total", "basalt_voice_packet_gap_seconds_bucket",
                "basalt_voice_gateway_closes_total", "basalt_track_load_seconds_bucket", "basalt_playing_players");
        assertThat(exported).as("metrics the dashboard uses").containsAll(dashboardMetrics);
        Set<Integer> ids = new HashSet<>();
        dashboard.path("panels").forEach(panel -> assertThat(ids.add(panel.path("id").asInt())).isTrue());

        Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("helm/basalt/files/prometheus-rules.yaml")));
        List<String> ruleExprs = new ArrayList<>();
        List<String> alerts = new ArrayList<>();
        for (Object group : (List<?>) rules.get("groups")) {
            Map<?, ?> g = (Map<?, ?>) group;
            assertThat(g.get("name")).isInstanceOf(String.class);
            for (Object rule : (List<?>) g.get("rules")) {
                Map<?, ?> r = (Map<?, ?>) rule;
                alerts.add((String) r.get("alert"));
                ruleExprs.add((String) r.get("expr"));
                assertThat(keys(r.get("labels"))).contains("severity");
                assertThat(keys(r.get("annotations"))).contains("summary", "description");
            }
        }
        assertThat(alerts).contains("BasaltFrameDeficit", "BasaltLongGcPauses", "BasaltTimeInGc",
                "BasaltVoiceReconnectStorm");
        Set<String> ruleMetrics = metricNames(ruleExprs);
        assertThat(ruleMetrics).contains("basalt_frames_deficit_total", "lavalink_gc_pauses_seconds_bucket",
                "basalt_voice_reconnects_total");
        assertThat(exported).as("metrics the alert rules use").containsAll(ruleMetrics);
    }

    private static final Pattern METRIC = Pattern.compile("\\b(?:lavalink|basalt|jvm|process|logback)_[a-zA-Z0-9_]+");

    private static Set<String> keys(Object map) {
        Set<String> keys = new HashSet<>();
        ((Map<?, ?>) map).keySet().forEach(key -> keys.add(key.toString()));
        return keys;
    }

    private static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new HashSet<>();
        for (String expression : expressions) {
            Matcher m = METRIC.matcher(expression);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    @Test
    void aLoadIsTimedUnderItsSource() {
        Map<String, String> http = Map.of("source", "http", "result", "track");
        double before = scrape().valueOrZero("basalt_track_load_seconds_count", http);
        String identifier = URLEncoder.encode(AudioServer.url("sine-440hz-2s.ogg"), StandardCharsets.UTF_8);
        assertThat(json(node().get("/v4/loadtracks?identifier=" + identifier).body()).path("loadType").asString())
                .isEqualTo("track");
        Scrape after = scrape();
        assertThat(after.value("basalt_track_load_seconds_count", http)).isEqualTo(before + 1);
        assertThat(after.value("basalt_track_load_seconds_sum", http)).isGreaterThan(0);
        assertThat(after.types()).containsEntry("basalt_track_load_seconds", "histogram");
    }

    @Test
    void aTrackThatFailsWhilePlayingIsAStreamErrorOfItsSource() {
        var wiremock = AudioServer.instance();
        String file = "/metrics-vanishing.mp3";
        wiremock.stubFor(WireMock.get(file).inScenario("metrics-vanishing")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(WireMock.aResponse().withHeader("Content-Type", "audio/mpeg")
                        .withBody(AudioServer.fixture("sine-440hz-2s.mp3")))
                .willSetStateTo("gone"));
        wiremock.stubFor(WireMock.get(file).inScenario("metrics-vanishing").whenScenarioStateIs("gone")
                .willReturn(WireMock.aResponse().withStatus(404)));
        double before = scrape().sum("basalt_stream_errors_total", Map.of("source", "http"));
        try (SessionSocket socket = node().openSession()) {
            String session = socket.next(WAIT).path("sessionId").asString();
            String url = URLEncoder.encode(AudioServer.url(file.substring(1)), StandardCharsets.UTF_8);
            String track = json(node().get("/v4/loadtracks?identifier=" + url).body()).path("data").path("encoded")
                    .asString();
            String guild = "9812";
            node().patch("/v4/sessions/" + session + "/players/" + guild, "{\"voice\":"
                    + VoiceServers.voiceJson(guild, NodeClient.USER_ID) + ",\"track\":{\"encoded\":\"" + track + "\"}}");
            socket.await(event("TrackExceptionEvent"), WAIT);
            Scrape after = awaitScrape("the stream error counted",
                    s -> s.sum("basalt_stream_errors_total", Map.of("source", "http")) >= before + 1);
            assertThat(after.samples("basalt_stream_errors_total"))
                    .allSatisfy(s -> assertThat(s.labels()).containsOnlyKeys("source", "severity"));
        }
    }

    @Test
    void resumesAreCountedByOutcome() {
        Map<String, String> resumed = Map.of("outcome", "resumed");
        Map<String, String> missed = Map.of("outcome", "missed");
        Scrape before = scrape();
        NodeClient node = node();
        String session;
        try (SessionSocket first = node.openSession()) {
            session = first.next(WAIT).path("sessionId").asString();
            assertThat(node.patch("/v4/sessions/" + session, "{\"resuming\":true,\"timeout\":30}").statusCode())
                    .isEqualTo(200);
        }
        awaitScrape("the session paused", s -> s.value("basalt_sessions", Map.of("state", "paused")) >= 1);
        try (SessionSocket again = node.connect("Authorization", NodeClient.PASSWORD, "User-Id", NodeClient.USER_ID,
                "Session-Id", session)) {
            assertThat(again.next(WAIT).path("resumed").asBoolean()).isTrue();
        }
        try (SessionSocket unknown = node.connect("Authorization", NodeClient.PASSWORD, "User-Id",
                NodeClient.USER_ID, "Session-Id", "nosuchsession0000")) {
            assertThat(unknown.next(WAIT).path("resumed").asBoolean()).isFalse();
        }
        Scrape after = scrape();
        assertThat(after.value("basalt_session_resumes_total", resumed))
                .isEqualTo(before.value("basalt_session_resumes_total", resumed) + 1);
        assertThat(after.value("basalt_session_resumes_total", missed))
                .isEqualTo(before.value("basalt_session_resumes_total", missed) + 1);
    }

    @Test
    void basaltFamiliesCarryNoGuildOrSessionLabels() {
        Scrape scrape = scrape();
        assertThat(scrape.samples()).filteredOn(s -> s.name().startsWith("basalt_"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.labels().keySet())
                        .isSubsetOf("state", "mode", "kind", "le", "code", "action", "source", "result", "severity",
                                "outcome"));
        assertThat(scrape.types()).containsEntry("basalt_voice_reconnects_total", "counter")
                .containsEntry("basalt_voice_reconnect_seconds", "histogram")
                .containsEntry("basalt_voice_packet_gap_seconds", "histogram")
                .containsEntry("basalt_playing_players", "gauge");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
