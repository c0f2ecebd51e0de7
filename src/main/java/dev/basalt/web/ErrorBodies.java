package dev.basalt.web;

import dev.basalt.protocol.ErrorJson;
import dev.basalt.protocol.ExceptionJson;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.HttpStatus;

/** Builds Lavalink's error body; the stack trace is included only when the request asked with {@code trace}. */
final class ErrorBodies {

    private ErrorBodies() {
    }

    static ErrorJson of(HttpServletRequest request, HttpStatusCode status, String message, Throwable cause) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String trace = wantsTrace(request) && cause != null ? ExceptionJson.stackTrace(cause) : null;
        return new ErrorJson(System.currentTimeMillis(), status.value(),
                known == null ? "Unknown" : known.getReasonPhrase(), trace, message, request.getRequestURI());
    }

    private static boolean wantsTrace(HttpServletRequest request) {
        String trace = request.getParameter("trace");
        return trace != null && !trace.equalsIgnoreCase("false");
    }
}
