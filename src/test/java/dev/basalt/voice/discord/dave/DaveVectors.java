package dev.basalt.voice.discord.dave;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The DAVE vector files in src/test/resources/dave (origin in src/test/resources/README.md). */
final class DaveVectors {

    static final HexFormat HEX = HexFormat.of();

    private DaveVectors() {
    }

    static JsonNode load(String name) {
        try (InputStream in = DaveVectors.class.getResourceAsStream("/dave/" + name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the test classpath");
            }
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] hex(JsonNode node) {
        return HEX.parseHex(node.asString());
    }
}
