package dev.basalt.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** A local HTTP server (WireMock) serving the audio fixtures, shared by every test of the run. */
public final class AudioServer {

    private static WireMockServer server;

    private AudioServer() {
    }

    public static synchronized WireMockServer instance() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true)
                    .extensions(new RangeRequests()));
            server.start();
            serve("sine-440hz-2s.mp3", "audio/mpeg");
            serve("sine-440hz-30s.mp3", "audio/mpeg");
            serve("sine-440hz-2s.ogg", "audio/ogg");
            serve("sine-440hz-2s.wav", "audio/wav");
            serve("sine-440hz-2s.flac", "audio/flac");
            serve("sine-440hz-2s.opus", "audio/ogg");
            serve("sine-440hz-30s.opus", "audio/ogg");
            server.stubFor(get(urlPathEqualTo("/missing.mp3")).willReturn(aResponse().withStatus(404)));
            server.stubFor(get(urlPathEqualTo("/not-audio.mp3"))
                    .willReturn(aResponse().withHeader("Content-Type", "text/html").withBody("<html>nope</html>")));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        }
        return server;
    }

    public static String url(String file) {
        return "http://127.0.0.1:" + instance().port() + "/" + file;
    }

    public static byte[] fixture(String file) {
        try (InputStream in = AudioServer.class.getResourceAsStream("/audio/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** With a Content-Length, as a file server sends: without one lavaplayer must treat the file as a live stream. */
    private static void serve(String file, String contentType) {
        serve(file, contentType, fixture(file));
    }

    /** Serves {@code body} (made by a test, e.g. a looped fixture) at {@code /name} and returns its URL. */
    public static synchronized String serve(String name, String contentType, byte[] body) {
        instance().stubFor(get(urlPathEqualTo("/" + name)).willReturn(aResponse().withHeader("Content-Type", contentType)
                .withHeader("Content-Length", Integer.toString(body.length)).withHeader("Accept-Ranges", "bytes")
                .withBody(body)));
        return url(name);
    }
}
