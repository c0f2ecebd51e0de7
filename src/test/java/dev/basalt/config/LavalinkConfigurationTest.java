package dev.basalt.config;

import java.util.Map;

import dev.basalt.support.NodeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.basalt.BasaltApplication;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lavalink's configuration keys bind as Lavalink reads them: YAML file, environment variables, fall-backs. */
@ExtendWith(OutputCaptureExtension.class)
class LavalinkConfigurationTest {

    @Test
    void lavalinksExampleConfigurationStartsTheNodeUnchanged(CapturedOutput output) {
        try (ConfigurableApplicationContext node = start(Map.of(),
                "--spring.config.location=classpath:config/lavalink-example-application.yml", "--server.port=0",
                "--lavalink.plugins[0].dependency=dev.lavalink.youtube:youtube-plugin:1.13.3")) {
            assertThat(output).contains("Ignoring plugins.youtube: Basalt does not load plugins yet")
                    .contains("Ignoring plugins.lavasrc: Basalt does not load plugins yet")
                    .contains("Ignoring lavalink.plugins dependency dev.lavalink.youtube:youtube-plugin:1.13.3");
            LavalinkServerProperties server = node.getBean(LavalinkServerProperties.class);
            assertThat(server.getPassword()).isEqualTo("youshallnotpass");
            assertThat(server.getSources().isNico()).isTrue();
            assertThat(server.getSources().isYoutube()).isFalse();
            assertThat(server.getTimeouts().getSocketTimeoutMs()).isEqualTo(3000);
            assertThat(server.isGcWarnings()).isTrue();
            int port = Integer.parseInt(node.getEnvironment().getProperty("local.server.port"));
            JsonNode info = NodeClient.json(new NodeClient(port).get("/v4/info").body());
            assertThat(info.path("sourceManagers").toString())
                    .isEqualTo("[\"soundcloud\",\"bandcamp\",\"twitch\",\"vimeo\",\"niconico\",\"http\"]");
        }
    }

    @Test
    void environmentVariablesBindInBothForms() {
        Map<String, Object> env = Map.of(
                "LAVALINK_SERVER_PASSWORD", "from-env",
                "LAVALINK_SERVER_BUFFER_DURATION_MS", "800",
                "LAVALINK_SERVER_FRAMEBUFFERDURATIONMS", "1000",
                "LAVALINK_SERVER_FILTERS_CHANNEL_MIX", "false",
                "LAVALINK_SERVER_FILTERS_LOWPASS", "false",
                "LAVALINK_SERVER_SOURCES_TWITCH", "false",
                "LAVALINK_SERVER_RATELIMIT_EXCLUDED_IPS", "1.2.3.4,5.6.7.8");
        try (ConfigurableApplicationContext node = start(env,
                "--spring.config.location=optional:classpath:/no-config/", "--server.port=0")) {
            LavalinkServerProperties server = node.getBean(LavalinkServerProperties.class);
            assertThat(server.getPassword()).isEqualTo("from-env");
            assertThat(server.getBufferDurationMs()).isEqualTo(800);
            assertThat(server.getFrameBufferDurationMs()).isEqualTo(1000);
            assertThat(server.isFilterEnabled("channelMix")).isFalse();
            assertThat(server.isFilterEnabled("lowPass")).isFalse();
            assertThat(server.isFilterEnabled("karaoke")).isTrue();
            assertThat(server.getRatelimit().getExcludedIps()).containsExactly("1.2.3.4", "5.6.7.8");
        }
    }

    @Test
    void outOfRangeValuesFallBackAsInLavalink() {
        LavalinkServerProperties server = new LavalinkServerProperties();
        server.setBufferDurationMs(20);
        server.setFrameBufferDurationMs(100);
        server.setOpusEncodingQuality(11);
        server.setTrackStuckThresholdMs(50);
        assertThat(server.effectiveBufferDurationMs()).isEqualTo(400);
        assertThat(server.effectiveFrameBufferDurationMs()).isEqualTo(5000);
        assertThat(server.effectiveOpusEncodingQuality()).isEqualTo(10);
        assertThat(server.effectiveTrackStuckThresholdMs()).isEqualTo(10000);
        server.setBufferDurationMs(0);
        assertThat(server.effectiveBufferDurationMs()).as("0 disables the native queue").isZero();
    }

    @Test
    void theNodeRefusesToStartWithoutAPassword() {
        assertThatThrownBy(() -> start(Map.of(), "--spring.config.location=optional:classpath:/no-config/",
                "--server.port=0").close())
                .hasStackTraceContaining("lavalink.server.password is not set");
    }

    private static ConfigurableApplicationContext start(Map<String, Object> env, String... args) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        return new SpringApplicationBuilder(BasaltApplication.class).environment(environment)
                .web(WebApplicationType.SERVLET).run(args);
    }
}
