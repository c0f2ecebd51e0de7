package dev.basalt.player.filter;

/** Where a stage that changes the amount of audio (the time stretcher) delivers its output. */
@FunctionalInterface
interface PcmSink {
    void accept(float[][] buffer, int offset, int length) throws InterruptedException;
}
