package dev.basalt.protocol;

import java.util.Map;

/** A track as clients see it: the encoded string, its info, and the always-present pluginInfo and userData. */
public record TrackJson(String encoded, TrackInfoJson info, Map<String, Object> pluginInfo, Object userData) {
}
