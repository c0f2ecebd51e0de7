package dev.basalt.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/** The chart in {@code helm/basalt}, linted and rendered by helm itself. */
final class HelmChart {

    static final Path DIRECTORY = Path.of("helm", "basalt").toAbsolutePath();
    static final String RELEASE = "basalt";
    static final String NAMESPACE = "voice";

    private final Path directory;
    private final Helm helm;

    HelmChart() {
        this(DIRECTORY);
    }

    private HelmChart(Path directory) {
        this.directory = directory;
        this.helm = new Helm(directory);
    }

    /** A copy of the chart in {@code target}, for checks that need to change one of its files. */
    HelmChart copyTo(Path target) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path source : files.toList()) {
                Path copy = target.resolve(directory.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new HelmChart(target);
    }

    /** Rewrites one file of this chart (use on a copy only). */
    HelmChart edit(String file, UnaryOperator<String> change) {
        Path path = directory.resolve(file);
        try {
            String before = Files.readString(path);
            String after = change.apply(before);
            if (after.equals(before)) {
                throw new IllegalArgumentException("the edit changed nothing in " + file);
            }
            Files.writeString(path, after);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    String read(String file) {
        try {
            return Files.readString(directory.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    LintResult lint(boolean strict) {
        var lint = helm.lint();
        return strict ? lint.strict().call() : lint.call();
    }

    /** {@code helm template} with {@code --set key=value} for each entry; throws helm's error when it fails. */
    Manifests render(Map<String, Object> values) {
        TemplateCommand template = helm.template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return Manifests.parse(template.call());
    }

    Manifests render() {
        return render(Map.of());
    }

    /** The objects one rendering produced, by kind and name. */
    record Manifests(String text, List<Map<String, Object>> objects) {

        static Manifests parse(String text) {
            List<Map<String, Object>> objects = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
                if (document != null) {
                    objects.add(Yamls.map(document));
                }
            }
            return new Manifests(text, objects);
        }

        List<Map<String, Object>> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> found = ofKind(kind);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind + ", rendered " + found.size());
            }
            return found.get(0);
        }

        Map<String, Object> named(String kind, String name) {
            return ofKind(kind).stream()
                    .filter(o -> name.equals(Yamls.at(o, "metadata", "name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
        }

        /** Every rendered object except the given one, as text. */
        List<String> othersThan(Map<String, Object> object) {
            List<String> others = new ArrayList<>();
            for (Map<String, Object> o : objects) {
                if (o != object) {
                    others.add(new Yaml().dump(o));
                }
            }
            return others;
        }
    }

    /** Navigation in parsed YAML. */
    static final class Yamls {

        private Yamls() {
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object value) {
            return (Map<String, Object>) Objects.requireNonNull(value, "missing map");
        }

        @SuppressWarnings("unchecked")
        static List<Object> list(Object value) {
            return (List<Object>) Objects.requireNonNull(value, "missing list");
        }

        static Object at(Map<String, Object> root, String... path) {
            Object current = root;
            for (String key : path) {
                if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                    return null;
                }
                current = m.get(key);
            }
            return current;
        }

        static Map<String, Object> mapAt(Map<String, Object> root, String... path) {
            return map(at(root, path));
        }

        /** Nested YAML maps flattened to Spring's property names ({@code a.b[0].c}). */
        static Map<String, Object> flatten(Map<String, Object> root) {
            Map<String, Object> flat = new LinkedHashMap<>();
            flatten("", root, flat);
            return flat;
        }

        private static void flatten(String prefix, Object value, Map<String, Object> into) {
            if (value instanceof Map<?, ?> m) {
                m.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, into));
            } else if (value instanceof List<?> l) {
                for (int i = 0; i < l.size(); i++) {
                    flatten(prefix + "[" + i + "]", l.get(i), into);
                }
            } else {
                into.put(prefix, value);
            }
        }
    }
}
