package dev.basalt.track;

import com.sedmelluq.discord.lavaplayer.track.AudioTrack;

/**
 * A track rebuilt from its encoded form. The version is kept because callers that echo or
 * diagnose a client's string need to know whether it was a legacy (v1/v2) track.
 *
 * @param track   the rebuilt track, its position already set to the encoded start position
 * @param version the format version the string was written in (1, 2 or 3)
 */
public record DecodedTrack(AudioTrack track, int version) {
}
