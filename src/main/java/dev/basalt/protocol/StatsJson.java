package dev.basalt.protocol;

/** {@code GET /v4/stats}: the stats op without {@code op} and without the {@code frameStats} key. */
public record StatsJson(int players, int playingPlayers, long uptime, Memory memory, Cpu cpu) {

    public record Memory(long free, long used, long allocated, long reservable) {
    }

    public record Cpu(int cores, double systemLoad, double lavalinkLoad) {
    }

    public record FrameStats(int sent, int nulled, int deficit) {
    }
}
