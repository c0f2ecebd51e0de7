package dev.basalt.player.filter;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A player's whole filter configuration. A null component is a filter that is not configured; configured object
 * filters carry every field with defaults filled in, which is how they are echoed back.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FilterSettings(
        Double volume,
        List<Band> equalizer,
        Karaoke karaoke,
        Timescale timescale,
        Tremolo tremolo,
        Vibrato vibrato,
        Distortion distortion,
        Rotation rotation,
        ChannelMix channelMix,
        LowPass lowPass,
        Map<String, Object> pluginFilters) {

    public static final FilterSettings NONE =
            new FilterSettings(null, null, null, null, null, null, null, null, null, null, null);

    /** The built-in filter names in Lavalink's canonical order. */
    public static final List<String> NAMES = List.of("volume", "equalizer", "karaoke", "timescale", "tremolo",
            "vibrato", "distortion", "rotation", "channelMix", "lowPass");

    /**
     * Whether these settings change the audio at all, by the reference's rule: at least one configured filter is
     * active (karaoke counts whenever present). False means the player needs no PCM processing, so an Opus source
     * can stay in passthrough. Plugin filters are stored only and do not count.
     */
    public boolean changesAudio() {
        return (volume != null && volume != 1.0)
                || (equalizer != null && equalizer.stream().anyMatch(b -> b.gain() != 0))
                || karaoke != null
                || (timescale != null && !timescale.equals(Timescale.DEFAULT))
                || (tremolo != null && tremolo.depth() != 0)
                || (vibrato != null && vibrato.depth() != 0)
                || (distortion != null && !distortion.equals(Distortion.DEFAULT))
                || (rotation != null && rotation.rotationHz() != 0)
                || (channelMix != null && !channelMix.equals(ChannelMix.DEFAULT))
                || (lowPass != null && lowPass.smoothing() > 1.0);
    }

    public record Band(int band, double gain) {
    }

    public record Karaoke(double level, double monoLevel, double filterBand, double filterWidth) {
        public static final Karaoke DEFAULT = new Karaoke(1.0, 1.0, 220.0, 100.0);
    }

    public record Timescale(double speed, double pitch, double rate) {
        public static final Timescale DEFAULT = new Timescale(1.0, 1.0, 1.0);
    }

    public record Tremolo(double frequency, double depth) {
        public static final Tremolo DEFAULT = new Tremolo(2.0, 0.5);
    }

    public record Vibrato(double frequency, double depth) {
        public static final Vibrato DEFAULT = new Vibrato(2.0, 0.5);
    }

    public record Distortion(double sinOffset, double sinScale, double cosOffset, double cosScale,
                             double tanOffset, double tanScale, double offset, double scale) {
        public static final Distortion DEFAULT = new Distortion(0, 1, 0, 1, 0, 1, 0, 1);
    }

    public record Rotation(double rotationHz) {
        public static final Rotation DEFAULT = new Rotation(0);
    }

    public record ChannelMix(double leftToLeft, double leftToRight, double rightToLeft, double rightToRight) {
        public static final ChannelMix DEFAULT = new ChannelMix(1, 0, 0, 1);
    }

    public record LowPass(double smoothing) {
        public static final LowPass DEFAULT = new LowPass(20);
    }
}
