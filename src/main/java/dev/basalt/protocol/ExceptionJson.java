package dev.basalt.protocol;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;

import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;

/** Lavalink's exception object: load errors describe the top-level exception, track events the innermost cause. */
public record ExceptionJson(String message, String severity, String cause, String causeStackTrace) {

    public static ExceptionJson ofLoadError(FriendlyException e) {
        return new ExceptionJson(e.getMessage(), severity(e), e.toString(), stackTrace(e));
    }

    public static ExceptionJson ofTrackError(FriendlyException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new ExceptionJson(e.getMessage(), severity(e), root.toString(), stackTrace(root));
    }

    private static String severity(FriendlyException e) {
        return e.severity == null ? "fault" : e.severity.name().toLowerCase(Locale.ROOT);
    }

    public static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
