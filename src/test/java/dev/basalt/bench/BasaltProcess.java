package dev.basalt.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Basalt in its own JVM, so that its CPU time and resident memory can be read from /proc without the harness's
 * share (the voice server, the audio server, the receiving threads).
 */
final class BasaltProcess implements AutoCloseable {

    /** What /proc says about the process at one instant. */
    record Sample(long nanos, double cpuSeconds, long rssKb, long hwmKb, int threads) {
    }

    static final String PASSWORD = "benchpass";

    private final Process process;
    private final int port;
    private final long clockTicks;

    private BasaltProcess(Process process, int port, long clockTicks) {
        this.process = process;
        this.port = port;
        this.clockTicks = clockTicks;
    }

    /**
     * @param jvmFlags  heap and GC flags for Basalt's JVM
     * @param classpath Basalt's runtime classpath
     * @param workDir   working directory: the project's, so Basalt reads the shipped application.yml as a deployment
     *                  does (the port, address and password arguments override it)
     * @param env       extra environment variables (NAME=value), e.g. glibc's MALLOC_ARENA_MAX
     * @param log       where Basalt's stdout and stderr go
     */
    static BasaltProcess start(List<String> jvmFlags, List<String> systemProperties, String classpath, Path workDir,
                               List<String> env, Path log, List<String> nodeArguments) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(systemProperties);
        command.add("-cp");
        command.add(classpath);
        command.add("dev.basalt.BasaltApplication");
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--lavalink.server.password=" + PASSWORD);
        command.addAll(nodeArguments);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            for (String variable : env) {
                int eq = variable.indexOf('=');
                builder.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
            }
            Process process = builder.start();
            return new BasaltProcess(process, port, clockTicks());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until {@code /version} answers. */
    void awaitReady(HttpClient http, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Basalt exited with " + process.exitValue() + " while starting");
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/version")).header("Authorization", PASSWORD)
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException("Basalt did not answer within " + timeout);
    }

    Sample sample() {
        long now = System.nanoTime();
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // fields after the command name (which may hold spaces) start at ") "
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            long rss = 0;
            long hwm = 0;
            int threads = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kb(line);
                } else if (line.startsWith("Threads:")) {
                    threads = Integer.parseInt(line.substring(8).trim());
                }
            }
            return new Sample(now, (double) ticks / clockTicks, rss, hwm, threads);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc for Basalt (pid " + process.pid() + ")", e);
        }
    }

    /** CPU seconds of every thread of the process, by Linux thread id. */
    java.util.Map<Long, Double> threadCpu() {
        java.util.Map<Long, Double> threads = new java.util.HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        try (java.util.stream.Stream<Path> list = Files.list(tasks)) {
            for (Path task : list.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) clockTicks;
                    threads.put(Long.parseLong(task.getFileName().toString()), seconds);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return threads;
        }
        return threads;
    }

    /**
     * Thread names by Linux thread id: Java names from {@code jcmd Thread.print} (whose {@code nid} is the thread id),
     * the kernel's 15-character names for the rest; trailing numbers dropped, so e.g. the playback threads of all
     * players share one name.
     */
    java.util.Map<Long, String> threadNames() {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> list = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : list.toList()) {
                try {
                    names.put(Long.parseLong(task.getFileName().toString()),
                            Files.readString(task.resolve("comm")).trim());
                } catch (IOException | RuntimeException e) {
                    // ended meanwhile
                }
            }
        } catch (IOException e) {
            return names;
        }
        try {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(process.pid()), "Thread.print").redirectErrorStream(true).start();
            java.util.regex.Pattern line = java.util.regex.Pattern.compile("^\"(.*)\" .*nid=0x([0-9a-f]+)");
            for (String text : new String(jcmd.getInputStream().readAllBytes()).split("\n")) {
                java.util.regex.Matcher m = line.matcher(text);
                if (m.find()) {
                    names.put(Long.parseLong(m.group(2), 16), m.group(1));
                }
            }
            jcmd.waitFor(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            // kernel names only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        names.replaceAll((tid, name) -> name.replaceAll("[-# ]?[0-9]+$", "").replaceAll("-[0-9]+-", "-N-"));
        return names;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (graceful shutdown), then SIGKILL after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** USER_HZ, the unit of utime and stime: 100 on every mainstream Linux, asked of getconf to be sure. */
    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).trim();
            getconf.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
