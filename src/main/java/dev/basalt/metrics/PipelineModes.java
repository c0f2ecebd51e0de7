package dev.basalt.metrics;

import dev.basalt.player.Player;

/**
 * The label for a player's pipeline mode.
 *
 * <p>HOOK: {@code Player#pipelineMode()} ({@code dev.basalt.player.PipelineMode}) is not on this branch yet; until
 * it is merged every playing player counts as {@code unknown}. When it lands, {@link #of} maps PASSTHROUGH and
 * TRANSCODE to their labels and a mode not yet known to {@code unknown}.
 */
final class PipelineModes {

    enum Mode {
        PASSTHROUGH("passthrough"), TRANSCODE("transcode"), UNKNOWN("unknown");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private PipelineModes() {
    }

    static Mode of(Player player) {
        return Mode.UNKNOWN;
    }
}
