package dev.basalt.web.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.basalt.health.HealthProbes;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/openapi.yaml on its own: valid OpenAPI 3.0, consistent, and strict enough to catch a wrong response. */
class OpenApiDocumentTest {

    private final ApiDescription api = ApiDescription.load();

    @Test
    void isValidOpenApiWithEveryReferenceResolved() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(api.text(), null, options);
        assertThat(result.getMessages()).as("swagger-parser's findings in docs/openapi.yaml").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.0.3");
        assertThat(result.getOpenAPI().getComponents().getSecuritySchemes().get("password").getName())
                .isEqualTo("Authorization");
    }

    /** Only the health probes answer without the password ({@code security: []}); they list no 401 or 403. */
    @Test
    void everyOperationHasAnIdAndDocumentsThePasswordCheck() {
        List<String> problems = new ArrayList<>();
        Set<String> open = new TreeSet<>();
        for (String operation : api.operations()) {
            String[] parts = operation.split(" ", 2);
            JsonNode op = api.document().path("paths").path(parts[1]).path(parts[0].toLowerCase());
            if (!op.hasNonNull("operationId")) {
                problems.add(operation + " has no operationId");
            }
            boolean withoutPassword = op.path("security").isArray() && op.path("security").isEmpty();
            if (withoutPassword) {
                open.add(operation);
            }
            for (String status : new String[]{"401", "403"}) {
                if (op.path("responses").has(status) == withoutPassword) {
                    problems.add(operation + (withoutPassword ? " needs no password but documents " : " does not document ")
                            + status);
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(open).containsExactly("GET " + HealthProbes.LIVENESS, "GET " + HealthProbes.READINESS);
    }

    @Test
    void everySchemaUsedByPathsAndTheSocketIsDefined() {
        List<String> missing = new ArrayList<>();
        collectRefs(api.document(), missing);
        assertThat(missing).as("$refs to nothing").isEmpty();
        for (String name : new String[]{"Track", "TrackInfo", "Player", "Filters", "VoiceState", "LoadResult",
                "ApiError", "TrackException", "Stats", "Info", "Session", "PlayerUpdate", "WebSocketMessage",
                "ReadyMessage", "PlayerUpdateMessage", "StatsMessage", "TrackStartEvent", "TrackEndEvent",
                "TrackExceptionEvent", "TrackStuckEvent",
                "WebSocketClosedEvent", "HealthStatus"}) {
            assertThat(api.at("/components/schemas/" + name).isMissingNode()).as(name).isFalse();
        }
    }

    /** Basalt's additions are in the document: {@code reconnecting} and the player's pipeline mode. */
    @Test
    void basaltsExtraFieldsAreDescribed() {
        JsonNode closed = api.at("/components/schemas/WebSocketClosedEvent/properties/reconnecting");
        assertThat(closed.path("type").asString()).isEqualTo("boolean");
        JsonNode mode = api.at("/components/schemas/Player/properties/pipelineMode");
        assertThat(mode.path("enum").toString()).isEqualTo("[\"passthrough\",\"transcode\"]");
        assertThat(api.at("/components/schemas/Player/required").toString()).doesNotContain("pipelineMode");
    }

    /** The spec's section 4 defaults are in the document, so generated clients fill in the same values. */
    @Test
    void filterDefaultsAreLavalinks() {
        Map<String, Double> defaults = Map.ofEntries(
                Map.entry("Karaoke/properties/level", 1.0), Map.entry("Karaoke/properties/monoLevel", 1.0),
                Map.entry("Karaoke/properties/filterBand", 220.0), Map.entry("Karaoke/properties/filterWidth", 100.0),
                Map.entry("Timescale/properties/speed", 1.0), Map.entry("Timescale/properties/pitch", 1.0),
                Map.entry("Timescale/properties/rate", 1.0), Map.entry("Tremolo/properties/frequency", 2.0),
                Map.entry("Tremolo/properties/depth", 0.5), Map.entry("Vibrato/properties/frequency", 2.0),
                Map.entry("Vibrato/properties/depth", 0.5), Map.entry("Rotation/properties/rotationHz", 0.0),
                Map.entry("Distortion/properties/sinScale", 1.0), Map.entry("Distortion/properties/offset", 0.0),
                Map.entry("ChannelMix/properties/leftToLeft", 1.0), Map.entry("ChannelMix/properties/leftToRight", 0.0),
                Map.entry("ChannelMix/properties/rightToLeft", 0.0),
                Map.entry("ChannelMix/properties/rightToRight", 1.0), Map.entry("LowPass/properties/smoothing", 20.0),
                Map.entry("EqualizerBand/properties/gain", 1.0), Map.entry("Filters/properties/volume", 1.0));
        defaults.forEach((field, value) -> assertThat(api.at("/components/schemas/" + field + "/default").asDouble())
                .as(field).isEqualTo(value));
        assertThat(api.at("/components/schemas/EqualizerBand/properties/band/maximum").asInt()).isEqualTo(14);
    }

    /**
     * The validation the conformance tests rely on rejects what it must: a missing field, an undocumented field,
     * a wrong type, an undocumented status. Without this a lenient validator would let every response through.
     */
    @Test
    void theValidatorRejectsResponsesThatDoNotMatch() {
        String track = "{\"encoded\":\"QAAA\",\"info\":{\"identifier\":\"x\",\"isSeekable\":true,\"author\":\"a\","
                + "\"length\":1,\"isStream\":false,\"position\":0,\"title\":\"t\",\"uri\":null,\"sourceName\":\"http\","
                + "\"artworkUrl\":null,\"isrc\":null},\"pluginInfo\":{},\"userData\":{}}";
        String ok = "{\"loadType\":\"track\",\"data\":" + track + "}";
        assertThat(api.responseProblems("GET /v4/loadtracks", 200, "application/json", ok)).isEmpty();

        assertThat(api.responseProblems("GET /v4/loadtracks", 200, "application/json",
                ok.replace("\"title\":\"t\",", ""))).isNotEmpty();
        assertThat(api.responseProblems("GET /v4/loadtracks", 200, "application/json",
                ok.replace("\"isrc\":null", "\"isrc\":null,\"bogus\":1"))).isNotEmpty();
        assertThat(api.responseProblems("GET /v4/loadtracks", 200, "application/json",
                ok.replace("\"length\":1", "\"length\":\"1\""))).isNotEmpty();
        assertThat(api.responseProblems("GET /v4/loadtracks", 200, "application/json",
                ok.replace("\"loadType\":\"track\"", "\"loadType\":\"search\""))).isNotEmpty();
        assertThat(api.responseProblems("GET /v4/loadtracks", 200, "application/json",
                "{\"loadType\":\"empty\",\"data\":null}")).isEmpty();
        assertThat(api.responseProblems("GET /v4/loadtracks", 418, "application/json", ok))
                .singleElement().asString().contains("does not list");
        assertThat(api.responseProblems("GET /v4/loadtracks", 401, null, "oops")).isNotEmpty();
        assertThat(api.responseProblems("GET /v4/nothing", 200, "application/json", ok)).isNotEmpty();

        String player = "{\"guildId\":\"1\",\"track\":null,\"volume\":100,\"paused\":false,"
                + "\"state\":{\"time\":1,\"position\":0,\"connected\":false,\"ping\":-1},"
                + "\"voice\":{\"token\":\"\",\"endpoint\":\"\",\"sessionId\":\"\",\"channelId\":null},\"filters\":{}}";
        assertThat(api.schemaProblems("Player", player)).isEmpty();
        assertThat(api.schemaProblems("Player", player.replace("\"filters\":{}",
                "\"filters\":{},\"pipelineMode\":\"transcode\""))).isEmpty();
        assertThat(api.schemaProblems("Player", player.replace("\"filters\":{}",
                "\"filters\":{},\"pipelineMode\":\"magic\""))).isNotEmpty();
        assertThat(api.schemaProblems("Player", player.replace("\"track\":null", "\"track\":{}"))).isNotEmpty();
        assertThat(api.schemaProblems("Player", player.replace("\"filters\":{}", "\"filters\":{\"volume\":\"loud\"}")))
                .isNotEmpty();
        assertThat(api.schemaProblems("WebSocketMessage", "{\"op\":\"ready\",\"resumed\":false,\"sessionId\":\"a\"}"))
                .isEmpty();
        assertThat(api.schemaProblems("WebSocketMessage", "{\"op\":\"ready\",\"resumed\":\"no\",\"sessionId\":\"a\"}"))
                .isNotEmpty();
        assertThat(api.schemaProblems("WebSocketMessage", "{\"op\":\"stats\",\"players\":0}")).isNotEmpty();
    }

    private void collectRefs(JsonNode node, List<String> missing) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isString() && api.at(ref.asString().substring(1)).isMissingNode()) {
                missing.add(ref.asString());
            }
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                collectRefs(child.getValue(), missing);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                collectRefs(child, missing);
            }
        }
    }
}
