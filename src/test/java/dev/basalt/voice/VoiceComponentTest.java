package dev.basalt.voice;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The seed contract: one connection per guild, credentials routed as notify events, endpoints sanitised. */
class VoiceComponentTest {

    private static final VoiceCredentials CREDENTIALS =
            new VoiceCredentials("token-1", "c-fra12.discord.media", "session-1", 99L);

    @ParameterizedTest
    @CsvSource({
            "c-fra12-34ab5678.discord.media, wss://c-fra12-34ab5678.discord.media/?v=8",
            "c-fra12-34ab5678.discord.media:80, wss://c-fra12-34ab5678.discord.media/?v=8",
            "c-fra12-34ab5678.discord.media:443, wss://c-fra12-34ab5678.discord.media/?v=8",
            "c-fra12-34ab5678.discord.media:8443, wss://c-fra12-34ab5678.discord.media:8443/?v=8",
            "wss://c-fra12.discord.media/?v=4, wss://c-fra12.discord.media/?v=8",
            "127.0.0.1:40000, wss://127.0.0.1:40000/?v=8",
    })
    void endpointsAreSanitised(String endpoint, String expected) {
        assertThat(VoiceEndpoint.gatewayUri(endpoint)).hasToString(expected);
    }

    @Test
    void blankEndpointsAreRefused() {
        assertThatThrownBy(() -> VoiceEndpoint.gatewayUri(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneConnectionPerGuildFedByNotifyEvents() {
        List<VoiceEvent> events = new ArrayList<>();
        List<Object[]> initialised = new ArrayList<>();
        VoiceConnectionFactory recording = RecordingVoiceConnection.factory();
        VoiceConnectionFactory factory = (channelId, endpoint, guildId, onClose, owner, sessionId, shardId, token,
                                          userId) -> {
            initialised.add(new Object[]{channelId, endpoint, guildId, sessionId, token, userId});
            VoiceConnection real = recording.initialize(channelId, endpoint, guildId, onClose, owner, sessionId,
                    shardId, token, userId);
            return new ForwardingConnection(real, events);
        };
        VoiceComponent component = new VoiceComponent(777L, factory);

        VoiceConnection first = component.deliver(1L, CREDENTIALS);
        assertThat(initialised).hasSize(1);
        assertThat(initialised.get(0)).containsExactly(99L, "c-fra12.discord.media", 1L, "session-1", "token-1", 777L);
        assertThat(component.connections()).containsOnlyKeys(1L);
        assertThat(first.owner()).isSameAs(component);

        assertThat(component.deliver(1L, CREDENTIALS)).isSameAs(first);
        assertThat(events).as("identical credentials change nothing").isEmpty();

        VoiceCredentials moved = new VoiceCredentials("token-2", "c-ams3.discord.media", "session-2", 100L);
        assertThat(component.deliver(1L, moved)).isSameAs(first);
        assertThat(events).containsExactly(moved.stateUpdate(1L), moved.serverUpdate(1L));
        assertThat(first.credentials()).isEqualTo(moved);
        assertThat(first.channelId()).isEqualTo(100L);

        assertThat(component.connectTo(1L, Duration.ofSeconds(1)).join()).isSameAs(first);
        assertThatThrownBy(() -> component.connectTo(2L, Duration.ofSeconds(1)).join())
                .isInstanceOf(CompletionException.class).hasMessageContaining("guild 2");

        component.deliver(2L, CREDENTIALS);
        component.disconnect(1L);
        assertThat(component.connections()).containsOnlyKeys(2L);
        component.close();
        assertThat(component.connections()).isEmpty();
    }

    @Test
    void voiceTokensNeverAppearInStrings() {
        assertThat(CREDENTIALS.toString()).doesNotContain("token-1");
        assertThat(CREDENTIALS.serverUpdate(1L).toString()).doesNotContain("token-1");
    }

    @Test
    void recordingConnectionsConsumeAttachedAudioEvery20Ms() throws Exception {
        VoiceComponent component = new VoiceComponent(1L, RecordingVoiceConnection.factory());
        VoiceConnection connection = component.deliver(5L, CREDENTIALS);
        java.util.concurrent.atomic.AtomicInteger frames = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime();
        connection.attach(target -> frames.incrementAndGet() > 0);
        long deadline = start + 5_000_000_000L;
        while (frames.get() < 25 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(frames.get()).isGreaterThanOrEqualTo(25);
        assertThat(elapsedMs).as("25 frames take about half a second, not less").isGreaterThanOrEqualTo(460);
        assertThat(connection.isGatewayOpen()).isFalse();
        assertThat(connection.ping()).isEqualTo(-1);
        component.close();
        int after = frames.get();
        Thread.sleep(100);
        assertThat(frames.get()).as("detached on close").isLessThanOrEqualTo(after + 1);
    }

    private record ForwardingConnection(VoiceConnection delegate, List<VoiceEvent> events) implements VoiceConnection {
        public long guildId() { return delegate.guildId(); }
        public Long channelId() { return delegate.channelId(); }
        public VoiceComponent owner() { return delegate.owner(); }
        public VoiceCredentials credentials() { return delegate.credentials(); }
        public void notify(VoiceEvent event) { events.add(event); delegate.notify(event); }
        public java.util.concurrent.CompletableFuture<Void> ready() { return delegate.ready(); }
        public boolean isGatewayOpen() { return delegate.isGatewayOpen(); }
        public long ping() { return delegate.ping(); }
        public void attach(OpusFrameSource source) { delegate.attach(source); }
        public void disconnect() { delegate.disconnect(); }
    }
}
