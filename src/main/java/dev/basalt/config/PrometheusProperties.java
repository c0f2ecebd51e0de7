package dev.basalt.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code metrics.prometheus.*}, as in Lavalink: the endpoint exists only when enabled. Whether it needs the password
 * depends on whether {@code endpoint} was set explicitly, which the metrics package reads from the environment.
 */
@ConfigurationProperties(prefix = "metrics.prometheus")
public class PrometheusProperties {

    public static final String DEFAULT_ENDPOINT = "/metrics";

    private boolean enabled = false;
    private String endpoint = DEFAULT_ENDPOINT;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }
}
