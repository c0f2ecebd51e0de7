package dev.basalt.session;

import java.time.Duration;

import dev.basalt.BasaltApplication;
import dev.basalt.support.NodeClient;
import dev.basalt.support.SessionSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** A graceful stop closes every client socket with 1001 Going Away, as the reference does. */
class ShutdownTest {

    @Test
    void stoppingTheNodeClosesSocketsWith1001() {
        ConfigurableApplicationContext node = new SpringApplicationBuilder(BasaltApplication.class).run(
                "--server.port=0", "--lavalink.server.password=" + NodeClient.PASSWORD,
                "--lavalink.server.sources.twitch=false");
        int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
        SessionSocket socket = new NodeClient(port).openSession();
        assertThat(socket.next(Duration.ofSeconds(5)).path("op").asString()).isEqualTo("ready");
        node.close();
        assertThat(socket.awaitClose(Duration.ofSeconds(10))).isEqualTo(1001);
    }
}
