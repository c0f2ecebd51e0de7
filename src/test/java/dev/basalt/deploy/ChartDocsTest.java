package dev.basalt.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** docs/kubernetes.md describes every value the chart has, so a new value cannot ship undocumented. */
class ChartDocsTest {

    /** Values documented as a whole: free-form maps and lists. */
    private static final Set<String> WHOLE = Set.of("config", "env", "imagePullSecrets", "podSecurityContext",
            "securityContext", "tolerations", "affinity", "topologySpreadConstraints", "nodeSelector",
            "podAnnotations", "podLabels", "metrics.dashboard.labels");

    @Test
    void theValuesTableNamesEveryValue() throws Exception {
        String docs = Files.readString(Path.of("docs", "kubernetes.md"));
        List<String> table = docs.lines().filter(l -> l.startsWith("| `")).toList();
        Map<String, Object> values = HelmChart.Yamls.map(new Yaml().load(new HelmChart().read("values.yaml")));
        List<String> missing = new ArrayList<>();
        for (String key : leaves("", values)) {
            int dot = key.lastIndexOf('.');
            String parent = key.substring(0, dot + 1);
            String last = key.substring(dot + 1);
            boolean documented = table.stream().anyMatch(row -> row.startsWith("| `" + key + "`")
                    || (row.startsWith("| `" + parent) && row.contains("`" + last + "`")));
            if (!documented) {
                missing.add(key);
            }
        }
        assertThat(missing).as("values missing from the table in docs/kubernetes.md").isEmpty();
    }

    private static List<String> leaves(String prefix, Map<String, Object> map) {
        List<String> keys = new ArrayList<>();
        map.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> m && !m.isEmpty() && !WHOLE.contains(key)) {
                keys.addAll(leaves(key + ".", HelmChart.Yamls.map(v)));
            } else {
                keys.add(key);
            }
        });
        return keys;
    }
}
