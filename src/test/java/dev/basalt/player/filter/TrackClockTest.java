package dev.basalt.player.filter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Position under timescale: track time advances by speed × rate per frame heard, from the first changed frame. */
class TrackClockTest {

    @Test
    void positionAdvancesBySpeedTimesRateFromTheFirstFrameProducedWithIt() {
        TrackClock clock = new TrackClock();
        long timecode = 0;
        for (int i = 0; i < 50; i++, timecode += 20) {
            clock.onFrame(timecode);
        }
        assertThat(clock.position(980)).isEqualTo(980);
        // speed 2 set while frames up to 1980 ms were already buffered: those still play at the old rate
        clock.rateChanged(2.0, 1980);
        for (int i = 0; i < 50; i++, timecode += 20) {
            clock.onFrame(timecode);
        }
        assertThat(clock.position(1980)).isEqualTo(1980);
        for (int i = 0; i < 50; i++, timecode += 20) {
            clock.onFrame(timecode);
        }
        // 50 frames (1 s heard) at speed 2: two seconds of track
        assertThat(clock.position(2980)).isEqualTo(3980);
    }

    @Test
    void aJumpInTimecodesMeansLavaplayerIsOnTrackTimeAgain() {
        TrackClock clock = new TrackClock();
        clock.rateChanged(1.5, Long.MIN_VALUE);
        for (long t = 0; t < 2000; t += 20) {
            clock.onFrame(t);
        }
        assertThat(clock.position(1980)).isEqualTo(1980 + 990);
        clock.onFrame(60_000);
        assertThat(clock.position(60_000)).isEqualTo(60_000);
        clock.onFrame(60_020);
        assertThat(clock.position(60_020)).isEqualTo(60_030);
    }
}
