package dev.basalt.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/** A client socket on {@code /v4/websocket} that records every message in arrival order. */
public final class SessionSocket implements AutoCloseable {

    private final LinkedBlockingQueue<JsonNode> messages;
    private final CompletableFuture<Integer> closeCode;
    private final WebSocket socket;
    private final int handshakeStatus;

    private SessionSocket(WebSocket socket, Listener listener, int status) {
        this.socket = socket;
        this.messages = listener.messages;
        this.closeCode = listener.closeCode;
        this.handshakeStatus = status;
    }

    /** Failed handshakes come back as a socket with no connection and the HTTP status that refused it. */
    static SessionSocket open(HttpClient http, int port, String... headers) {
        Listener listener = new Listener();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            WebSocket ws = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/v4/websocket"), listener)
                    .get(10, TimeUnit.SECONDS);
            return new SessionSocket(ws, listener, 101);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return new SessionSocket(null, listener, refused.getResponse().statusCode());
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    public int handshakeStatus() {
        return handshakeStatus;
    }

    public boolean isOpen() {
        return socket != null && !socket.isInputClosed();
    }

    /** The next message, waiting up to {@code timeout}. */
    public JsonNode next(Duration timeout) {
        try {
            JsonNode message = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + timeout);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Skips messages until one matches; fails after {@code timeout}. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching message within " + timeout);
            }
            JsonNode message = next(Duration.ofNanos(left));
            if (match.test(message)) {
                return message;
            }
        }
    }

    /** Messages already received, without waiting. */
    public JsonNode poll() {
        return messages.poll();
    }

    public static Predicate<JsonNode> op(String op) {
        return m -> op.equals(m.path("op").asString());
    }

    public static Predicate<JsonNode> event(String type) {
        return m -> "event".equals(m.path("op").asString()) && type.equals(m.path("type").asString());
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    public int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("socket not closed within " + timeout, e);
        }
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
            } catch (java.util.concurrent.CompletionException e) {
                // the server closed first and the JDK answered its close meanwhile: nothing left to close
                if (!socket.isOutputClosed()) {
                    throw e;
                }
            }
            socket.abort();
        }
    }

    /** Drops the connection without a close handshake, as a crashing bot would. */
    public void abort() {
        if (socket != null) {
            socket.abort();
        }
    }

    private static final class Listener implements WebSocket.Listener {
        final LinkedBlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                messages.add(NodeClient.json(text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(1006);
        }
    }
}
