package dev.basalt.config;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Lavalink configuration Basalt reads but cannot act on yet (plugins, their settings). Such a file still starts the
 * node; the operator gets one line per section saying it is ignored, instead of a crash or silence.
 */
@Component
public class UnsupportedSettings {

    private static final Logger log = LoggerFactory.getLogger(UnsupportedSettings.class);

    public UnsupportedSettings(Environment environment) {
        Binder binder = Binder.get(environment);
        binder.bind("plugins", Bindable.mapOf(String.class, Object.class)).ifBound(sections -> sections.keySet()
                .forEach(name -> log.warn("Ignoring plugins.{}: Basalt does not load plugins yet", name)));
        binder.bind("lavalink.plugins", Bindable.listOf(Map.class)).ifBound(this::warnDependencies);
    }

    @SuppressWarnings("rawtypes")
    private void warnDependencies(List<Map> dependencies) {
        for (Map dependency : dependencies) {
            log.warn("Ignoring lavalink.plugins dependency {}: Basalt does not load plugins yet",
                    dependency.getOrDefault("dependency", dependency));
        }
    }
}
