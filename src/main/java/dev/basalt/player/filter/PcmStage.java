package dev.basalt.player.filter;

/**
 * One filter of the chain that works in place on planar float PCM (48 kHz). Stages are configured on the decoding
 * thread when the settings change and keep their state (phases, filter memory) across changes, so a change ramps
 * from the old sound to the new one instead of restarting.
 */
sealed interface PcmStage permits LowPassFilter, ChannelMixFilter, RotationFilter, DistortionFilter, VibratoFilter,
        TremoloFilter, KaraokeFilter, EqualizerFilter, VolumeFilter {

    /** Takes the new settings; called between two blocks, never during one. */
    void configure(FilterSettings settings);

    void process(float[][] buffer, int offset, int length);

    /** Forgets the audio seen so far (after a seek). */
    void reset();
}
