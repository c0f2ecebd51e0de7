package dev.basalt.web;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request fields with the reference's rules: a missing key is "not given", {@code null} is accepted only
 * where a field is nullable, integers reject fractions, booleans must be JSON booleans. Every violation is a 400
 * that names the field.
 */
final class JsonFields {

    private JsonFields() {
    }

    /** Parses a request body; malformed JSON is a 400 that says where it broke. */
    static JsonNode parse(JsonMapper json, String body) {
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    static JsonNode object(JsonNode parent, String key) {
        JsonNode node = present(parent, key);
        if (node == null) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("'" + key + "' must be an object");
        }
        return node;
    }

    static String string(JsonNode parent, String key) {
        JsonNode node = present(parent, key);
        if (node == null) {
            return null;
        }
        if (!node.isString()) {
            throw ApiException.badRequest("'" + key + "' must be a string");
        }
        return node.stringValue();
    }

    static Long longValue(JsonNode parent, String key) {
        JsonNode node = present(parent, key);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw ApiException.badRequest("'" + key + "' must be an integer");
        }
        return node.longValue();
    }

    static Integer intValue(JsonNode parent, String key) {
        JsonNode node = present(parent, key);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiException.badRequest("'" + key + "' must be a 32-bit integer");
        }
        return node.intValue();
    }

    static Double doubleValue(JsonNode parent, String key) {
        JsonNode node = present(parent, key);
        if (node == null) {
            return null;
        }
        if (!node.isNumber()) {
            throw ApiException.badRequest("'" + key + "' must be a number");
        }
        return node.doubleValue();
    }

    static double doubleValue(JsonNode parent, String key, double fallback) {
        Double value = doubleValue(parent, key);
        return value == null ? fallback : value;
    }

    static Boolean bool(JsonNode parent, String key) {
        JsonNode node = present(parent, key);
        if (node == null) {
            return null;
        }
        if (!node.isBoolean()) {
            throw ApiException.badRequest("'" + key + "' must be true or false");
        }
        return node.booleanValue();
    }

    /** The node under {@code key}, null when the key is absent; a JSON null here is a 400 (not nullable). */
    static JsonNode present(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isNull()) {
            throw ApiException.badRequest("'" + key + "' must not be null");
        }
        return node;
    }

    /** Whether the key is there at all, JSON null included. */
    static boolean given(JsonNode parent, String key) {
        return parent.has(key);
    }

    static boolean givenAsNull(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        return node != null && node.isNull();
    }
}
