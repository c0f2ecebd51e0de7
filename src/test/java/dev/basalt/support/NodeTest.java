package dev.basalt.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * The node on a random port with the example configuration, shared by the integration tests (one Spring context).
 * The built-in YouTube source is on so the spec's YouTube vectors decode; nothing here reaches YouTube.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lavalink.server.password=" + NodeClient.PASSWORD,
        "lavalink.server.sources.youtube=true",
        "lavalink.server.sources.local=true",
        "lavalink.server.sources.twitch=false",
        "lavalink.server.playerUpdateInterval=1",
        "lavalink.server.trackStuckThresholdMs=1000",
})
public @interface NodeTest {
}
