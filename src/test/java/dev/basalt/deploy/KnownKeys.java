package dev.basalt.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;

import dev.basalt.config.LavalinkServerProperties;
import dev.basalt.player.filter.FilterSettings;

/**
 * Which keys of an {@code application.yml} Basalt reads. {@code lavalink.server}, {@code server} and
 * {@code spring.lifecycle} are bound to the real property classes with a handler that refuses any key nothing binds
 * (so {@code lavalink.server.sources.youtub} is caught, and so is a value of the wrong type); filter names are
 * Basalt's filters; the few keys read elsewhere (metrics, logging, plugins) are listed as documented in
 * docs/configuration.md.
 */
final class KnownKeys {

    private static final List<Pattern> DOCUMENTED_ELSEWHERE = List.of(
            Pattern.compile("metrics\\.prometheus\\.(enabled|endpoint)"),
            Pattern.compile("logging\\.level\\..+"),
            Pattern.compile("logging\\.file\\.(path|name)"),
            Pattern.compile("logging\\.logback\\.rollingpolicy\\.(max-file-size|max-history)"),
            Pattern.compile("logging\\.request\\.(enabled|includeClientInfo|includeHeaders|includeQueryString"
                    + "|includePayload|maxPayloadLength|beforeRequest)"),
            Pattern.compile("plugins\\..+"),
            Pattern.compile("lavalink\\.plugins(\\[\\d+]\\..+)?"),
            Pattern.compile("lavalink\\.(pluginsDir|defaultPluginRepository|defaultPluginSnapshotRepository)"));

    private static final Set<String> FILTERS = normalised(FilterSettings.NAMES);

    private KnownKeys() {
    }

    /** Every key of {@code flat} (Spring property names) that Basalt would ignore, each with the reason. */
    static List<String> unknown(Map<String, Object> flat) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> bound = new TreeMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("lavalink.server.filters.")) {
                String filter = key.substring("lavalink.server.filters.".length());
                if (!FILTERS.contains(normalise(filter))) {
                    problems.add(key + ": Basalt has no filter named " + filter);
                }
            } else if (key.startsWith("lavalink.server.") || key.startsWith("server.")
                    || key.startsWith("spring.lifecycle.")) {
                bound.put(key, e.getValue());
            } else if (DOCUMENTED_ELSEWHERE.stream().noneMatch(p -> p.matcher(key).matches())) {
                problems.add(key + ": not a key Basalt reads");
            }
        }
        Binder binder = new Binder(new MapConfigurationPropertySource(bound));
        bindAll(binder, "lavalink.server", LavalinkServerProperties.class, problems);
        bindAll(binder, "server", ServerProperties.class, problems);
        bindAll(binder, "spring.lifecycle", LifecycleProperties.class, problems);
        return problems;
    }

    /** {@code spring.lifecycle.timeout-per-shutdown-phase} as Spring reads it. */
    static Duration shutdownTimeout(Map<String, Object> flat) {
        Binder binder = new Binder(new MapConfigurationPropertySource(flat));
        return binder.bind("spring.lifecycle", LifecycleProperties.class)
                .map(LifecycleProperties::getTimeoutPerShutdownPhase)
                .orElseGet(() -> new LifecycleProperties().getTimeoutPerShutdownPhase());
    }

    private static void bindAll(Binder binder, String prefix, Class<?> type, List<String> problems) {
        try {
            binder.bind(prefix, Bindable.of(type), new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
        } catch (BindException e) {
            if (e.getCause() instanceof UnboundConfigurationPropertiesException unbound) {
                for (ConfigurationProperty property : unbound.getUnboundProperties()) {
                    problems.add(property.getName() + ": no such property in " + type.getSimpleName());
                }
            } else {
                problems.add(e.getProperty() == null ? e.getMessage()
                        : e.getProperty().getName() + ": " + e.getCause().getMessage());
            }
        }
    }

    private static Set<String> normalised(List<String> names) {
        return Set.copyOf(names.stream().map(KnownKeys::normalise).toList());
    }

    /** As {@link LavalinkServerProperties#isFilterEnabled}: case and separators do not matter. */
    private static String normalise(String name) {
        return name.replaceAll("[-_.]", "").toLowerCase(Locale.ROOT);
    }
}
