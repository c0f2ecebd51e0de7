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
        VoiceConnectionFactory factory = (channelId, endpoint, guildId, onClose, owner, sessionId, shardId, token,
                                          userId) -> {
            initialised.add(new Object[]{channelId, endpoint, guildId, sessionId, token, userId});
            return new NotedConnection(guildId, new VoiceCredentials(token, endpoint, sessionId, channelId), owner,
                    onClose, events);
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
    void closesAreReportedToTheComponentsListener() {
        List<String> heard = new ArrayList<>();
        VoiceComponent component = new VoiceComponent(1L, (channelId, endpoint, guildId, onClose, owner, sessionId,
                shardId, token, userId) -> new NotedConnection(guildId,
                new VoiceCredentials(token, endpoint, sessionId, channelId), owner, onClose, new ArrayList<>()));
        component.setCloseListener((guild, close) -> heard.add(guild + ":" + close.code() + ":" + close.reconnecting()));
        VoiceConnection connection = component.deliver(7L, CREDENTIALS);
        component.reportClose(connection, new VoiceClose(4014, "Disconnected", true, false));
        assertThat(heard).containsExactly("7:4014:false");
    }

    @Test
    void voiceTokensNeverAppearInStrings() {
        assertThat(CREDENTIALS.toString()).doesNotContain("token-1");
        assertThat(CREDENTIALS.serverUpdate(1L).toString()).doesNotContain("token-1");
    }

    /** Keeps what it is told; the component under test only needs the contract. */
    private static final class NotedConnection implements VoiceConnection {
        private final long guildId;
        private final VoiceComponent owner;
        private final java.util.function.Consumer<VoiceConnection> onClose;
        private final List<VoiceEvent> events;
        private VoiceCredentials credentials;

        NotedConnection(long guildId, VoiceCredentials credentials, VoiceComponent owner,
                        java.util.function.Consumer<VoiceConnection> onClose, List<VoiceEvent> events) {
            this.guildId = guildId;
            this.credentials = credentials;
            this.owner = owner;
            this.onClose = onClose;
            this.events = events;
        }

        public long guildId() { return guildId; }
        public Long channelId() { return credentials.channelId(); }
        public VoiceComponent owner() { return owner; }
        public VoiceCredentials credentials() { return credentials; }
        public java.util.concurrent.CompletableFuture<Void> ready() {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        public boolean isGatewayOpen() { return true; }
        public long ping() { return -1; }
        public void attach(OpusFrameSource source) { }
        public void disconnect() { onClose.accept(this); }

        public void notify(VoiceEvent event) {
            events.add(event);
            if (event instanceof VoiceEvent.VoiceServerUpdate server) {
                credentials = new VoiceCredentials(server.token(), server.endpoint(), credentials.sessionId(),
                        credentials.channelId());
            } else if (event instanceof VoiceEvent.VoiceStateUpdate state) {
                credentials = new VoiceCredentials(credentials.token(), credentials.endpoint(), state.sessionId(),
                        state.channelId());
            }
        }
    }
}
