package dev.basalt.player;

/**
 * Counts, per wall-clock minute, the 20 ms slots in which the player had a frame and those in which it had none,
 * as Lavalink's frameStats do. A minute only counts if the player played through all of it.
 */
public final class FrameCounter {

    public static final int EXPECTED_FRAMES_PER_MINUTE = 3000;
    private static final long ACCEPTABLE_GAP_MS = 100;

    private long currentMinute;
    private int currentSent;
    private int currentNulled;
    private int lastSent;
    private int lastNulled;
    private boolean playing;
    private long playingSince;
    private long lastStopped;

    public synchronized void onFrame(boolean sent, long nowMs) {
        long minute = nowMs / 60_000;
        if (minute != currentMinute) {
            boolean contiguous = minute == currentMinute + 1;
            lastSent = contiguous ? currentSent : 0;
            lastNulled = contiguous ? currentNulled : 0;
            currentSent = 0;
            currentNulled = 0;
            currentMinute = minute;
        }
        if (sent) {
            currentSent++;
        } else {
            currentNulled++;
        }
    }

    /** A pause or track change shorter than 100 ms does not break the run of playing. */
    public synchronized void onPlaybackStarted(long nowMs) {
        if (!playing) {
            if (playingSince == 0 || nowMs - lastStopped > ACCEPTABLE_GAP_MS) {
                playingSince = nowMs;
            }
            playing = true;
        }
    }

    public synchronized void onPlaybackStopped(long nowMs) {
        if (playing) {
            playing = false;
            lastStopped = nowMs;
        }
    }

    /** True when the previous full minute was played through and its counts are meaningful. */
    public synchronized boolean isDataUsable(long nowMs) {
        long previousMinuteStart = (nowMs / 60_000 - 1) * 60_000;
        return playing && playingSince <= previousMinuteStart && currentMinute == nowMs / 60_000;
    }

    public synchronized int lastMinuteSent() {
        return lastSent;
    }

    public synchronized int lastMinuteNulled() {
        return lastNulled;
    }
}
