package dev.basalt.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.basalt.player.filter.FilterSettings;
import tools.jackson.databind.JsonNode;

import static dev.basalt.web.JsonFields.doubleValue;
import static dev.basalt.web.JsonFields.present;

/**
 * Reads the {@code filters} object. Object filters may be null (off); {@code volume} and {@code equalizer} may not.
 * Omitted fields take their defaults, so the echo always carries every field. Values are not range-checked, as on
 * the reference; an equalizer band outside 0–14 is a 400 instead of the reference's 500.
 */
final class FiltersReader {

    /** The filters a request configured, and every filter name it mentioned (for the disabled-filter check). */
    record Read(FilterSettings settings, Set<String> mentioned) {
    }

    private FiltersReader() {
    }

    static Read read(JsonNode filters, Set<String> knownPluginFilters) {
        if (!filters.isObject()) {
            throw ApiException.badRequest("'filters' must be an object");
        }
        Set<String> mentioned = new LinkedHashSet<>();
        for (String name : FilterSettings.NAMES) {
            if (filters.has(name)) {
                mentioned.add(name);
            }
        }
        Double volume = doubleValue(filters, "volume");
        List<FilterSettings.Band> equalizer = equalizer(present(filters, "equalizer"));
        JsonNode pluginFilters = present(filters, "pluginFilters");
        Map<String, Object> plugins = null;
        if (pluginFilters != null) {
            if (!pluginFilters.isObject()) {
                throw ApiException.badRequest("'pluginFilters' must be an object");
            }
            for (Map.Entry<String, JsonNode> entry : pluginFilters.properties()) {
                mentioned.add(entry.getKey());
                if (knownPluginFilters.contains(entry.getKey())) {
                    if (plugins == null) {
                        plugins = new java.util.LinkedHashMap<>();
                    }
                    plugins.put(entry.getKey(), entry.getValue());
                }
            }
        }
        FilterSettings settings = new FilterSettings(volume, equalizer,
                karaoke(nullable(filters, "karaoke")),
                timescale(nullable(filters, "timescale")),
                tremolo(nullable(filters, "tremolo")),
                vibrato(nullable(filters, "vibrato")),
                distortion(nullable(filters, "distortion")),
                rotation(nullable(filters, "rotation")),
                channelMix(nullable(filters, "channelMix")),
                lowPass(nullable(filters, "lowPass")),
                plugins);
        return new Read(settings, mentioned);
    }

    /** An object filter: absent or null means off. */
    private static JsonNode nullable(JsonNode filters, String key) {
        JsonNode node = filters.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("'filters." + key + "' must be an object or null");
        }
        return node;
    }

    private static List<FilterSettings.Band> equalizer(JsonNode bands) {
        if (bands == null) {
            return null;
        }
        if (!bands.isArray()) {
            throw ApiException.badRequest("'filters.equalizer' must be an array of bands");
        }
        List<FilterSettings.Band> result = new ArrayList<>();
        for (JsonNode band : bands) {
            if (!band.isObject()) {
                throw ApiException.badRequest("each equalizer band must be an object {band, gain}");
            }
            Integer index = JsonFields.intValue(band, "band");
            if (index == null) {
                throw ApiException.badRequest("an equalizer band is missing 'band'");
            }
            if (index < 0 || index > 14) {
                throw ApiException.badRequest("equalizer band " + index + " does not exist; bands are 0 to 14");
            }
            // the reference defaults a missing gain to 1.0, not 0
            result.add(new FilterSettings.Band(index, doubleValue(band, "gain", 1.0)));
        }
        return result;
    }

    private static FilterSettings.Karaoke karaoke(JsonNode n) {
        if (n == null) {
            return null;
        }
        FilterSettings.Karaoke d = FilterSettings.Karaoke.DEFAULT;
        return new FilterSettings.Karaoke(doubleValue(n, "level", d.level()), doubleValue(n, "monoLevel", d.monoLevel()),
                doubleValue(n, "filterBand", d.filterBand()), doubleValue(n, "filterWidth", d.filterWidth()));
    }

    private static FilterSettings.Timescale timescale(JsonNode n) {
        if (n == null) {
            return null;
        }
        FilterSettings.Timescale d = FilterSettings.Timescale.DEFAULT;
        return new FilterSettings.Timescale(doubleValue(n, "speed", d.speed()), doubleValue(n, "pitch", d.pitch()),
                doubleValue(n, "rate", d.rate()));
    }

    private static FilterSettings.Tremolo tremolo(JsonNode n) {
        if (n == null) {
            return null;
        }
        FilterSettings.Tremolo d = FilterSettings.Tremolo.DEFAULT;
        return new FilterSettings.Tremolo(doubleValue(n, "frequency", d.frequency()), doubleValue(n, "depth", d.depth()));
    }

    private static FilterSettings.Vibrato vibrato(JsonNode n) {
        if (n == null) {
            return null;
        }
        FilterSettings.Vibrato d = FilterSettings.Vibrato.DEFAULT;
        return new FilterSettings.Vibrato(doubleValue(n, "frequency", d.frequency()), doubleValue(n, "depth", d.depth()));
    }

    private static FilterSettings.Distortion distortion(JsonNode n) {
        if (n == null) {
            return null;
        }
        FilterSettings.Distortion d = FilterSettings.Distortion.DEFAULT;
        return new FilterSettings.Distortion(doubleValue(n, "sinOffset", d.sinOffset()),
                doubleValue(n, "sinScale", d.sinScale()), doubleValue(n, "cosOffset", d.cosOffset()),
                doubleValue(n, "cosScale", d.cosScale()), doubleValue(n, "tanOffset", d.tanOffset()),
                doubleValue(n, "tanScale", d.tanScale()), doubleValue(n, "offset", d.offset()),
                doubleValue(n, "scale", d.scale()));
    }

    private static FilterSettings.Rotation rotation(JsonNode n) {
        return n == null ? null : new FilterSettings.Rotation(doubleValue(n, "rotationHz", 0.0));
    }

    private static FilterSettings.ChannelMix channelMix(JsonNode n) {
        if (n == null) {
            return null;
        }
        FilterSettings.ChannelMix d = FilterSettings.ChannelMix.DEFAULT;
        return new FilterSettings.ChannelMix(doubleValue(n, "leftToLeft", d.leftToLeft()),
                doubleValue(n, "leftToRight", d.leftToRight()), doubleValue(n, "rightToLeft", d.rightToLeft()),
                doubleValue(n, "rightToRight", d.rightToRight()));
    }

    private static FilterSettings.LowPass lowPass(JsonNode n) {
        return n == null ? null : new FilterSettings.LowPass(doubleValue(n, "smoothing", 20.0));
    }
}
