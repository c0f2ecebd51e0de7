package dev.basalt.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code lavalink.server.*}: the node's own settings, with Lavalink's defaults and fall-backs. */
@ConfigurationProperties(prefix = "lavalink.server")
public class LavalinkServerProperties {

    private String password;
    private Sources sources = new Sources();
    private Map<String, Boolean> filters = new LinkedHashMap<>();
    private boolean nonAllocatingFrameBuffer = false;
    private int bufferDurationMs = 400;
    private int frameBufferDurationMs = 5000;
    private int opusEncodingQuality = 10;
    private String resamplingQuality = "LOW";
    private long trackStuckThresholdMs = 10000;
    private boolean useSeekGhosting = true;
    private int youtubePlaylistLoadLimit = 6;
    private int playerUpdateInterval = 5;
    private boolean youtubeSearchEnabled = true;
    private boolean soundcloudSearchEnabled = true;
    private boolean soundcloudFilterOutPreviewTracks = false;
    private boolean gcWarnings = true;
    private Ratelimit ratelimit;
    private YoutubeConfig youtubeConfig;
    private HttpConfig httpConfig;
    private Timeouts timeouts;

    /**
     * Whether a filter is enabled. Environment variables lower-case map keys ({@code channelMix} arrives as
     * {@code channel_mix} or {@code channelmix}), so names are compared ignoring case and separators.
     */
    public boolean isFilterEnabled(String name) {
        String wanted = normalise(name);
        for (Map.Entry<String, Boolean> e : filters.entrySet()) {
            if (normalise(e.getKey()).equals(wanted)) {
                return !Boolean.FALSE.equals(e.getValue());
            }
        }
        return true;
    }

    private static String normalise(String name) {
        return name.replaceAll("[-_.]", "").toLowerCase(Locale.ROOT);
    }

    /** Lavalink: 1–39 ms falls back to 400; 0 or less disables the native send queue. */
    public int effectiveBufferDurationMs() {
        return bufferDurationMs > 0 && bufferDurationMs < 40 ? 400 : bufferDurationMs;
    }

    /** Lavalink: values under 200 ms fall back to 5000. */
    public int effectiveFrameBufferDurationMs() {
        return frameBufferDurationMs < 200 ? 5000 : frameBufferDurationMs;
    }

    /** Lavalink: outside 0–10 falls back to 10. */
    public int effectiveOpusEncodingQuality() {
        return opusEncodingQuality < 0 || opusEncodingQuality > 10 ? 10 : opusEncodingQuality;
    }

    /** Lavalink: under 100 ms falls back to 10000. */
    public long effectiveTrackStuckThresholdMs() {
        return trackStuckThresholdMs < 100 ? 10000 : trackStuckThresholdMs;
    }

    public static class Sources {
        private boolean youtube = true;
        private boolean bandcamp = true;
        private boolean soundcloud = true;
        private boolean twitch = true;
        private boolean vimeo = true;
        private boolean nico = false;
        private boolean http = true;
        private boolean local = false;

        public boolean isYoutube() { return youtube; }
        public void setYoutube(boolean youtube) { this.youtube = youtube; }
        public boolean isBandcamp() { return bandcamp; }
        public void setBandcamp(boolean bandcamp) { this.bandcamp = bandcamp; }
        public boolean isSoundcloud() { return soundcloud; }
        public void setSoundcloud(boolean soundcloud) { this.soundcloud = soundcloud; }
        public boolean isTwitch() { return twitch; }
        public void setTwitch(boolean twitch) { this.twitch = twitch; }
        public boolean isVimeo() { return vimeo; }
        public void setVimeo(boolean vimeo) { this.vimeo = vimeo; }
        public boolean isNico() { return nico; }
        public void setNico(boolean nico) { this.nico = nico; }
        public boolean isHttp() { return http; }
        public void setHttp(boolean http) { this.http = http; }
        public boolean isLocal() { return local; }
        public void setLocal(boolean local) { this.local = local; }
    }

    public static class Ratelimit {
        private List<String> ipBlocks = new ArrayList<>();
        private List<String> excludedIps = new ArrayList<>();
        private String strategy = "RotateOnBan";
        private boolean searchTriggersFail = true;
        private int retryLimit = -1;

        public List<String> getIpBlocks() { return ipBlocks; }
        public void setIpBlocks(List<String> ipBlocks) { this.ipBlocks = ipBlocks; }
        public List<String> getExcludedIps() { return excludedIps; }
        public void setExcludedIps(List<String> excludedIps) { this.excludedIps = excludedIps; }
        /** The documented (misspelt) environment name {@code ..._EXCLUDE_IPS} binds here too. */
        public void setExcludeIps(List<String> excludeIps) { this.excludedIps = excludeIps; }
        public String getStrategy() { return strategy; }
        public void setStrategy(String strategy) { this.strategy = strategy; }
        public boolean isSearchTriggersFail() { return searchTriggersFail; }
        public void setSearchTriggersFail(boolean searchTriggersFail) { this.searchTriggersFail = searchTriggersFail; }
        public int getRetryLimit() { return retryLimit; }
        public void setRetryLimit(int retryLimit) { this.retryLimit = retryLimit; }
    }

    public static class YoutubeConfig {
        private String email = "";
        private String password = "";

        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = email; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
    }

    public static class HttpConfig {
        private String proxyHost = "";
        private int proxyPort = 3128;
        private String proxyUser = "";
        private String proxyPassword = "";

        public String getProxyHost() { return proxyHost; }
        public void setProxyHost(String proxyHost) { this.proxyHost = proxyHost; }
        public int getProxyPort() { return proxyPort; }
        public void setProxyPort(int proxyPort) { this.proxyPort = proxyPort; }
        public String getProxyUser() { return proxyUser; }
        public void setProxyUser(String proxyUser) { this.proxyUser = proxyUser; }
        public String getProxyPassword() { return proxyPassword; }
        public void setProxyPassword(String proxyPassword) { this.proxyPassword = proxyPassword; }
    }

    public static class Timeouts {
        private int connectTimeoutMs = 3000;
        private int connectionRequestTimeoutMs = 3000;
        private int socketTimeoutMs = 3000;

        public int getConnectTimeoutMs() { return connectTimeoutMs; }
        public void setConnectTimeoutMs(int connectTimeoutMs) { this.connectTimeoutMs = connectTimeoutMs; }
        public int getConnectionRequestTimeoutMs() { return connectionRequestTimeoutMs; }
        public void setConnectionRequestTimeoutMs(int v) { this.connectionRequestTimeoutMs = v; }
        public int getSocketTimeoutMs() { return socketTimeoutMs; }
        public void setSocketTimeoutMs(int socketTimeoutMs) { this.socketTimeoutMs = socketTimeoutMs; }
    }

    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public Sources getSources() { return sources; }
    public void setSources(Sources sources) { this.sources = sources; }
    public Map<String, Boolean> getFilters() { return filters; }
    public void setFilters(Map<String, Boolean> filters) { this.filters = filters; }
    public boolean isNonAllocatingFrameBuffer() { return nonAllocatingFrameBuffer; }
    public void setNonAllocatingFrameBuffer(boolean v) { this.nonAllocatingFrameBuffer = v; }
    public int getBufferDurationMs() { return bufferDurationMs; }
    public void setBufferDurationMs(int bufferDurationMs) { this.bufferDurationMs = bufferDurationMs; }
    public int getFrameBufferDurationMs() { return frameBufferDurationMs; }
    public void setFrameBufferDurationMs(int v) { this.frameBufferDurationMs = v; }
    public int getOpusEncodingQuality() { return opusEncodingQuality; }
    public void setOpusEncodingQuality(int v) { this.opusEncodingQuality = v; }
    public String getResamplingQuality() { return resamplingQuality; }
    public void setResamplingQuality(String v) { this.resamplingQuality = v; }
    public long getTrackStuckThresholdMs() { return trackStuckThresholdMs; }
    public void setTrackStuckThresholdMs(long v) { this.trackStuckThresholdMs = v; }
    public boolean isUseSeekGhosting() { return useSeekGhosting; }
    public void setUseSeekGhosting(boolean v) { this.useSeekGhosting = v; }
    public int getYoutubePlaylistLoadLimit() { return youtubePlaylistLoadLimit; }
    public void setYoutubePlaylistLoadLimit(int v) { this.youtubePlaylistLoadLimit = v; }
    public int getPlayerUpdateInterval() { return playerUpdateInterval; }
    public void setPlayerUpdateInterval(int v) { this.playerUpdateInterval = v; }
    public boolean isYoutubeSearchEnabled() { return youtubeSearchEnabled; }
    public void setYoutubeSearchEnabled(boolean v) { this.youtubeSearchEnabled = v; }
    public boolean isSoundcloudSearchEnabled() { return soundcloudSearchEnabled; }
    public void setSoundcloudSearchEnabled(boolean v) { this.soundcloudSearchEnabled = v; }
    public boolean isSoundcloudFilterOutPreviewTracks() { return soundcloudFilterOutPreviewTracks; }
    public void setSoundcloudFilterOutPreviewTracks(boolean v) { this.soundcloudFilterOutPreviewTracks = v; }
    public boolean isGcWarnings() { return gcWarnings; }
    public void setGcWarnings(boolean gcWarnings) { this.gcWarnings = gcWarnings; }
    public Ratelimit getRatelimit() { return ratelimit; }
    public void setRatelimit(Ratelimit ratelimit) { this.ratelimit = ratelimit; }
    public YoutubeConfig getYoutubeConfig() { return youtubeConfig; }
    public void setYoutubeConfig(YoutubeConfig youtubeConfig) { this.youtubeConfig = youtubeConfig; }
    public HttpConfig getHttpConfig() { return httpConfig; }
    public void setHttpConfig(HttpConfig httpConfig) { this.httpConfig = httpConfig; }
    public Timeouts getTimeouts() { return timeouts; }
    public void setTimeouts(Timeouts timeouts) { this.timeouts = timeouts; }
}
