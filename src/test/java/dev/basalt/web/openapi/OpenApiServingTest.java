package dev.basalt.web.openapi;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import dev.basalt.support.NodeClient;
import dev.basalt.support.NodeTest;
import dev.basalt.web.OpenApiController;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The node serves docs/openapi.yaml unchanged, behind the password like every route. */
@NodeTest
class OpenApiServingTest {

    @LocalServerPort
    int port;

    @Test
    void servesTheRepositorysDocumentByteForByte() throws Exception {
        NodeClient node = new NodeClient(port);
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(node.request(OpenApiController.PATH).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/yaml");
        assertThat(response.headers().firstValue("Lavalink-Api-Version")).contains("4");
        assertThat(response.body()).isEqualTo(Files.readAllBytes(ApiDescription.FILE));
    }

    /** info.version is the protocol version the node reports, so a generated client names the right API. */
    @Test
    void theDocumentsVersionIsTheNodesVersion() {
        String version = new NodeClient(port).get("/version").body();
        assertThat(ApiDescription.load().document().path("info").path("version").asString()).isEqualTo(version);
    }

    @Test
    void needsThePassword() {
        NodeClient node = new NodeClient(port);
        HttpResponse<String> missing = node.send(node.anonymous(OpenApiController.PATH).build());
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.body()).isEmpty();
        HttpResponse<String> wrong = node.send(node.anonymous(OpenApiController.PATH)
                .header("Authorization", "not the password").build());
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).isEmpty();
    }
}
