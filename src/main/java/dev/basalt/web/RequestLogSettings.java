package dev.basalt.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Lavalink's {@code logging.request.*} keys, with Lavalink's defaults when a key is absent. */
@ConfigurationProperties(prefix = "logging.request")
public record RequestLogSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean includeClientInfo,
        @DefaultValue("false") boolean includeHeaders,
        @DefaultValue("true") boolean includeQueryString,
        @DefaultValue("true") boolean includePayload,
        @DefaultValue("10000") int maxPayloadLength,
        @DefaultValue("false") boolean beforeRequest) {
}
