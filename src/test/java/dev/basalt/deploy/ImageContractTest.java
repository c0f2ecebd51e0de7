package dev.basalt.deploy;

import static dev.basalt.deploy.HelmChart.Yamls.at;
import static dev.basalt.deploy.HelmChart.Yamls.list;
import static dev.basalt.deploy.HelmChart.Yamls.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.basalt.deploy.HelmChart.Manifests;
import dev.basalt.deploy.HelmChart.Yamls;

/**
 * What the chart assumes about the image the repository's Dockerfile builds (no Docker engine here, so the
 * Dockerfile is read): where the jar is, which user runs it, and where Basalt looks for its files.
 */
class ImageContractTest {

    private final Dockerfile dockerfile = Dockerfile.read();
    private final Map<String, Object> container;
    private final Map<String, Object> pod;

    ImageContractTest() {
        Manifests m = new HelmChart().render(Map.of("auth.password", "pw"));
        pod = map(at(m.one("StatefulSet"), "spec", "template", "spec"));
        container = map(list(pod.get("containers")).get(0));
    }

    @Test
    void theChartStartsTheJarTheImageContains() {
        assertThat(list(container.get("command"))).last().isEqualTo(dockerfile.jarPath());
    }

    @Test
    void theChartRunsAsTheImagesUser() {
        assertThat(at(pod, "securityContext", "runAsUser")).isEqualTo(dockerfile.uid());
    }

    @Test
    void configAndPluginsAreWhereBasaltLooksFromTheImagesWorkingDirectory() {
        // Spring reads ./config/application.yml by itself; the chart also names the directory explicitly
        assertThat(mountPath("config")).isEqualTo(dockerfile.workdir() + "/config");
        // Lavalink's default plugins directory is ./plugins
        assertThat(mountPath("plugins")).isEqualTo(dockerfile.workdir() + "/plugins");
    }

    private String mountPath(String volume) {
        return list(container.get("volumeMounts")).stream().map(Yamls::map)
                .filter(m -> volume.equals(m.get("name"))).map(m -> (String) m.get("mountPath"))
                .findFirst().orElseThrow();
    }

    /** The few facts of the runtime stage that the chart depends on. */
    record Dockerfile(String workdir, String jarPath, int uid) {

        static Dockerfile read() {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("Dockerfile"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            // only the last stage is the image
            int lastFrom = 0;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("FROM ")) {
                    lastFrom = i;
                }
            }
            String workdir = "/";
            String jar = null;
            Integer uid = null;
            Map<String, Integer> users = new java.util.HashMap<>();
            Pattern useradd = Pattern.compile("useradd .*--uid (\\d+)\\b.* (\\S+)\\s*$");
            for (String line : lines.subList(lastFrom, lines.size())) {
                String l = line.trim();
                Matcher added = useradd.matcher(l.replace("\\", "").trim());
                if (added.find()) {
                    users.put(added.group(2), Integer.parseInt(added.group(1)));
                }
                if (l.startsWith("WORKDIR ")) {
                    workdir = l.substring(8).trim().replaceAll("/$", "");
                } else if (l.startsWith("COPY ") && l.contains(".jar")) {
                    String[] parts = l.split("\\s+");
                    String target = parts[parts.length - 1];
                    jar = target.startsWith("/") ? target : workdir + "/" + target;
                } else if (l.startsWith("USER ")) {
                    String user = l.substring(5).trim().split(":")[0];
                    uid = user.matches("\\d+") ? Integer.valueOf(user) : users.get(user);
                }
            }
            assertThat(jar).as("the Dockerfile's COPY of the jar").isNotNull();
            assertThat(uid).as("the Dockerfile's USER").isNotNull();
            return new Dockerfile(workdir, jar, uid);
        }
    }
}
