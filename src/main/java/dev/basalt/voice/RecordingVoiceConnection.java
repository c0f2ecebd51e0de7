package dev.basalt.voice;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A connection that keeps the credentials it was given and consumes its audio every 20 ms without sending it
 * anywhere. It stands where the Discord transport will: players advance, end and report exactly as they would on
 * a real connection, but nothing reaches Discord, so the gateway is never reported open.
 */
public final class RecordingVoiceConnection implements VoiceConnection {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RecordingVoiceConnection.class);

    private final long guildId;
    private final VoiceComponent owner;
    private final Consumer<VoiceConnection> onClose;
    private final ScheduledExecutorService pacer;
    private final ByteBuffer frame = ByteBuffer.allocate(4096);
    private volatile VoiceCredentials credentials;
    private volatile OpusFrameSource source;
    private ScheduledFuture<?> pacing;

    RecordingVoiceConnection(long guildId, VoiceCredentials credentials, VoiceComponent owner,
                             Consumer<VoiceConnection> onClose, ScheduledExecutorService pacer) {
        this.guildId = guildId;
        this.credentials = credentials;
        this.owner = owner;
        this.onClose = onClose;
        this.pacer = pacer;
    }

    /** Creates recording connections; one pacing thread serves them all. */
    public static VoiceConnectionFactory factory() {
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "voice-pacer");
            thread.setDaemon(true);
            return thread;
        });
        return (channelId, endpoint, guildId, onClose, owner, sessionId, shardId, token, userId) ->
                new RecordingVoiceConnection(guildId, new VoiceCredentials(token, endpoint, sessionId, channelId),
                        owner, onClose, pacer);
    }

    @Override
    public long guildId() {
        return guildId;
    }

    @Override
    public Long channelId() {
        return credentials.channelId();
    }

    @Override
    public VoiceComponent owner() {
        return owner;
    }

    @Override
    public VoiceCredentials credentials() {
        return credentials;
    }

    @Override
    public void notify(VoiceEvent event) {
        VoiceCredentials c = credentials;
        if (event instanceof VoiceEvent.VoiceServerUpdate server && server.endpoint() != null) {
            credentials = new VoiceCredentials(server.token(), server.endpoint(), c.sessionId(), c.channelId());
        } else if (event instanceof VoiceEvent.VoiceStateUpdate state) {
            credentials = new VoiceCredentials(c.token(), c.endpoint(), state.sessionId(), state.channelId());
        }
    }

    @Override
    public CompletableFuture<Void> ready() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isGatewayOpen() {
        return false;
    }

    @Override
    public long ping() {
        return -1;
    }

    @Override
    public synchronized void attach(OpusFrameSource newSource) {
        source = newSource;
        if (newSource != null && pacing == null) {
            pacing = pacer.scheduleAtFixedRate(this::consumeFrame, 0, 20, TimeUnit.MILLISECONDS);
        } else if (newSource == null && pacing != null) {
            pacing.cancel(false);
            pacing = null;
        }
    }

    private void consumeFrame() {
        OpusFrameSource current = source;
        if (current != null) {
            frame.clear();
            try {
                current.provideFrame(frame);
            } catch (RuntimeException e) {
                // an exception would cancel the fixed-rate schedule and silently stop this guild's audio for good
                log.warn("Guild {}: the audio source failed to provide a frame", guildId, e);
            }
        }
    }

    @Override
    public void disconnect() {
        attach(null);
        onClose.accept(this);
    }
}
