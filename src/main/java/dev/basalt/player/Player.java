package dev.basalt.player;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayer;
import com.sedmelluq.discord.lavaplayer.player.event.AudioEventAdapter;
import com.sedmelluq.discord.lavaplayer.tools.FriendlyException;
import com.sedmelluq.discord.lavaplayer.track.AudioTrack;
import com.sedmelluq.discord.lavaplayer.track.AudioTrackEndReason;
import com.sedmelluq.discord.lavaplayer.track.TrackMarker;
import com.sedmelluq.discord.lavaplayer.track.TrackMarkerHandler;
import com.sedmelluq.discord.lavaplayer.track.playback.MutableAudioFrame;
import dev.basalt.player.filter.FilterSettings;
import dev.basalt.player.filter.PlayerFilters;
import dev.basalt.voice.OpusFrameSource;
import dev.basalt.voice.VoiceClose;
import dev.basalt.voice.VoiceConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The player of one guild: what plays, how, and where its audio goes. */
public final class Player implements OpusFrameSource {

    private static final Logger log = LoggerFactory.getLogger(Player.class);

    private final long guildId;
    private final AudioPlayer audioPlayer;
    private final PlayerListener listener;
    private final ScheduledExecutorService scheduler;
    private final long updateIntervalSeconds;
    private final long stuckThresholdMs;
    private final Clock clock;
    private final FrameCounter frameCounter = new FrameCounter();
    private final FrameTotals frameTotals;
    private final MutableAudioFrame frame = new MutableAudioFrame();
    private final PipelineWatch pipeline = new PipelineWatch(this::onPipelineMode);
    private volatile FilterSettings filters = FilterSettings.NONE;
    private final PlayerFilters dsp;
    private volatile VoiceConnection connection;
    private volatile boolean endMarkerReached;
    private volatile Long endTime;
    private ScheduledFuture<?> periodicUpdates;

    public Player(long guildId, AudioPlayer audioPlayer, PlayerListener listener, ScheduledExecutorService scheduler,
                  long updateIntervalSeconds, long stuckThresholdMs, Clock clock, FrameTotals frameTotals) {
        this.guildId = guildId;
        this.audioPlayer = audioPlayer;
        this.listener = listener;
        this.scheduler = scheduler;
        this.updateIntervalSeconds = updateIntervalSeconds;
        this.stuckThresholdMs = stuckThresholdMs;
        this.clock = clock;
        this.frameTotals = frameTotals;
        this.dsp = new PlayerFilters(audioPlayer);
        audioPlayer.addListener(new Events());
    }

    public long guildId() {
        return guildId;
    }

    public AudioTrack track() {
        return audioPlayer.getPlayingTrack();
    }

    public boolean isPaused() {
        return audioPlayer.isPaused();
    }

    /** A track is present and not paused. */
    public boolean isPlaying() {
        return track() != null && !isPaused();
    }

    public int volume() {
        return audioPlayer.getVolume();
    }

    /** Passthrough or transcoding for the current track; null without a track or before its first frame. */
    public PipelineMode pipelineMode() {
        return track() == null ? null : pipeline.mode();
    }

    public FilterSettings filters() {
        return filters;
    }

    public VoiceConnection connection() {
        return connection;
    }

    public FrameCounter frameCounter() {
        return frameCounter;
    }

    public PlayerState state() {
        AudioTrack track = track();
        VoiceConnection c = connection;
        return new PlayerState(System.currentTimeMillis(), track == null ? 0 : dsp.clock().position(track.getPosition()),
                c != null && c.isGatewayOpen(), c == null ? -1 : c.ping());
    }

    /**
     * Starts {@code track} (replacing the current one), from {@code position} if given and with an end marker at
     * {@code endTime} if given. The start and replace events are raised before this returns.
     */
    public void play(AudioTrack track, Long position, Long endTime) {
        if (position != null) {
            track.setPosition(Math.max(0, position));
        }
        endMarkerReached = false;
        dsp.clock().restart();
        pipeline.starting(() -> audioPlayer.playTrack(track));
        setEndTime(endTime);
        listener.onEvent(this, new PlayerEvent.StateChanged());
        attachAudio();
    }

    public void stop() {
        audioPlayer.stopTrack();
    }

    public void setPaused(boolean paused) {
        audioPlayer.setPaused(paused);
        long now = clock.millis();
        if (paused) {
            frameCounter.onPlaybackStopped(now);
        } else if (track() != null) {
            frameCounter.onPlaybackStarted(now);
        }
    }

    /** Clamped to Lavalink's 0–1000. */
    public void setVolume(int volume) {
        audioPlayer.setVolume(Math.max(0, Math.min(1000, volume)));
        pipeline.recheck();
    }

    /** Seeks the current track; ignored without a track or on a stream. */
    public void seekTo(long position) {
        AudioTrack track = track();
        if (track == null || !track.isSeekable()) {
            return;
        }
        Long end = endTime;
        if (end != null && position >= end) {
            // jumping over the end marker ends the track the same way reaching it does
            endMarkerReached = true;
            audioPlayer.stopTrack();
            return;
        }
        dsp.clock().restart();
        track.setPosition(Math.max(0, position));
        listener.onEvent(this, new PlayerEvent.StateChanged());
    }

    /** Sets (or with null clears) the end marker of the current track. Ignored without a track. */
    public void setEndTime(Long endTime) {
        AudioTrack track = track();
        if (track == null) {
            return;
        }
        if (endTime == null) {
            track.setMarker(null);
            this.endTime = null;
        } else if (track.getPosition() < endTime) {
            track.setMarker(new TrackMarker(endTime, new EndMarker()));
            this.endTime = endTime;
        }
    }

    public void setUserData(Object userData) {
        AudioTrack track = track();
        if (track != null) {
            track.setUserData(userData);
        }
    }

    /** Applies to newly decoded audio; what is already in the frame buffer plays as it was filtered. */
    public void setFilters(FilterSettings filters) {
        this.filters = filters;
        dsp.apply(filters);
        pipeline.recheck();
        listener.onEvent(this, new PlayerEvent.StateChanged());
    }

    /** Routes this player's audio to {@code connection} (or nowhere, with null). */
    public void connect(VoiceConnection newConnection) {
        VoiceConnection old = this.connection;
        this.connection = newConnection;
        if (old != null && old != newConnection) {
            old.attach(null);
        }
        attachAudio();
    }

    public void onVoiceClosed(VoiceClose close) {
        listener.onEvent(this, new PlayerEvent.VoiceClosed(close.code(), close.reason(), close.byRemote(),
                close.reconnecting()));
        listener.onEvent(this, new PlayerEvent.StateChanged());
    }

    private void attachAudio() {
        VoiceConnection c = connection;
        if (c != null) {
            c.attach(this);
        }
    }

    /** Stops the track (raising {@code stopped}) and lets go of the voice connection. */
    public void destroy() {
        audioPlayer.stopTrack();
        audioPlayer.destroy();
        VoiceConnection c = connection;
        if (c != null) {
            c.attach(null);
        }
        connection = null;
        cancelPeriodicUpdates();
    }

    @Override
    public boolean provideFrame(ByteBuffer target) {
        int start = target.position();
        frame.setBuffer(target);
        boolean provided = audioPlayer.provide(frame);
        // lavaplayer's store() already moved the position; set it explicitly so the frame ends where its data ends
        target.position(provided ? start + frame.getDataLength() : start);
        if (provided) {
            dsp.clock().onFrame(frame.getTimecode());
        }
        if (isPlaying()) {
            frameCounter.onFrame(provided, clock.millis());
            frameTotals.count(provided);
        }
        return provided;
    }

    private void onPipelineMode(PipelineMode mode) {
        AudioTrack track = track();
        String title = track == null ? "(none)" : track.getInfo().title;
        if (mode == PipelineMode.PASSTHROUGH) {
            log.info("Guild {} sends the Opus packets of '{}' as they are (passthrough, no decoding)", guildId, title);
        } else {
            log.info("Guild {} decodes and re-encodes '{}' (transcoding{})", guildId, title, transcodeReason());
        }
    }

    private String transcodeReason() {
        if (audioPlayer.getVolume() != 100) {
            return ": volume is " + audioPlayer.getVolume();
        }
        return dsp.installed() ? ": filters are active" : ": the source is not 48 kHz stereo Opus";
    }

    private synchronized void startPeriodicUpdates() {
        cancelPeriodicUpdates();
        periodicUpdates = scheduler.scheduleAtFixedRate(
                () -> listener.onEvent(this, new PlayerEvent.StateChanged()),
                0, updateIntervalSeconds, TimeUnit.SECONDS);
    }

    private synchronized void cancelPeriodicUpdates() {
        if (periodicUpdates != null) {
            periodicUpdates.cancel(false);
            periodicUpdates = null;
        }
    }

    /** Reaching {@code endTime}, or seeking past it, ends the track as finished so clients advance their queue. */
    private final class EndMarker implements TrackMarkerHandler {
        @Override
        public void handle(MarkerState state) {
            if (state == MarkerState.REACHED || state == MarkerState.BYPASSED) {
                endMarkerReached = true;
                audioPlayer.stopTrack();
            }
        }
    }

    private final class Events extends AudioEventAdapter {
        @Override
        public void onTrackStart(AudioPlayer player, AudioTrack track) {
            if (!player.isPaused()) {
                frameCounter.onPlaybackStarted(clock.millis());
            }
            listener.onEvent(Player.this, new PlayerEvent.TrackStarted(track));
            startPeriodicUpdates();
        }

        @Override
        public void onTrackEnd(AudioPlayer player, AudioTrack track, AudioTrackEndReason endReason) {
            frameCounter.onPlaybackStopped(clock.millis());
            String reason = endMarkerReached && endReason == AudioTrackEndReason.STOPPED
                    ? "finished" : reasonName(endReason);
            endMarkerReached = false;
            endTime = null;
            cancelPeriodicUpdates();
            log.info("Track '{}' of guild {} ended: {}", track.getInfo().title, guildId, reason);
            listener.onEvent(Player.this, new PlayerEvent.TrackEnded(track, reason));
        }

        @Override
        public void onTrackException(AudioPlayer player, AudioTrack track, FriendlyException exception) {
            log.warn("Track '{}' of guild {} failed: {}", track.getInfo().title, guildId, exception.getMessage());
            listener.onEvent(Player.this, new PlayerEvent.TrackFailed(track, exception));
        }

        @Override
        public void onTrackStuck(AudioPlayer player, AudioTrack track, long thresholdMs) {
            log.warn("Track '{}' of guild {} produced no audio for {} ms", track.getInfo().title, guildId, thresholdMs);
            listener.onEvent(Player.this, new PlayerEvent.TrackStuck(track, stuckThresholdMs));
            listener.onEvent(Player.this, new PlayerEvent.StateChanged());
        }
    }

    private static String reasonName(AudioTrackEndReason reason) {
        switch (reason) {
            case FINISHED:
                return "finished";
            case LOAD_FAILED:
                return "loadFailed";
            case STOPPED:
                return "stopped";
            case REPLACED:
                return "replaced";
            case CLEANUP:
                return "cleanup";
            default:
                return reason.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
