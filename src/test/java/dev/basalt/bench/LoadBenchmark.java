package dev.basalt.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load benchmark (not a test): Basalt in a child JVM, driven over its real REST and WebSocket API like a bot
 * would, playing N players into {@link BenchVoiceServer} on this machine, for each N of a list, in two modes:
 *
 * <ul>
 *   <li>{@code transcode}: the 128 kbit/s MP3 fixture, decoded, resampled if needed and Opus-encoded by lavaplayer;</li>
 *   <li>{@code passthrough}: the Ogg Opus fixture, whose Opus packets lavaplayer passes through untouched (volume
 *   100, no filters); the receiver checks the packets are byte-identical to the fixture's.</li>
 * </ul>
 *
 * Per point it prints Basalt's CPU seconds per player-minute and per frame, resident memory (idle and playing), the
 * frame-miss rate (20 ms slots in the measurement window in which no packet arrived), the p50/p99 inter-packet
 * gap at the receiver, and what else ran on the machine meanwhile. Before the sweep it measures the bare cost of
 * lavaplayer's Opus encoder on the same audio ({@link EncoderBaseline}) for the pipeline/encoder ratio.
 *
 * <p>Run with {@code ./mvnw -B -o -Pbench test-compile} (see docs/benchmarks.md for the parameters).
 */
public final class LoadBenchmark {

    static final double MISS_LIMIT = 0.001;
    static final double P99_LIMIT_MS = 25;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String USER_ID = "987654321098765432";
    private static final long GUILD_BASE = 400_000_000_000_000_000L;

    private final Config config;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AudioFileServer files = new AudioFileServer();
    private final Set<String> opusPackets = LoopedAudio.opusPackets();
    private final String mp3Url;
    private final String opusUrl;

    private LoadBenchmark(Config config) {
        this.config = config;
        int trackSeconds = config.warmupSeconds + config.seconds + 120;
        mp3Url = files.put("bench.mp3", "audio/mpeg", LoopedAudio.loopedMp3(trackSeconds));
        opusUrl = files.put("bench.opus", "audio/ogg", LoopedAudio.loopedOpus(trackSeconds));
    }

    public static void main(String[] args) throws Exception {
        Config config = Config.fromSystemProperties();
        Files.createDirectories(config.output);
        LoadBenchmark bench = new LoadBenchmark(config);
        int status = bench.run();
        System.exit(status);
    }

    private int run() throws IOException {
        Report report = new Report(config);
        report.machine();
        System.out.println("Measuring the bare Opus encoder (" + config.encoderPasses + " passes over the MP3 fixture)…");
        EncoderBaseline.Result encoder = EncoderBaseline.measure(config.encoderPasses);
        report.encoder(encoder);
        if (config.modes.stream().anyMatch(Config::isDave)) {
            System.out.println("Measuring DAVE frame encryption on one thread…");
            report.dave(DaveEncryptCost.measure(5, 200_000));
        }
        for (String mode : config.modes) {
            List<Integer> counts = config.playersFor(mode);
            for (int n : counts) {
                System.out.printf(Locale.ROOT, "%n=== %s, %d players ===%n", mode, n);
                Point point;
                try {
                    point = runPoint(mode, n);
                } catch (RuntimeException e) {
                    e.printStackTrace();
                    point = Point.failed(mode, n, e.toString());
                }
                report.add(point, encoder);
                System.out.println(report.row(point, encoder));
                if (point.clearlyFails() && config.stopOnFail) {
                    System.out.println("(" + mode + " clearly fails at " + n + " players; the rest of its sweep is "
                            + "skipped)");
                    break;
                }
            }
        }
        String markdown = report.finish(encoder);
        System.out.println();
        System.out.println(markdown);
        Path out = config.output.resolve("results-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern(
                "yyyyMMdd-HHmmss")) + ".md");
        Files.writeString(out, markdown);
        System.out.println("Written to " + out);
        files.close();
        return 0;
    }

    // ---------------------------------------------------------------------------------------------- a point

    private Point runPoint(String mode, int players) {
        Point point = new Point(mode, players);
        Path log = config.output.resolve("basalt-" + mode + "-" + players + ".log");
        boolean dave = Config.isDave(mode);
        try (BenchVoiceServer voice = new BenchVoiceServer(config.udpSockets, opusPackets,
                dave ? java.util.HexFormat.of().parseHex(DaveEncryptCost.BENCH_SECRET_HEX) : null);
             BasaltProcess basalt = BasaltProcess.start(config.basaltJvmFlags, config.forwardedProperties(dave),
                     config.basaltClasspath(), Path.of("").toAbsolutePath(), config.basaltEnv, log, config.nodeArguments)) {
            point.jvmFlags = String.join(" ", config.basaltJvmFlags);
            if (config.receiverPriority > 0) {
                point.realtimeReceivers = voice.makeReceiversRealtime(config.receiverPriority);
            }
            basalt.awaitReady(http, Duration.ofSeconds(90));
            Session session = Session.open(http, basalt.port());
            String base = "http://127.0.0.1:" + basalt.port();

            // idle: started, a client connected, nothing playing
            BasaltProcess.sleep(2000);
            BasaltProcess.Sample idle0 = basalt.sample();
            BasaltProcess.sleep(config.idleSeconds * 1000L);
            BasaltProcess.Sample idle1 = basalt.sample();
            point.idleRssKb = idle1.rssKb();
            point.idleCpuPerSecond = (idle1.cpuSeconds() - idle0.cpuSeconds()) / ((idle1.nanos() - idle0.nanos()) / 1e9);

            // voice: one PATCH per guild, answered once Basalt's voice connection is up
            List<BenchVoiceServer.Guild> guilds = new ArrayList<>();
            for (int i = 0; i < players; i++) {
                guilds.add(voice.register(GUILD_BASE + i, USER_ID, "benchsession" + i, "benchtoken" + i));
            }
            long connectStart = System.nanoTime();
            int connected = forEach(guilds, g -> patch(base + "/v4/sessions/" + session.id + "/players/" + g.guildId,
                    "{\"voice\":{\"token\":\"" + g.token + "\",\"endpoint\":\"" + voice.endpoint()
                            + "\",\"sessionId\":\"" + g.sessionId + "\",\"channelId\":\"" + (GUILD_BASE + 1_000_000 + g.index)
                            + "\"}}"));
            point.connectSeconds = (System.nanoTime() - connectStart) / 1e9;
            point.connected = connected;

            // tracks: load once, then start every player
            String url = Config.baseMode(mode).equals("passthrough") ? opusUrl : mp3Url;
            JsonNode loaded = JSON.readTree(get(base + "/v4/loadtracks?identifier="
                    + URLEncoder.encode(url, StandardCharsets.UTF_8)));
            if (!"track".equals(loaded.path("loadType").asString())) {
                throw new IllegalStateException("loading " + url + " gave " + loaded);
            }
            String encoded = loaded.path("data").path("encoded").asString();
            int started = forEach(guilds, g -> patch(base + "/v4/sessions/" + session.id + "/players/" + g.guildId,
                    "{\"track\":{\"encoded\":\"" + encoded + "\"}}"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + players / 10);
            while (session.trackStarts.get() < started && System.nanoTime() < deadline) {
                BasaltProcess.sleep(100);
            }
            point.started = session.trackStarts.get();

            BasaltProcess.sleep(config.warmupSeconds * 1000L);

            // the measurement window
            int exceptionsBefore = session.problems();
            Cpu machine0 = Cpu.machine();
            double harness0 = Cpu.harnessSeconds();
            java.util.Map<Long, Double> threads0 = basalt.threadCpu();
            BasaltProcess.Sample s0 = basalt.sample();
            voice.startWindow();
            BasaltProcess.sleep(config.seconds * 1000L);
            BenchVoiceServer.Window window = voice.endWindow();
            BasaltProcess.Sample s1 = basalt.sample();
            java.util.Map<Long, Double> threads1 = basalt.threadCpu();
            double harness1 = Cpu.harnessSeconds();
            Cpu machine1 = Cpu.machine();

            double seconds = (window.endNanos - window.startNanos) / 1e9;
            point.windowSeconds = seconds;
            point.cpuSeconds = s1.cpuSeconds() - s0.cpuSeconds();
            point.harnessCpuSeconds = harness1 - harness0;
            point.machineBusySeconds = machine1.busySeconds - machine0.busySeconds;
            point.rssKb = s1.rssKb();
            point.hwmKb = s1.hwmKb();
            point.threads = s1.threads();
            long expectedPerPlayer = Math.round(seconds * 50);
            long received = Arrays.stream(window.count).asLongStream().sum();
            point.received = received;
            point.expected = expectedPerPlayer * players;
            point.seqLost = Arrays.stream(window.seqLost).asLongStream().sum();
            point.silentPlayers = (int) Arrays.stream(window.count).filter(c -> c == 0).count();
            point.p50 = window.gapQuantileMillis(0.50);
            point.p99 = window.gapQuantileMillis(0.99);
            point.p999 = window.gapQuantileMillis(0.999);
            point.maxGap = window.maxGapMillis();
            point.verified = voice.verifiedPackets();
            point.passthroughMatches = voice.passthroughMatches();
            point.daveOpened = voice.daveOpened();
            point.silenceFrames = voice.silenceFrames();
            point.decryptFailures = voice.decryptFailures.get();
            point.trackProblems = session.problems() - exceptionsBefore;
            point.events = session.summary();
            point.voiceProblems = voice.problems();
            point.voiceCloses = voice.gatewayCloses.get();
            point.alive = basalt.isAlive();
            point.threadCpu = threadBreakdown(threads0, threads1, basalt.threadNames(), point.cpuSeconds);
            session.close();
        }
        return point;
    }

    /** The thread groups that used at least 2 % of Basalt's CPU in the window, largest first. */
    static String threadBreakdown(java.util.Map<Long, Double> before, java.util.Map<Long, Double> after,
                                  java.util.Map<Long, String> names, double total) {
        java.util.Map<String, Double> groups = new java.util.HashMap<>();
        after.forEach((tid, seconds) -> groups.merge(names.getOrDefault(tid, "?"),
                seconds - before.getOrDefault(tid, 0.0), Double::sum));
        return groups.entrySet().stream().filter(e -> total > 0 && e.getValue() / total >= 0.02)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * e.getValue() / total))
                .collect(Collectors.joining(", "));
    }

    /** Runs {@code action} for every guild, {@code connectConcurrency} at a time; returns how many succeeded. */
    private int forEach(List<BenchVoiceServer.Guild> guilds, java.util.function.Predicate<BenchVoiceServer.Guild> action) {
        ExecutorService pool = Executors.newFixedThreadPool(config.connectConcurrency);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (BenchVoiceServer.Guild g : guilds) {
                results.add(pool.submit(() -> action.test(g)));
            }
            int ok = 0;
            for (Future<Boolean> f : results) {
                try {
                    if (f.get()) {
                        ok++;
                    }
                } catch (Exception e) {
                    System.out.println("  request failed: " + e);
                }
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean patch(String url, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", BasaltProcess.PASSWORD).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build());
        if (response.statusCode() != 200) {
            System.out.println("  PATCH " + url + " -> " + response.statusCode() + " " + response.body());
            return false;
        }
        return true;
    }

    private String get(String url) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", BasaltProcess.PASSWORD).timeout(Duration.ofSeconds(30)).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " -> " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------ the bot's socket

    /** The client session on {@code /v4/websocket}: counts the events Basalt sends. */
    static final class Session implements WebSocket.Listener {
        String id;
        private WebSocket socket;
        private final CompletableFuture<String> ready = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        final AtomicInteger trackStarts = new AtomicInteger();
        final AtomicInteger trackEnds = new AtomicInteger();
        final AtomicInteger trackExceptions = new AtomicInteger();
        final AtomicInteger trackStuck = new AtomicInteger();
        final AtomicInteger socketClosed = new AtomicInteger();
        final AtomicInteger playerUpdates = new AtomicInteger();
        final AtomicInteger stats = new AtomicInteger();
        volatile String lastProblem;

        static Session open(HttpClient http, int port) {
            Session session = new Session();
            session.socket = http.newWebSocketBuilder().header("Authorization", BasaltProcess.PASSWORD)
                    .header("User-Id", USER_ID).header("Client-Name", "basalt-bench/1.0")
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/v4/websocket"), session).join();
            session.id = session.ready.orTimeout(10, TimeUnit.SECONDS).join();
            return session;
        }

        int problems() {
            return trackEnds.get() + trackExceptions.get() + trackStuck.get() + socketClosed.get();
        }

        String summary() {
            return "starts " + trackStarts + ", ends " + trackEnds + ", exceptions " + trackExceptions + ", stuck "
                    + trackStuck + ", voice closes " + socketClosed + ", playerUpdates " + playerUpdates
                    + (lastProblem == null ? "" : ", last problem: " + lastProblem);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage(text);
            }
            ws.request(1);
            return null;
        }

        private void onMessage(String text) {
            if (text.contains("\"op\":\"playerUpdate\"")) {
                playerUpdates.incrementAndGet();
            } else if (text.contains("\"op\":\"stats\"")) {
                stats.incrementAndGet();
            } else if (text.contains("\"op\":\"ready\"")) {
                ready.complete(JSON.readTree(text).path("sessionId").asString());
            } else if (text.contains("TrackStartEvent")) {
                trackStarts.incrementAndGet();
            } else if (text.contains("TrackEndEvent")) {
                trackEnds.incrementAndGet();
                lastProblem = abbreviate(text);
            } else if (text.contains("TrackExceptionEvent")) {
                trackExceptions.incrementAndGet();
                lastProblem = abbreviate(text);
            } else if (text.contains("TrackStuckEvent")) {
                trackStuck.incrementAndGet();
                lastProblem = abbreviate(text);
            } else if (text.contains("WebSocketClosedEvent")) {
                socketClosed.incrementAndGet();
                lastProblem = abbreviate(text);
            }
        }

        private static String abbreviate(String text) {
            return text.length() > 300 ? text.substring(0, 300) + "…" : text;
        }

        void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // Basalt is about to be stopped anyway
            }
            socket.abort();
        }
    }

    // ---------------------------------------------------------------------------------------------- CPU

    /** Busy CPU time of the whole machine (all cores) from /proc/stat. */
    record Cpu(double busySeconds) {
        static Cpu machine() {
            try {
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                // user nice system idle iowait irq softirq steal: everything but idle and iowait
                for (int i = 1; i <= 8 && i < f.length; i++) {
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(f[i]);
                    }
                }
                return new Cpu(busy / 100.0);
            } catch (IOException e) {
                return new Cpu(Double.NaN);
            }
        }

        static double harnessSeconds() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime() / 1e9;
        }
    }

    // ------------------------------------------------------------------------------------------- results

    static final class Point {
        final String mode;
        final int players;
        String error;
        String jvmFlags = "";
        long idleRssKb;
        double idleCpuPerSecond;
        double connectSeconds;
        int connected;
        int started;
        double windowSeconds;
        double cpuSeconds;
        double harnessCpuSeconds;
        double machineBusySeconds;
        long rssKb;
        long hwmKb;
        int threads;
        long received;
        long expected;
        long seqLost;
        int silentPlayers;
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        double p999 = Double.NaN;
        double maxGap = Double.NaN;
        long verified;
        long passthroughMatches;
        long daveOpened;
        long silenceFrames;
        long decryptFailures;
        int trackProblems;
        String events = "";
        List<String> voiceProblems = List.of();
        int voiceCloses;
        boolean alive = true;
        int realtimeReceivers;
        String threadCpu = "";

        Point(String mode, int players) {
            this.mode = mode;
            this.players = players;
        }

        static Point failed(String mode, int players, String error) {
            Point p = new Point(mode, players);
            p.error = error;
            return p;
        }

        double missRate() {
            return expected == 0 ? 1 : Math.max(0, (double) (expected - received) / expected);
        }

        double packetsPerPlayerSecond() {
            return received / (double) players / windowSeconds;
        }

        double cpuPerPlayerMinute() {
            return cpuSeconds / (players * windowSeconds / 60);
        }

        double cpuMsPerFrame() {
            return received == 0 ? Double.NaN : cpuSeconds * 1000 / received;
        }

        /** CPU that neither Basalt nor the harness used during the window, in cores (another build, say). */
        double otherCores() {
            return (machineBusySeconds - cpuSeconds - harnessCpuSeconds) / windowSeconds;
        }

        /** Far past a limit (10× the miss rate or twice the p99 gap): larger N are not worth measuring. */
        boolean clearlyFails() {
            return error != null || connected < players || missRate() > 10 * MISS_LIMIT || !(p99 <= 2 * P99_LIMIT_MS);
        }

        boolean passes() {
            return error == null && connected == players && missRate() <= MISS_LIMIT && p99 <= P99_LIMIT_MS;
        }
    }

    static final class Report {
        private final Config config;
        private final StringBuilder md = new StringBuilder();
        private final List<Point> points = new ArrayList<>();
        private String machine;
        private String encoderLine;
        private String daveLine;

        Report(Config config) {
            this.config = config;
        }

        void machine() {
            String cpu = "unknown";
            try {
                cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                        .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
            } catch (IOException ignored) {
                // not Linux
            }
            String load = "";
            try {
                load = Files.readString(Path.of("/proc/loadavg")).trim();
            } catch (IOException ignored) {
                // not Linux
            }
            machine = "- CPU: " + cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores (nproc)\n"
                    + "- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                    + "\n- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version")
                    + "\n- load average at start: " + load
                    + "\n- Basalt JVM flags: `" + String.join(" ", config.basaltJvmFlags) + "`"
                    + (config.basaltEnv.isEmpty() ? "" : ", environment `" + String.join(" ", config.basaltEnv) + "`")
                    + (config.nodeArguments.isEmpty() ? "" : ", arguments `" + String.join(" ", config.nodeArguments) + "`")
                    + "\n- harness JVM: " + ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("-X")).collect(Collectors.joining(" "))
                    + "\n- window " + config.seconds + " s after " + config.warmupSeconds + " s warm-up; "
                    + config.udpSockets + " receiving UDP sockets" + (config.receiverPriority > 0
                    ? " on SCHED_FIFO threads (priority " + config.receiverPriority + ")" : "") + "\n";
            System.out.println(machine);
        }

        void encoder(EncoderBaseline.Result r) {
            encoderLine = String.format(Locale.ROOT, "Bare Opus encoder (lavaplayer `OpusEncoder(48000, 2, 10)`, "
                            + "%d frames of the MP3 fixture's PCM, %d passes): **%.4f ms CPU per 20 ms frame** (median; "
                            + "passes %s), %.0f bytes per frame on average. For comparison, lavaplayer decoding the "
                            + "same MP3 to 48 kHz PCM (its pipeline without the encoder, whole harness process): "
                            + "%.4f ms per frame.", r.frames(), r.passes().length,
                    r.medianMsPerFrame(), Arrays.stream(r.passes()).mapToObj(v -> String.format(Locale.ROOT, "%.4f", v))
                            .collect(Collectors.joining(", ")), r.averageBytes(), r.decodeMsPerFrame());
            System.out.println(encoderLine);
        }

        void dave(DaveEncryptCost.Result r) {
            daveLine = r.describe();
            System.out.println(daveLine);
        }

        /** Each +dave point beside the same mode and N without DAVE: packets/s per player, CPU overhead, p99 gap. */
        private String daveComparison() {
            StringBuilder out = new StringBuilder("| mode | players | packets/s per player (without → with DAVE) "
                    + "| Basalt CPU s (without → with) | CPU overhead | p99 gap ms (without → with) "
                    + "| DAVE frames opened by the receiver | decrypt failures |\n|---|---|---|---|---|---|---|---|\n");
            for (Point d : points) {
                if (!Config.isDave(d.mode) || d.error != null) {
                    continue;
                }
                Point plain = points.stream().filter(p -> p.mode.equals(Config.baseMode(d.mode))
                        && p.players == d.players && p.error == null).findFirst().orElse(null);
                if (plain == null) {
                    continue;
                }
                out.append(String.format(Locale.ROOT, "| %s | %d | %.2f → %.2f | %.2f → %.2f | %+.1f %% | %.1f → %.1f "
                                + "| %d | %d |%n", Config.baseMode(d.mode), d.players, plain.packetsPerPlayerSecond(),
                        d.packetsPerPlayerSecond(), plain.cpuSeconds, d.cpuSeconds,
                        100 * (d.cpuSeconds / d.windowSeconds - plain.cpuSeconds / plain.windowSeconds)
                                / (plain.cpuSeconds / plain.windowSeconds),
                        plain.p99, d.p99, d.daveOpened, d.decryptFailures));
            }
            return out.toString();
        }

        void add(Point p, EncoderBaseline.Result encoder) {
            points.add(p);
        }

        String header() {
            return "| mode | players | CPU s / player-min | CPU ms / frame | ratio to encoder | Basalt CPU (cores) "
                    + "| RSS MB | idle RSS MB | KB / player | threads | frame miss | seq lost | p50 gap ms "
                    + "| p99 gap ms | max gap ms | bit-exact (of sampled audio packets) | other load (cores) | pass |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";
        }

        String row(Point p, EncoderBaseline.Result encoder) {
            if (p.error != null) {
                return "| " + p.mode + " | " + p.players + " | error: " + p.error + " |||||||||||||||| no |";
            }
            double ratio = p.cpuMsPerFrame() / encoder.medianMsPerFrame();
            return String.format(Locale.ROOT, "| %s | %d | %.3f | %.4f | %s | %.2f | %.1f | %.1f | %.0f | %d "
                            + "| %.3f%% | %d | %.1f | %.1f | %.1f | %s | %.2f | %s |",
                    p.mode, p.players, p.cpuPerPlayerMinute(), p.cpuMsPerFrame(),
                    Config.baseMode(p.mode).equals("transcode") ? String.format(Locale.ROOT, "%.2f×", ratio) : "–",
                    p.cpuSeconds / p.windowSeconds, p.rssKb / 1024.0, p.idleRssKb / 1024.0,
                    (double) (p.rssKb - p.idleRssKb) / p.players, p.threads, p.missRate() * 100, p.seqLost, p.p50,
                    p.p99, p.maxGap, p.verified <= p.silenceFrames ? "–" : String.format(Locale.ROOT, "%.1f%%",
                            100.0 * p.passthroughMatches / (p.verified - p.silenceFrames)), p.otherCores(), p.passes() ? "yes" : "**no**");
        }

        String finish(EncoderBaseline.Result encoder) {
            md.append("### Machine\n\n").append(machine).append('\n');
            md.append("### Bare encoder\n\n").append(encoderLine).append("\n\n");
            md.append("### Load\n\n").append(header());
            for (Point p : points) {
                md.append(row(p, encoder)).append('\n');
            }
            md.append("\n### Capacity (frame miss ≤ 0.1 %, p99 gap ≤ 25 ms)\n\n");
            for (String mode : config.modes) {
                List<Point> ofMode = points.stream().filter(p -> p.mode.equals(mode)).toList();
                if (ofMode.isEmpty()) {
                    continue;
                }
                int capacity = 0;
                for (Point p : ofMode) {
                    if (p.passes()) {
                        capacity = Math.max(capacity, p.players);
                    }
                }
                md.append("- ").append(mode).append(": ").append(capacity == 0 ? "below the smallest N measured"
                        : capacity + " players").append(" (measured: ").append(ofMode.stream()
                        .map(p -> p.players + (p.passes() ? " ok" : " fails")).collect(Collectors.joining(", ")))
                        .append(")\n");
            }
            if (daveLine != null) {
                md.append("\n### DAVE\n\n").append(daveLine).append("\n\n").append(daveComparison());
            }
            md.append("\n### Details per point\n\n");
            for (Point p : points) {
                md.append(String.format(Locale.ROOT, "- %s %d: %s%nvoice connected %d/%d in %.1f s, tracks started "
                                + "%d; window %.1f s; Basalt CPU %.1f s (idle rate %.3f cores), harness CPU %.1f s; "
                                + "packets %d of %d expected, %d sequence numbers lost, %d players silent; p99.9 gap %.1f "
                                + "ms; VmHWM %.1f MB; %d packets decrypted (%d of them Opus silence frames, %d DAVE frames opened), %d decrypt "
                                + "failures; events: %s; gateway closes %d; %d receiver threads real-time; track problems "
                                + "in the window %d; Basalt CPU by thread: %s%s%s%n",
                        p.mode, p.players, p.error == null ? "" : "ERROR " + p.error, p.connected, p.players,
                        p.connectSeconds, p.started, p.windowSeconds, p.cpuSeconds, p.idleCpuPerSecond,
                        p.harnessCpuSeconds, p.received, p.expected, p.seqLost, p.silentPlayers, p.p999,
                        p.hwmKb / 1024.0, p.verified, p.silenceFrames, p.daveOpened, p.decryptFailures, p.events, p.voiceCloses,
                        p.realtimeReceivers, p.trackProblems, p.threadCpu,
                        p.voiceProblems.isEmpty() ? "" : "; voice server problems: " + p.voiceProblems,
                        p.alive ? "" : "; BASALT DIED"));
            }
            return md.toString();
        }
    }

    // -------------------------------------------------------------------------------------------- config

    static final class Config {
        static final String DAVE_SUFFIX = "+dave";
        List<String> modes;
        List<Integer> players;
        List<Integer> transcodePlayers;
        List<Integer> passthroughPlayers;
        int seconds;
        int warmupSeconds;
        int idleSeconds;
        int udpSockets;
        int connectConcurrency;
        int encoderPasses;
        int receiverPriority;
        boolean stopOnFail;
        List<String> basaltJvmFlags;
        List<String> nodeArguments;
        List<String> basaltEnv;
        Path output;
        Path classes;
        Path runtimeClasspathFile;

        static Config fromSystemProperties() {
            Config c = new Config();
            c.modes = list(System.getProperty("bench.modes", "transcode,passthrough"));
            c.players = ints(System.getProperty("bench.players", "10,50,100"));
            String t = System.getProperty("bench.transcode.players", "");
            String p = System.getProperty("bench.passthrough.players", "");
            c.transcodePlayers = t.isBlank() ? c.players : ints(t);
            c.passthroughPlayers = p.isBlank() ? c.players : ints(p);
            c.seconds = Integer.getInteger("bench.seconds", 30);
            c.warmupSeconds = Integer.getInteger("bench.warmup", 10);
            // Basalt's flags trim the native heap every 5 s: the first trims come 5–15 s after start
            c.idleSeconds = Integer.getInteger("bench.idleSeconds", 10);
            c.udpSockets = Integer.getInteger("bench.udpSockets", 4);
            c.connectConcurrency = Integer.getInteger("bench.connectConcurrency", 8);
            c.encoderPasses = Integer.getInteger("bench.encoderPasses", 5);
            c.receiverPriority = Integer.getInteger("bench.receiverPriority", 20);
            c.stopOnFail = Boolean.parseBoolean(System.getProperty("bench.stopOnFail", "true"));
            c.basaltJvmFlags = split(System.getProperty("bench.basaltJvmFlags", ""));
            c.nodeArguments = split(System.getProperty("bench.nodeArguments", ""));
            c.basaltEnv = split(System.getProperty("bench.basaltEnv", ""));
            c.output = Path.of(System.getProperty("bench.output", "target/bench"));
            c.classes = Path.of(System.getProperty("bench.classes", "target/classes"));
            String cp = System.getProperty("bench.runtimeClasspathFile", "");
            c.runtimeClasspathFile = cp.isBlank() ? null : Path.of(cp);
            for (String mode : c.modes) {
                String base = baseMode(mode);
                if (!base.equals("transcode") && !base.equals("passthrough")) {
                    throw new IllegalArgumentException("bench.modes: unknown mode " + mode);
                }
            }
            return c;
        }

        /**
         * A mode with the suffix {@code +dave} (e.g. {@code passthrough+dave}) runs Basalt with DAVE frame encryption
         * on every player, keyed by a fixed test ratchet; the receiver opens the sampled frames with it.
         */
        static boolean isDave(String mode) {
            return mode.endsWith(DAVE_SUFFIX);
        }

        static String baseMode(String mode) {
            return isDave(mode) ? mode.substring(0, mode.length() - DAVE_SUFFIX.length()) : mode;
        }

        List<Integer> playersFor(String mode) {
            return baseMode(mode).equals("transcode") ? transcodePlayers : passthroughPlayers;
        }

        /** target/classes and the runtime dependencies (no test jars), else the harness's own classpath. */
        String basaltClasspath() {
            if (runtimeClasspathFile == null) {
                return System.getProperty("java.class.path");
            }
            try {
                return classes.toAbsolutePath() + java.io.File.pathSeparator
                        + Files.readString(runtimeClasspathFile).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The trust store that makes Basalt trust the fake voice server's certificate. */
        List<String> forwardedProperties(boolean dave) {
            List<String> props = new ArrayList<>();
            if (dave) {
                // the benchmark-only switch of DiscordVoiceConnection: a fixed sender key ratchet on every connection
                props.add("-Dbasalt.bench.daveFixedSecret=" + DaveEncryptCost.BENCH_SECRET_HEX);
            }
            for (String key : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
                    "javax.net.ssl.trustStoreType")) {
                String value = System.getProperty(key);
                if (value != null) {
                    props.add("-D" + key + "=" + value);
                }
            }
            return props;
        }

        private static List<String> list(String text) {
            return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }

        private static List<Integer> ints(String text) {
            return list(text).stream().map(Integer::parseInt).toList();
        }

        private static List<String> split(String text) {
            return Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        }
    }
}
