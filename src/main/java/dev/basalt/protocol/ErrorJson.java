package dev.basalt.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Lavalink's REST error body; {@code trace} only when the request asked for it. */
public record ErrorJson(long timestamp, int status, String error,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String trace,
                        String message, String path) {
}
