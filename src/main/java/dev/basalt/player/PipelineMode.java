package dev.basalt.player;

/**
 * How a player's Opus frames are made. Lavaplayer passes an Opus source's packets through untouched when nothing
 * has to change them (volume 100, no filters, 48 kHz stereo); everything else is decoded, processed and encoded
 * again, which costs most of the CPU a player uses.
 */
public enum PipelineMode {
    /** Opus packets of the source go out as they are. */
    PASSTHROUGH("passthrough"),
    /** Decoded to PCM, processed, encoded to Opus again. */
    TRANSCODE("transcode");

    private final String jsonName;

    PipelineMode(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
