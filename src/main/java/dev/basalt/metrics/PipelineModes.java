package dev.basalt.metrics;

import dev.basalt.player.PipelineMode;
import dev.basalt.player.Player;

/** The {@code mode} label of a playing player: its {@link PipelineMode}, or {@code unknown} before its first frame. */
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
        PipelineMode mode = player.pipelineMode();
        if (mode == null) {
            return Mode.UNKNOWN;
        }
        return mode == PipelineMode.PASSTHROUGH ? Mode.PASSTHROUGH : Mode.TRANSCODE;
    }
}
