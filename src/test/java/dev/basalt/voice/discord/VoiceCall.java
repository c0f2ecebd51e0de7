package dev.basalt.voice.discord;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.basalt.voice.OpusFrameSource;
import dev.basalt.voice.VoiceClose;
import dev.basalt.voice.VoiceComponent;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;

/**
 * What the voice connection tests set up around {@link FakeDiscordVoiceServer}: one guild's fixed credentials,
 * quick reconnects, the closes the component reports, and everything opened closed again in reverse order.
 */
final class VoiceCall implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final long GUILD = 1122334455667788990L;
    static final long USER = 998877665544332211L;
    static final String SESSION = "0f9e8d7c6b5a49382716f5e4d3c2b1a0";
    static final String TOKEN = "voice-token-for-tests";
    static final ReconnectTiming FAST = new ReconnectTiming(Duration.ofMillis(50), Duration.ofMillis(400), 5,
            Duration.ofSeconds(3));

    private final List<AutoCloseable> opened = new CopyOnWriteArrayList<>();
    private final List<VoiceClose> closes = new CopyOnWriteArrayList<>();

    /** The closes the components of this call reported, in order. */
    List<VoiceClose> closes() {
        return closes;
    }

    /** Starts the server for this guild's credentials (short heartbeat interval). */
    FakeDiscordVoiceServer server(FakeDiscordVoiceServer.Builder builder) {
        FakeDiscordVoiceServer server = builder.heartbeatInterval(300.5)
                .credentials(Long.toString(GUILD), Long.toString(USER), SESSION, TOKEN).start();
        opened.add(server::close);
        return server;
    }

    DiscordVoiceTransport transport(int bufferDurationMs, boolean daveEnabled) {
        DiscordVoiceTransport transport = new DiscordVoiceTransport(bufferDurationMs, FAST, daveEnabled);
        opened.add(transport);
        return transport;
    }

    /** The bot user's component on {@code transport}, reporting its closes to {@link #closes()}. */
    VoiceComponent component(DiscordVoiceTransport transport) {
        VoiceComponent component = new VoiceComponent(USER, transport);
        component.setCloseListener((guild, close) -> closes.add(close));
        opened.add(component);
        return component;
    }

    /** Plays {@code count} frames, cycling through {@code frames}, then nothing. */
    static OpusFrameSource play(List<byte[]> frames, int count) {
        AtomicInteger next = new AtomicInteger();
        return target -> {
            int index = next.getAndIncrement();
            if (index >= count) {
                return false;
            }
            target.put(frames.get(index % frames.size()));
            return true;
        };
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }
}
