package dev.basalt.metrics;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.basalt.support.NodeClient;
import org.springframework.boot.test.context.SpringBootTest;

/** The test node of {@code NodeTest} with metrics enabled at the default endpoint (so it needs the password). */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lavalink.server.password=" + NodeClient.PASSWORD,
        "lavalink.server.sources.youtube=true",
        "lavalink.server.sources.local=true",
        "lavalink.server.sources.twitch=false",
        "lavalink.server.playerUpdateInterval=1",
        "lavalink.server.trackStuckThresholdMs=1000",
        "metrics.prometheus.enabled=true",
})
public @interface MetricsNodeTest {
}
