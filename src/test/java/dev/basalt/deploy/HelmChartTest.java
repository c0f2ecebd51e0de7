package dev.basalt.deploy;

import static dev.basalt.deploy.HelmChart.Yamls.at;
import static dev.basalt.deploy.HelmChart.Yamls.list;
import static dev.basalt.deploy.HelmChart.Yamls.map;
import static dev.basalt.deploy.HelmChart.Yamls.mapAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import com.marcnuri.helm.LintResult;

import dev.basalt.deploy.HelmChart.Manifests;
import dev.basalt.deploy.HelmChart.Yamls;

/**
 * The chart as helm renders it: what Kubernetes would receive, parsed and checked against the facts that make a
 * Basalt node work (ports, health paths, password handling, config keys, shutdown timing, memory).
 */
class HelmChartTest {

    private static final String PORT = "2333";
    private static final String PASSWORD = "pw-7f3a9c1e5b2d";
    private static final String LIVENESS = "/actuator/health/liveness";
    private static final String READINESS = "/actuator/health/readiness";
    /** Outside the heap: idle JVM (metaspace, code, GC, threads) ≈ 130 MB plus native memory per player. */
    private static final long MIN_NON_HEAP = 256L << 20;

    private final HelmChart chart = new HelmChart();

    // ---- lint, versions, refusals -----------------------------------------------------------------------------

    @Test
    void lintPassesStrictAsShippedAndWithAPassword(@TempDir Path copy) {
        assertClean(chart.lint(true));
        // As shipped, the missing password stops rendering early; with one, lint sees every template.
        HelmChart withPassword = chart.copyTo(copy)
                .edit("values.yaml", v -> v.replace("  password: \"\"", "  password: \"" + PASSWORD + "\""));
        assertClean(withPassword.lint(true));
    }

    private static void assertClean(LintResult lint) {
        assertThat(lint.isFailed()).as("lint failed: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void appVersionIsTheProjectVersionAndTheDefaultImageTag() throws Exception {
        String projectVersion = projectVersionFromPom();
        Map<String, Object> chartYaml = map(new Yaml().load(chart.read("Chart.yaml")));
        assertThat(chartYaml.get("appVersion")).isEqualTo(projectVersion);

        assertThat(container(render()).get("image")).isEqualTo("basalt:" + projectVersion);
        assertThat(container(render(Map.of("image.repository", "registry.example/basalt", "image.tag", "dev")))
                .get("image")).isEqualTo("registry.example/basalt:dev");
    }

    private static String projectVersionFromPom() throws Exception {
        var project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile()).getDocumentElement();
        for (var node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
            if ("version".equals(node.getNodeName())) {
                return node.getTextContent().trim();
            }
        }
        throw new AssertionError("pom.xml has no project version");
    }

    @Test
    void withoutAPasswordOrSecretTheChartRefusesToRender() {
        assertThatThrownBy(chart::render).hasMessageContaining("Basalt needs a password")
                .hasMessageContaining("auth.existingSecret");
    }

    @Test
    void aPasswordInTheConfigIsRefused() {
        assertThatThrownBy(() -> render(Map.of("config.lavalink.server.password", "leaked")))
                .hasMessageContaining("config.lavalink.server.password must not be set");
    }

    @Test
    void keysTheChartOwnsAreRefusedInTheConfig() {
        assertThatThrownBy(() -> render(Map.of("config.server.port", 8080)))
                .hasMessageContaining("config.server.port must not be set");
        assertThatThrownBy(() -> render(Map.of("config.metrics.prometheus.enabled", true)))
                .hasMessageContaining("use metrics.enabled");
        assertThatThrownBy(() -> render(Map.of("config.spring.lifecycle.timeout-per-shutdown-phase", "5s")))
                .hasMessageContaining("use shutdown.timeoutSeconds");
    }

    @Test
    void theSchemaRejectsValuesOfTheWrongType() {
        assertThatThrownBy(() -> render(Map.of("replicaCount", "three")))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining("replicaCount");
        assertThatThrownBy(() -> render(Map.of("metrics.enabled", "yes")))
                .hasMessageContaining("metrics");
        assertThatThrownBy(() -> render(Map.of("port", "http")))
                .hasMessageContaining("port");
        // a misspelt value name is an error, not silently ignored
        assertThatThrownBy(() -> render(Map.of("metrics.enabeld", true)))
                .hasMessageContaining("enabeld");
        assertThatThrownBy(() -> render(Map.of("resources.limits.memory", "lots")))
                .hasMessageContaining("memory");
    }

    @Test
    void everyRenderedObjectHasOnlyRealKubernetesFields(@TempDir Path copy) {
        Map<String, Object> everything = new HashMap<>(metricsOn());
        everything.put("replicaCount", 2);
        everything.put("service.type", "LoadBalancer");
        everything.put("priorityClassName", "voice");
        everything.put("serviceAccountName", "basalt");
        List<Map<String, Object>> objects = new java.util.ArrayList<>(render().objects());
        objects.addAll(render(everything).objects());
        objects.addAll(render(Map.of("auth.existingSecret", "mine", "podDisruptionBudget.maxUnavailable", "25%"))
                .objects());
        objects.add(testPod(copy, Map.of()));
        for (Map<String, Object> object : objects) {
            if (KubernetesSchema.knows(object)) {
                KubernetesSchema.check(object);
            } else {
                assertThat(object.get("kind")).isIn("ServiceMonitor", "PrometheusRule");
            }
        }
        assertThat(objects).filteredOn(KubernetesSchema::knows).extracting(o -> o.get("kind"))
                .contains("StatefulSet", "Service", "ConfigMap", "Secret", "PodDisruptionBudget", "Pod");

        // the check itself: a misspelt field fails
        Map<String, Object> sts = render().one("StatefulSet");
        Map<String, Object> securityContext = mapAt(map(list(at(sts, "spec", "template", "spec", "containers"))
                .get(0)), "securityContext");
        securityContext.put("readOnlyRootFileSystem", true);
        assertThatThrownBy(() -> KubernetesSchema.check(sts)).hasMessageContaining("readOnlyRootFileSystem");
    }

    // ---- workload shape --------------------------------------------------------------------------------------

    @Test
    void aStatefulSetBehindAHeadlessServiceGivesEveryPodItsOwnName() {
        Manifests m = render(Map.of("replicaCount", 3));
        Map<String, Object> sts = m.one("StatefulSet");
        Map<String, Object> headless = m.named("Service", "basalt-headless");
        assertThat(at(headless, "spec", "clusterIP")).isEqualTo("None");
        assertThat(at(sts, "spec", "serviceName")).isEqualTo("basalt-headless");
        assertThat(at(sts, "spec", "replicas")).isEqualTo(3);
        Map<String, Object> podLabels = mapAt(sts, "spec", "template", "metadata", "labels");
        assertThat(podLabels).containsAllEntriesOf(mapAt(headless, "spec", "selector"));
        assertThat(podLabels).containsAllEntriesOf(mapAt(sts, "spec", "selector", "matchLabels"));
        // no CPU autoscaler: scaling in would cut the players of the removed pods
        assertThat(m.ofKind("HorizontalPodAutoscaler")).isEmpty();
        assertThat(m.objects()).extracting(o -> o.get("kind")).doesNotContain("Deployment");

        Map<String, Object> pdb = m.one("PodDisruptionBudget");
        assertThat(at(pdb, "spec", "maxUnavailable")).isEqualTo(1);
        assertThat(podLabels).containsAllEntriesOf(mapAt(pdb, "spec", "selector", "matchLabels"));
    }

    @Test
    void containerServiceAndProbesAllUseTheNodePort() {
        Manifests m = render();
        Map<String, Object> container = container(m);
        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertThat(list(container.get("ports"))).hasSize(1);
        assertThat(port).containsEntry("containerPort", 2333).containsEntry("protocol", "TCP");

        for (Map<String, Object> service : m.ofKind("Service")) {
            Map<String, Object> servicePort = map(list(at(service, "spec", "ports")).get(0));
            assertThat(servicePort.get("port")).isEqualTo(2333);
            assertThat(resolvePort(container, servicePort.get("targetPort"))).isEqualTo(2333);
        }
        assertThat(applicationYaml(m)).containsEntry("server.port", 2333);

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            assertThat(resolvePort(container, at(map(container.get(probe)), "httpGet", "port")))
                    .as(probe).isEqualTo(2333);
        }
    }

    @Test
    void probesAskTheUnauthenticatedHealthEndpoints() {
        Map<String, Object> container = container(render());
        assertThat(at(map(container.get("startupProbe")), "httpGet", "path")).isEqualTo(LIVENESS);
        assertThat(at(map(container.get("livenessProbe")), "httpGet", "path")).isEqualTo(LIVENESS);
        assertThat(at(map(container.get("readinessProbe")), "httpGet", "path")).isEqualTo(READINESS);
        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            // kubelet probes cannot read a Secret: the paths must not need the password
            assertThat(at(map(container.get(probe)), "httpGet", "httpHeaders")).as(probe).isNull();
        }
        // startup may take a while on a busy node; liveness only starts after it
        Map<String, Object> startup = map(container.get("startupProbe"));
        assertThat((int) startup.get("periodSeconds") * (int) startup.get("failureThreshold")).isGreaterThanOrEqualTo(60);
    }

    // ---- password --------------------------------------------------------------------------------------------

    @Test
    void thePasswordIsOnlyInTheSecretAndReachesBasaltFromIt() {
        Manifests m = render();
        Map<String, Object> secret = m.one("Secret");
        String encoded = (String) mapAt(secret, "data").get("password");
        assertThat(new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)).isEqualTo(PASSWORD);

        Map<String, Object> env = env(container(m), "LAVALINK_SERVER_PASSWORD");
        assertThat(env).doesNotContainKey("value");
        assertThat(mapAt(env, "valueFrom", "secretKeyRef"))
                .containsEntry("name", at(secret, "metadata", "name"))
                .containsEntry("key", "password");

        for (String other : m.othersThan(secret)) {
            assertThat(other).doesNotContain(PASSWORD).doesNotContain(encoded);
        }
        assertThat(configMapText(m)).doesNotContain("password");
    }

    @Test
    void anExistingSecretIsReferencedAndNoneIsCreated(@TempDir Path copy) {
        Map<String, Object> values = Map.of("auth.existingSecret", "voice-node-auth", "auth.existingSecretKey", "token");
        Manifests m = chart.render(values);
        assertThat(m.ofKind("Secret")).isEmpty();
        assertThat(mapAt(env(container(m), "LAVALINK_SERVER_PASSWORD"), "valueFrom", "secretKeyRef"))
                .containsEntry("name", "voice-node-auth").containsEntry("key", "token");

        Map<String, Object> testPod = testPod(copy, values);
        assertThat(mapAt(env(map(list(at(testPod, "spec", "containers")).get(0)), "LAVALINK_SERVER_PASSWORD"),
                "valueFrom", "secretKeyRef")).containsEntry("name", "voice-node-auth").containsEntry("key", "token");
    }

    @Test
    void theHelmTestPodAsksEveryNodeForItsVersionWithThePassword(@TempDir Path copy) {
        Map<String, Object> pod = testPod(copy, Map.of("auth.password", PASSWORD, "replicaCount", 2));
        Map<String, Object> container = map(list(at(pod, "spec", "containers")).get(0));
        assertThat(mapAt(env(container, "LAVALINK_SERVER_PASSWORD"), "valueFrom", "secretKeyRef"))
                .containsEntry("name", "basalt").containsEntry("key", "password");
        assertThat(env(container, "NODES").get("value"))
                .isEqualTo("basalt-0.basalt-headless:" + PORT + " basalt-1.basalt-headless:" + PORT);
        String script = String.join(" ", list(container.get("command")).stream().map(String::valueOf).toList());
        assertThat(script)
                .contains("--header \"Authorization: $LAVALINK_SERVER_PASSWORD\" \"http://$node/version\"")
                .doesNotContain(PASSWORD);
        assertThat(at(pod, "spec", "restartPolicy")).isEqualTo("Never");
    }

    // ---- configuration ---------------------------------------------------------------------------------------

    @Test
    void everyRenderedConfigKeyIsOneBasaltReads() {
        assertThat(KnownKeys.unknown(applicationYaml(render()))).isEmpty();
        Map<String, Object> custom = new HashMap<>(metricsOn());
        custom.put("config.lavalink.server.sources.youtube", true);
        custom.put("config.lavalink.server.timeouts.socketTimeoutMs", 5000);
        custom.put("config.lavalink.server.httpConfig.proxyHost", "proxy.internal");
        custom.put("config.logging.level.com\\.sedmelluq\\.discord\\.lavaplayer", "WARN");
        custom.put("config.logging.request.includeHeaders", false);
        custom.put("config.server.address", "0.0.0.0");
        Map<String, Object> yaml = applicationYaml(render(custom));
        assertThat(yaml).containsEntry("lavalink.server.timeouts.socketTimeoutMs", 5000)
                .containsEntry("logging.level.com.sedmelluq.discord.lavaplayer", "WARN");
        assertThat(KnownKeys.unknown(yaml)).isEmpty();
    }

    @Test
    void aMisspeltConfigKeyIsCaught() {
        assertThat(KnownKeys.unknown(applicationYaml(render(Map.of("config.lavalink.server.sources.youtub", true)))))
                .containsExactly("lavalink.server.sources.youtub: no such property in LavalinkServerProperties");
        assertThat(KnownKeys.unknown(applicationYaml(render(Map.of("config.lavalink.server.filters.lowpas", true)))))
                .containsExactly("lavalink.server.filters.lowpas: Basalt has no filter named lowpas");
        assertThat(KnownKeys.unknown(applicationYaml(render(Map.of("config.lavalink.sever.password", "x")))))
                .containsExactly("lavalink.sever.password: not a key Basalt reads");
        assertThat(KnownKeys.unknown(applicationYaml(render(Map.of("config.server.prot", 1)))))
                .containsExactly("server.prot: no such property in ServerProperties");
        assertThat(KnownKeys.unknown(applicationYaml(render(Map.of("config.lavalink.server.bufferDurationMs", "lots")))))
                .singleElement().asString().startsWith("lavalink.server.buffer-duration-ms: ");
    }

    @Test
    void theConfigMapIsMountedWhereSpringReadsItAndAChangeRestartsThePods() {
        Manifests m = render();
        Map<String, Object> sts = m.one("StatefulSet");
        Map<String, Object> container = container(m);
        String location = (String) env(container, "SPRING_CONFIG_ADDITIONAL_LOCATION").get("value");
        Map<String, Object> mount = mount(container, "config");
        assertThat(location).isEqualTo(mount.get("mountPath") + "/");
        assertThat(mount.get("readOnly")).isEqualTo(true);
        assertThat(at(volume(sts, "config"), "configMap", "name")).isEqualTo(at(m.one("ConfigMap"), "metadata", "name"));
        assertThat(mapAt(m.one("ConfigMap"), "data")).containsOnlyKeys("application.yml");

        String checksum = checksum(sts);
        assertThat(checksum).matches("[0-9a-f]{64}");
        assertThat(checksum(render().one("StatefulSet"))).isEqualTo(checksum);
        assertThat(checksum(render(Map.of("config.lavalink.server.sources.youtube", true)).one("StatefulSet")))
                .isNotEqualTo(checksum);
    }

    private static String checksum(Map<String, Object> sts) {
        return (String) mapAt(sts, "spec", "template", "metadata", "annotations").get("checksum/config");
    }

    // ---- shutdown --------------------------------------------------------------------------------------------

    @Test
    void theGracePeriodCoversThePreStopWaitAndBasaltsShutdown() {
        assertShutdownFits(render());
        assertShutdownFits(render(Map.of("shutdown.timeoutSeconds", 50, "shutdown.preStopSleepSeconds", 5,
                "terminationGracePeriodSeconds", 70)));
        assertThatThrownBy(() -> render(Map.of("shutdown.timeoutSeconds", 50)))
                .hasMessageContaining("terminationGracePeriodSeconds (60) must be larger than")
                .hasMessageContaining("(60)");
    }

    private static void assertShutdownFits(Manifests m) {
        Map<String, Object> container = container(m);
        List<Object> preStop = list(at(map(container.get("lifecycle")), "preStop", "exec", "command"));
        assertThat(preStop.get(0)).isEqualTo("sleep");
        long sleep = Long.parseLong((String) preStop.get(1));
        Duration shutdown = KnownKeys.shutdownTimeout(applicationYaml(m));
        int grace = (int) at(m.one("StatefulSet"), "spec", "template", "spec", "terminationGracePeriodSeconds");
        assertThat(Duration.ofSeconds(grace)).isGreaterThan(Duration.ofSeconds(sleep).plus(shutdown));
    }

    // ---- resources and security ------------------------------------------------------------------------------

    @Test
    void theHeapLeavesRoomForWhatIsNotHeapWithinTheMemoryLimit() {
        assertMemoryConsistent(container(render()));
        assertMemoryConsistent(container(render(Map.of("resources.limits.memory", "2Gi",
                "resources.requests.memory", "2Gi", "resources.requests.cpu", "2", "jvm.maxRAMPercentage", 70))));
    }

    private static void assertMemoryConsistent(Map<String, Object> container) {
        long limit = bytes(at(map(container.get("resources")), "limits", "memory"));
        long request = bytes(at(map(container.get("resources")), "requests", "memory"));
        // a memory request below the limit lets the node overcommit; Basalt's players would be the ones killed
        assertThat(request).isEqualTo(limit);
        // a CPU limit throttles the 20 ms audio threads
        assertThat(at(map(container.get("resources")), "limits", "cpu")).isNull();

        String options = (String) env(container, "JAVA_TOOL_OPTIONS").get("value");
        Matcher percentage = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(?:\\.\\d+)?)").matcher(options);
        assertThat(percentage.find()).as(options).isTrue();
        assertThat(options).doesNotContain("-Xmx").doesNotContain("MaxRAM=");
        long heap = (long) (limit * Double.parseDouble(percentage.group(1)) / 100);
        assertThat(limit - heap).as("memory outside the heap").isGreaterThanOrEqualTo(MIN_NON_HEAP);
        // the image's own JVM flags must not override JAVA_TOOL_OPTIONS: the chart starts java itself
        assertThat(list(container.get("command"))).containsExactly("java", "-jar", "/opt/basalt/basalt.jar");
    }

    /** A Kubernetes memory quantity in bytes. */
    static long bytes(Object quantity) {
        Matcher m = Pattern.compile("(\\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?").matcher(String.valueOf(quantity));
        assertThat(m.matches()).as("memory quantity %s", quantity).isTrue();
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2);
        return switch (unit) {
            case "Ki" -> n << 10;
            case "Mi" -> n << 20;
            case "Gi" -> n << 30;
            case "Ti" -> n << 40;
            case "k" -> n * 1_000;
            case "M" -> n * 1_000_000;
            case "G" -> n * 1_000_000_000;
            case "T" -> n * 1_000_000_000_000L;
            default -> n;
        };
    }

    @Test
    void basaltRunsAsNonRootOnAReadOnlyRootWithWritableTmpAndPlugins() {
        Manifests m = render();
        Map<String, Object> sts = m.one("StatefulSet");
        Map<String, Object> pod = mapAt(sts, "spec", "template", "spec");
        Map<String, Object> container = container(m);
        assertThat(mapAt(pod, "securityContext")).containsEntry("runAsNonRoot", true).containsEntry("runAsUser", 10001);
        assertThat(mapAt(container, "securityContext"))
                .containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(list(at(container, "securityContext", "capabilities", "drop"))).containsExactly("ALL");
        assertThat(pod.get("automountServiceAccountToken")).isEqualTo(false);

        assertThat(mount(container, "tmp").get("mountPath")).isEqualTo("/tmp");
        assertThat(mount(container, "plugins").get("mountPath")).isEqualTo("/opt/basalt/plugins");
        assertThat(volume(sts, "tmp")).containsKey("emptyDir");
        assertThat(volume(sts, "plugins")).containsKey("emptyDir");
        assertThat(mount(container, "tmp")).doesNotContainKey("readOnly");
    }

    // ---- metrics ---------------------------------------------------------------------------------------------

    @Test
    void withoutMetricsNoMonitoringObjectsAndNoMetricsKeys() {
        Manifests m = render();
        assertThat(m.ofKind("ServiceMonitor")).isEmpty();
        assertThat(m.ofKind("PrometheusRule")).isEmpty();
        assertThat(m.ofKind("ConfigMap")).hasSize(1);
        assertThat(applicationYaml(m)).doesNotContainKeys("metrics.prometheus.enabled", "metrics.prometheus.endpoint");
    }

    @Test
    void metricsOnScrapesEachPodOnceAtTheAnonymousEndpoint() {
        Manifests m = render(metricsOn());
        Map<String, Object> yaml = applicationYaml(m);
        // set explicitly: only then does the endpoint answer without the password
        assertThat(yaml).containsEntry("metrics.prometheus.enabled", true)
                .containsEntry("metrics.prometheus.endpoint", "/metrics");

        Map<String, Object> monitor = m.one("ServiceMonitor");
        Map<String, Object> endpoint = map(list(at(monitor, "spec", "endpoints")).get(0));
        assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/metrics")
                .doesNotContainKeys("bearerTokenSecret", "authorization", "basicAuth");
        Map<String, Object> selector = mapAt(monitor, "spec", "selector", "matchLabels");
        List<Map<String, Object>> selected = m.ofKind("Service").stream()
                .filter(s -> mapAt(s, "metadata", "labels").entrySet().containsAll(selector.entrySet()))
                .toList();
        assertThat(selected).singleElement()
                .satisfies(s -> assertThat(at(s, "spec", "clusterIP")).isEqualTo("None"));
        assertThat(list(at(monitor, "spec", "namespaceSelector", "matchNames"))).containsExactly(HelmChart.NAMESPACE);

        Map<String, Object> custom = applicationYaml(render(Map.of("metrics.enabled", true, "metrics.path", "/prom",
                "metrics.serviceMonitor.enabled", true)));
        assertThat(custom).containsEntry("metrics.prometheus.endpoint", "/prom");
    }

    @Test
    void alertRulesAndDashboardComeFromTheChartsFiles() {
        Manifests m = render(metricsOn());
        Object rules = new Yaml().load(chart.read("files/prometheus-rules.yaml"));
        assertThat(m.one("PrometheusRule").get("spec")).isEqualTo(rules);
        assertThat(list(mapAt(m.one("PrometheusRule"), "spec").get("groups"))).isNotEmpty();

        Map<String, Object> dashboard = m.named("ConfigMap", "basalt-dashboard");
        assertThat(mapAt(dashboard, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
        assertThat(((String) mapAt(dashboard, "data").get("basalt-dashboard.json")).strip())
                .isEqualTo(chart.read("files/grafana-dashboard.json").strip());
    }

    @Test
    void aServiceMonitorWithoutMetricsIsRefused() {
        assertThatThrownBy(() -> render(Map.of("metrics.serviceMonitor.enabled", true)))
                .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.enabled: true");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static Map<String, Object> metricsOn() {
        return Map.of("metrics.enabled", true, "metrics.serviceMonitor.enabled", true,
                "metrics.prometheusRule.enabled", true, "metrics.dashboard.enabled", true);
    }

    /** Renders with a password unless the values bring their own Secret. */
    private Manifests render(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        if (!all.containsKey("auth.existingSecret")) {
            all.putIfAbsent("auth.password", PASSWORD);
        }
        return chart.render(all);
    }

    private Manifests render() {
        return render(Map.of());
    }

    /**
     * The {@code helm test} pod. helm-java's template leaves hooks out, so a copy of the chart renders the same
     * template with its hook annotation renamed.
     */
    private Map<String, Object> testPod(Path copy, Map<String, Object> values) {
        HelmChart plain = chart.copyTo(copy).edit("templates/tests/test-version.yaml",
                t -> t.replace("\"helm.sh/hook\": test", "\"rendered-by\": test"));
        Map<String, Object> all = new HashMap<>(values);
        if (!all.containsKey("auth.existingSecret")) {
            all.putIfAbsent("auth.password", PASSWORD);
        }
        Manifests m = plain.render(all);
        assertThat(chart.read("templates/tests/test-version.yaml")).contains("\"helm.sh/hook\": test");
        return m.named("Pod", "basalt-test-version");
    }

    private static Map<String, Object> container(Manifests m) {
        List<Object> containers = list(at(m.one("StatefulSet"), "spec", "template", "spec", "containers"));
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    private static Map<String, Object> env(Map<String, Object> container, String name) {
        return list(container.get("env")).stream().map(Yamls::map)
                .filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static Map<String, Object> mount(Map<String, Object> container, String volume) {
        return list(container.get("volumeMounts")).stream().map(Yamls::map)
                .filter(v -> volume.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no mount of " + volume));
    }

    private static Map<String, Object> volume(Map<String, Object> sts, String name) {
        return list(at(sts, "spec", "template", "spec", "volumes")).stream().map(Yamls::map)
                .filter(v -> name.equals(v.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    private static int resolvePort(Map<String, Object> container, Object port) {
        if (port instanceof Integer number) {
            return number;
        }
        return list(container.get("ports")).stream().map(Yamls::map)
                .filter(p -> port.equals(p.get("name"))).map(p -> (int) p.get("containerPort")).findFirst()
                .orElseThrow(() -> new AssertionError("no container port named " + port));
    }

    private static String configMapText(Manifests m) {
        return (String) mapAt(m.named("ConfigMap", "basalt"), "data").get("application.yml");
    }

    /** The ConfigMap's application.yml, flattened to Spring property names. */
    private static Map<String, Object> applicationYaml(Manifests m) {
        return Yamls.flatten(map(new Yaml().load(configMapText(m))));
    }

}
