package dev.basalt.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves the benchmark's audio over HTTP with Content-Length and range requests, like a file server. Unlike the
 * tests' WireMock server it has a thread per open download: lavaplayer reads each track at playback speed, so a
 * player holds its connection (and, on a blocking server, a thread) for the whole track, and a few hundred players
 * would starve a fixed pool.
 */
final class AudioFileServer implements AutoCloseable {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-audio-http");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final Map<String, String> types = new ConcurrentHashMap<>();

    AudioFileServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    String put(String name, String contentType, byte[] body) {
        files.put("/" + name, body);
        types.put("/" + name, contentType);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = files.get(path);
            if (body == null) {
                exchange.getResponseHeaders().set("Connection", "close");
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", types.get(path));
            exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
            // one connection per download: the JDK server closes idle keep-alive connections beyond 200, and a
            // player that reuses such a pooled connection fails its track (NoHttpResponseException)
            exchange.getResponseHeaders().set("Connection", "close");
            int from = 0;
            int to = body.length - 1;
            int status = 200;
            String range = exchange.getRequestHeaders().getFirst("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (m.matches()) {
                    long start = Long.parseLong(m.group(1));
                    if (start >= body.length) {
                        exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
                        exchange.sendResponseHeaders(416, -1);
                        return;
                    }
                    from = (int) start;
                    if (!m.group(2).isEmpty()) {
                        to = (int) Math.min(Long.parseLong(m.group(2)), body.length - 1L);
                    }
                    status = 206;
                    exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + body.length);
                }
            }
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : to - from + 1);
            if (head) {
                return;
            }
            OutputStream out = exchange.getResponseBody();
            for (int pos = from; pos <= to; pos += 16_384) {
                out.write(body, pos, Math.min(16_384, to - pos + 1));
            }
        } catch (IOException e) {
            // the player closed the download (track stopped, seek, end of run)
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
