package dev.basalt.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the OpenAPI description of this API. The build copies {@code docs/openapi.yaml} next to this class, so the
 * node answers with exactly the document in the repository it was built from.
 */
@RestController
public class OpenApiController {

    public static final String PATH = "/v4/openapi.yaml";
    static final String RESOURCE = "openapi.yaml";
    static final MediaType YAML = MediaType.parseMediaType("application/yaml");

    private static final Logger log = LoggerFactory.getLogger(OpenApiController.class);

    private final byte[] document;

    OpenApiController() {
        this.document = load();
        if (document == null) {
            log.warn("The OpenAPI description is not in this build (docs/openapi.yaml was not packaged); "
                    + "{} answers 404", PATH);
        }
    }

    @GetMapping(path = PATH, produces = "application/yaml")
    public ResponseEntity<byte[]> document() {
        if (document == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "The OpenAPI description is not packaged in this build");
        }
        return ResponseEntity.ok().contentType(YAML).body(document);
    }

    private static byte[] load() {
        try (InputStream in = OpenApiController.class.getResourceAsStream(RESOURCE)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the packaged OpenAPI description", e);
        }
    }
}
