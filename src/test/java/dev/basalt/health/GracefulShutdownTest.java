package dev.basalt.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.basalt.BasaltApplication;
import dev.basalt.support.AudioServer;
import dev.basalt.support.NodeClient;
import dev.basalt.support.SessionSocket;
import dev.basalt.support.VoiceServers;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM to a real Basalt process while two bots play: one session that may resume, one that may not. Both sockets
 * close with 1001 (the reference's close), both voice connections close their Discord gateway with 1000, the node
 * marks itself not ready first, and the process is gone within the shutdown bound.
 */
class GracefulShutdownTest {

    /** spring.lifecycle.timeout-per-shutdown-phase (10 s) plus the JVM's own start of shutdown and exit. */
    private static final Duration BOUND = Duration.ofSeconds(15);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Process basalt;
    private Path log;

    @AfterEach
    void kill() throws InterruptedException {
        if (basalt != null && basalt.isAlive()) {
            basalt.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void sigtermClosesSessionsWith1001AndVoiceWith1000WithinTheBound() throws Exception {
        int port = freePort();
        start(port);
        NodeClient node = new NodeClient(port);
        awaitReady(node);

        SessionSocket resumable = node.openSession();
        String resumableId = resumable.next(WAIT).path("sessionId").asString();
        assertThat(node.patch("/v4/sessions/" + resumableId, "{\"resuming\":true,\"timeout\":60}").statusCode())
                .isEqualTo(200);
        FakeDiscordVoiceServer first = play(node, resumableId, "9101");

        SessionSocket plain = node.openSession();
        String plainId = plain.next(WAIT).path("sessionId").asString();
        FakeDiscordVoiceServer second = play(node, plainId, "9102");

        int firstCloses = first.closes().size();
        int secondCloses = second.closes().size();
        long signalled = System.nanoTime();
        basalt.destroy(); // SIGTERM

        assertThat(resumable.awaitClose(WAIT)).as(output()).isEqualTo(1001);
        assertThat(plain.awaitClose(WAIT)).as(output()).isEqualTo(1001);
        for (FakeDiscordVoiceServer server : List.of(first, second)) {
            int before = server == first ? firstCloses : secondCloses;
            FakeDiscordVoiceServer.GatewayClose close = server.awaitCloses(before + 1, WAIT).get(before);
            assertThat(close.code()).as(output()).isEqualTo(1000);
            assertThat(close.byClient()).isTrue();
        }
        boolean exited = basalt.waitFor(BOUND.toMillis() - (System.nanoTime() - signalled) / 1_000_000,
                TimeUnit.MILLISECONDS);
        long tookMs = (System.nanoTime() - signalled) / 1_000_000;
        assertThat(exited).as("exited within " + BOUND + "\n" + output()).isTrue();
        System.out.println("SIGTERM to exit: " + tookMs + " ms");

        String out = output();
        int draining = out.indexOf("Draining: readiness now answers 503");
        int closing = out.indexOf("Shutting down: closing 2 client session(s) with 1001");
        assertThat(draining).as("readiness went down\n" + out).isPositive();
        assertThat(closing).as("sessions closed after readiness went down\n" + out).isGreaterThan(draining);
        assertThat(out).doesNotContain(VoiceServers.TOKEN).doesNotContain(NodeClient.PASSWORD);
    }

    private FakeDiscordVoiceServer play(NodeClient node, String session, String guild) {
        FakeDiscordVoiceServer server = VoiceServers.forGuild(guild, NodeClient.USER_ID);
        server.resetAudio();
        assertThat(node.patch("/v4/sessions/" + session + "/players/" + guild, "{\"voice\":"
                + VoiceServers.voiceJson(guild, NodeClient.USER_ID) + ",\"track\":{\"identifier\":\""
                + AudioServer.url("sine-440hz-30s.mp3") + "\"}}").statusCode()).isEqualTo(200);
        server.awaitPackets(10, WAIT);
        return server;
    }

    private void start(int port) throws IOException {
        Path workDir = Files.createTempDirectory("basalt-shutdown");
        log = workDir.resolve("basalt.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // the fake voice servers' test CA, as in this JVM
        for (String key : List.of("javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword",
                "javax.net.ssl.trustStoreType")) {
            if (System.getProperty(key) != null) {
                command.add("-D" + key + "=" + System.getProperty(key));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), BasaltApplication.class.getName(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--lavalink.server.password=" + NodeClient.PASSWORD, "--lavalink.server.sources.twitch=false"));
        basalt = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    private void awaitReady(NodeClient node) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(basalt.isAlive()).as("Basalt exited while starting\n" + output()).isTrue();
            try {
                if (node.send(node.anonymous("/actuator/health/readiness").GET().build()).statusCode() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // poll again
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Basalt was not ready within 60 s\n" + output());
    }

    private String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
