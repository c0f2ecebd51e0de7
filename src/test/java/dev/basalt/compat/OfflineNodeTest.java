package dev.basalt.compat;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.basalt.support.NodeClient;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The node with only the sources that never go online (http, local), shared by the compatibility tests (one Spring
 * context), so nothing a third-party client does can make the node reach the internet.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lavalink.server.password=" + NodeClient.PASSWORD,
        "lavalink.server.sources.youtube=false",
        "lavalink.server.sources.soundcloud=false",
        "lavalink.server.sources.bandcamp=false",
        "lavalink.server.sources.twitch=false",
        "lavalink.server.sources.vimeo=false",
        "lavalink.server.sources.nico=false",
        "lavalink.server.sources.http=true",
        "lavalink.server.sources.local=true"})
@interface OfflineNodeTest {
}
