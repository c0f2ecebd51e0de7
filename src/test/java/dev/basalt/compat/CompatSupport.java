package dev.basalt.compat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.Options;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.fail;

/** Shared pieces of the compatibility tests: the local audio server and a deadline-bounded poll. */
final class CompatSupport {

    static final String PASSWORD = "youshallnotpass";
    static final String TONE_2S = "sine-440hz-2s.mp3";

    private CompatSupport() {
    }

    /** A WireMock server on a free loopback port serving the 2 s test tone as {@code audio/mpeg}, with its length. */
    static WireMockServer startAudioServer() {
        // without a Content-Length (WireMock answers chunked by default) lavaplayer cannot size the mp3 and reports
        // it as a stream of unknown length
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
                .useChunkedTransferEncoding(Options.ChunkedEncodingPolicy.NEVER));
        server.start();
        server.stubFor(get(urlPathEqualTo("/" + TONE_2S)).willReturn(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "audio/mpeg")
                .withBody(fixture(TONE_2S))));
        return server;
    }

    static byte[] fixture(String name) {
        try (InputStream in = CompatSupport.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test fixture audio/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code probe} until it returns non-null, failing with {@code what} once {@code timeout} has passed. */
    static <T> T await(String what, Duration timeout, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("Timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("Interrupted while waiting for " + what);
            }
        }
    }
}
