package dev.basalt.health;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine here, so the Dockerfile is checked against what it relies on: the jar name the build produces,
 * the files it copies, the port the shipped configuration listens on, a health path that answers on the running node
 * without a password, a non-root user.
 */
@NodeTest
class DockerfileTest {

    private static List<String> instructions;

    @LocalServerPort
    int port;

    @BeforeAll
    static void read() throws IOException {
        // one instruction per entry: continuation lines joined, comments dropped
        instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("Dockerfile"))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                instructions.add(current.append(trimmed).toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
    }

    @Test
    void theRuntimeStageCopiesTheJarTheBuildProduces() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Element project = pom.getDocumentElement();
        Element build = child(project, "build");
        String finalName = build == null || child(build, "finalName") == null ? null
                : child(build, "finalName").getTextContent().strip();
        String jar = "target/" + (finalName != null ? finalName
                : child(project, "artifactId").getTextContent().strip() + "-"
                        + child(project, "version").getTextContent().strip()) + ".jar";
        assertThat(instructions).contains("COPY --from=build /src/" + jar + " basalt.jar");
        assertThat(instructions.get(instructions.size() - 1)).isEqualTo("ENTRYPOINT [\"java\", \"-jar\", \"basalt.jar\"]");
    }

    @Test
    void theBuildStageUsesTheMavenWrapperAndOnlyCopiesWhatExists() throws IOException {
        assertThat(instructions.get(0)).matches("FROM eclipse-temurin:(17|21)-jdk AS build");
        assertThat(instructions).anyMatch(i -> i.startsWith("RUN ") && i.contains("./mvnw -B")
                && i.contains(" package"));
        assertThat(instructions).filteredOn(i -> i.startsWith("FROM ")).last().asString()
                .matches("FROM eclipse-temurin:(17|21)-jre");
        List<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).map(String::strip).toList();
        assertThat(ignored).contains("target/", ".git/");
        Pattern copy = Pattern.compile("^COPY (?!--from)(.+) (\\S+)$");
        int copies = 0;
        for (String instruction : instructions) {
            Matcher m = copy.matcher(instruction);
            if (m.matches()) {
                for (String source : m.group(1).split(" ")) {
                    copies++;
                    assertThat(Path.of(source)).as(source).exists();
                    assertThat(ignored).as(source + " is not excluded by .dockerignore")
                            .noneMatch(pattern -> source.startsWith(pattern.replace("*", "")));
                }
            }
        }
        assertThat(copies).isGreaterThanOrEqualTo(5); // .mvn/, mvnw, pom.xml, src/, application.yml
    }

    @Test
    void exposeMatchesTheShippedConfigurationsPort() throws IOException {
        Map<String, Object> yaml = new Yaml().load(Files.readString(Path.of("application.yml")));
        @SuppressWarnings("unchecked")
        Object configured = ((Map<String, Object>) yaml.get("server")).get("port");
        assertThat(instructions).contains("EXPOSE " + configured);
        assertThat(instructions).contains("COPY application.yml application.yml");
    }

    @Test
    void theHealthcheckCallsTheLivenessProbeOfTheRunningNode() {
        String healthcheck = instructions.stream().filter(i -> i.startsWith("HEALTHCHECK ")).findFirst().orElseThrow();
        Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:\\$\\{SERVER_PORT:-(\\d+)}(/\\S*?)\"").matcher(healthcheck);
        assertThat(url.find()).as(healthcheck).isTrue();
        assertThat(instructions).contains("EXPOSE " + url.group(1));
        assertThat(healthcheck).contains("CMD curl -fsS ");
        // curl is installed in the runtime stage, not assumed
        assertThat(instructions).anyMatch(i -> i.contains("apt-get install -y --no-install-recommends curl"));
        NodeClient node = new NodeClient(port);
        HttpResponse<String> response = node.send(node.anonymous(url.group(2)).GET().build());
        assertThat(response.statusCode()).as(url.group(2)).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void theNodeRunsAsTheNonRootUserTheImageCreates() {
        String user = instructions.stream().filter(i -> i.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        Matcher ids = Pattern.compile("USER (\\d+):(\\d+)").matcher(user);
        assertThat(ids.matches()).as(user).isTrue();
        assertThat(Integer.parseInt(ids.group(1))).isPositive();
        assertThat(Integer.parseInt(ids.group(2))).isPositive();
        assertThat(instructions).anyMatch(i -> i.contains("useradd --uid " + ids.group(1) + " ")
                && i.contains("groupadd --gid " + ids.group(2) + " "));
        // everything after USER runs as that user: no RUN may come later and need root
        assertThat(instructions.subList(instructions.indexOf(user), instructions.size()))
                .noneMatch(i -> i.startsWith("RUN ") || i.startsWith("USER root") || i.startsWith("USER 0"));
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }
}
