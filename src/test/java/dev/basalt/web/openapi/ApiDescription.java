package dev.basalt.web.openapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docs/openapi.yaml} as the tests use it: which operations and responses it documents, and whether a real
 * request or response matches the schema it documents.
 * <p>
 * Validation is stricter than the document: every object schema with listed properties is checked as if it had
 * {@code additionalProperties: false}, so a field the node sends but the document does not describe fails the test.
 * The document itself stays open to additions, so generated clients keep working when the node gains a field.
 */
final class ApiDescription {

    static final Path FILE = Path.of(System.getProperty("basedir", "."), "docs", "openapi.yaml");
    private static final String ID = "https://basalt.invalid/openapi.json";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static ApiDescription instance;

    private final String text;
    private final JsonNode document;
    private final SchemaRegistry schemas;

    private ApiDescription(String text) {
        this.text = text;
        this.document = YAMLMapper.builder().build().readTree(text);
        JsonNode strict = document.deepCopy();
        closeObjects(strict);
        this.schemas = SchemaRegistry.withDialect(Dialects.getOpenApi30(),
                builder -> builder.schemas(Map.of(ID, JsonMapper.builder().build().writeValueAsString(strict))));
    }

    static synchronized ApiDescription load() {
        if (instance == null) {
            try {
                instance = new ApiDescription(Files.readString(FILE));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + FILE.toAbsolutePath(), e);
            }
        }
        return instance;
    }

    String text() {
        return text;
    }

    JsonNode document() {
        return document;
    }

    /** Every documented operation as {@code "GET /v4/info"}. */
    Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return operations;
    }

    /**
     * The operations that exist only when a configuration property is {@code true}
     * ({@code x-basalt-enabled-by}), with that property.
     */
    Map<String, String> conditionalOperations() {
        Map<String, String> conditional = new java.util.TreeMap<>();
        for (String operation : operations()) {
            JsonNode property = at(operationPointer(operation) + "/x-basalt-enabled-by");
            if (property.isString()) {
                conditional.put(operation, property.asString());
            }
        }
        return conditional;
    }

    /** The operations a node with this configuration serves. */
    Set<String> operationsServedWith(org.springframework.core.env.Environment environment) {
        Set<String> served = new TreeSet<>(operations());
        conditionalOperations().forEach((operation, property) -> {
            if (!environment.getProperty(property, Boolean.class, false)) {
                served.remove(operation);
            }
        });
        return served;
    }

    /**
     * What is wrong with a real response to {@code operation} (for example {@code "GET /v4/sessions/{sessionId}"}):
     * an undocumented status, a wrong content type, a body that does not match the schema, or a body where the
     * document says there is none. Empty when the response is as documented.
     */
    List<String> responseProblems(String operation, HttpResponse<String> response) {
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        return responseProblems(operation, response.statusCode(), contentType, response.body());
    }

    List<String> responseProblems(String operation, int status, String contentType, String body) {
        String where = operation + " answered " + status;
        List<String> problems = new ArrayList<>();
        String pointer = operationPointer(operation);
        if (pointer == null) {
            return List.of(operation + " is not in docs/openapi.yaml");
        }
        String responsePointer = pointer + "/responses/" + status;
        JsonNode documented = at(responsePointer);
        if (documented.isMissingNode()) {
            return List.of(where + ", a status docs/openapi.yaml does not list for it");
        }
        if (documented.has("$ref")) {
            responsePointer = documented.get("$ref").asString().substring(1);
            documented = at(responsePointer);
        }
        JsonNode content = documented.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                problems.add(where + " with a body, but the document says it has none: " + abbreviate(body));
            }
            return problems;
        }
        if (contentType == null) {
            return List.of(where + " without a Content-Type; documented: " + content.propertyNames());
        }
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            return List.of(where + " with Content-Type " + contentType + "; documented: " + content.propertyNames());
        }
        if (mediaType.equals("application/json")) {
            String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
            for (String problem : problems(schemaPointer, body)) {
                problems.add(where + ": " + problem);
            }
        } else if (body == null || body.isEmpty()) {
            problems.add(where + " with an empty " + mediaType + " body");
        }
        return problems;
    }

    /** What is wrong with a request body this test sends to {@code operation}, by the document's request schema. */
    List<String> requestProblems(String operation, String body) {
        String pointer = operationPointer(operation);
        if (pointer == null) {
            return List.of(operation + " is not in docs/openapi.yaml");
        }
        String schemaPointer = pointer + "/requestBody/content/application~1json/schema";
        if (at(schemaPointer).isMissingNode()) {
            return List.of(operation + " documents no JSON request body");
        }
        return problems(schemaPointer, body).stream().map(p -> operation + " request: " + p).toList();
    }

    /** What is wrong with {@code json} as an instance of {@code components/schemas/<name>}. */
    List<String> schemaProblems(String name, String json) {
        String pointer = "/components/schemas/" + name;
        if (at(pointer).isMissingNode()) {
            return List.of("docs/openapi.yaml has no schema " + name);
        }
        return problems(pointer, json).stream().map(p -> name + ": " + p).toList();
    }

    JsonNode at(String pointer) {
        return document.at(pointer);
    }

    private List<String> problems(String pointer, String json) {
        Schema schema = schemas.getSchema(SchemaLocation.of(ID + "#" + pointer));
        List<Error> errors = schema.validate(json, InputFormat.JSON);
        return errors.stream().map(ApiDescription::describe).toList();
    }

    /** The validator's own messages lose their arguments with this dialect, so they are worded here. */
    private static String describe(Error e) {
        Object[] args = e.getArguments() == null ? new Object[0] : e.getArguments();
        String location = e.getInstanceLocation().toString();
        String what = switch (e.getKeyword()) {
            case "type" -> args.length >= 2 ? "is " + args[0] + " where the document says " + args[1] : e.getMessage();
            case "required" -> "has no '" + e.getProperty() + "', which the document requires";
            case "additionalProperties" -> "has '" + e.getProperty() + "', which the document does not describe";
            case "oneOf" -> "matches " + args[0] + " of the documented alternatives instead of exactly one";
            case "enum" -> "is " + e.getInstanceNode() + ", not one of the documented values";
            default -> e.getKeyword() + " " + e.getMessage() + " " + java.util.Arrays.toString(args);
        };
        String schema = e.getSchemaLocation().toString().replace(ID, "");
        return "at '" + (location.isEmpty() ? "/" : location) + "' " + what + " (" + schema + ")";
    }

    private String operationPointer(String operation) {
        String[] parts = operation.split(" ", 2);
        String pointer = "/paths/" + escape(parts[1]) + "/" + parts[0].toLowerCase(Locale.ROOT);
        return at(pointer).isMissingNode() ? null : pointer;
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String abbreviate(String body) {
        return body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }

    /** Adds {@code additionalProperties: false} to every object schema that lists properties and says nothing. */
    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.path("properties").isObject() && !object.has("additionalProperties")
                    && "object".equals(object.path("type").asString(""))) {
                object.put("additionalProperties", false);
            }
            for (Map.Entry<String, JsonNode> child : object.properties()) {
                closeObjects(child.getValue());
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                closeObjects(child);
            }
        }
    }
}
