package dev.basalt.compat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.basalt.support.AudioServer;
import dev.basalt.support.VoiceServers;
import dev.basalt.voice.discord.fake.AudioSnapshot;
import dev.basalt.voice.discord.fake.FakeDiscordVoiceServer;
import dev.arbjerg.lavalink.client.LavalinkClient;
import dev.arbjerg.lavalink.client.LavalinkNode;
import dev.arbjerg.lavalink.client.Link;
import dev.arbjerg.lavalink.client.NodeOptions;
import dev.arbjerg.lavalink.client.event.ClientEvent;
import dev.arbjerg.lavalink.client.event.ReadyEvent;
import dev.arbjerg.lavalink.client.event.StatsEvent;
import dev.arbjerg.lavalink.client.event.TrackEndEvent;
import dev.arbjerg.lavalink.client.event.TrackExceptionEvent;
import dev.arbjerg.lavalink.client.event.TrackStartEvent;
import dev.arbjerg.lavalink.client.player.LavalinkLoadResult;
import dev.arbjerg.lavalink.client.player.LavalinkPlayer;
import dev.arbjerg.lavalink.client.player.Track;
import dev.arbjerg.lavalink.client.player.TrackLoaded;
import dev.arbjerg.lavalink.protocol.v4.Message;
import dev.arbjerg.lavalink.protocol.v4.TrackInfo;
import dev.arbjerg.lavalink.protocol.v4.VoiceState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.Disposable;

import static dev.basalt.compat.CompatSupport.PASSWORD;
import static dev.basalt.compat.CompatSupport.TONE_2S;
import static dev.basalt.compat.CompatSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official Java/Kotlin client, {@code dev.arbjerg:lavalink-client} 3.2.0, driving a real Basalt node: connect,
 * load a track over the HTTP source, play it on a player with voice credentials and see it start and finish through
 * the client's event API. The audio goes to a fake Discord voice server, which receives the 2 s tone as 440 Hz.
 */
@OfflineNodeTest
class LavalinkClientCompatibilityTest {

    private static final long USER_ID = 987654321098765432L;
    private static final long GUILD_ID = 1122334455667788990L;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    private int port;

    private LavalinkClient client;
    private final List<Disposable> subscriptions = new ArrayList<>();

    @AfterEach
    void closeClient() {
        subscriptions.forEach(Disposable::dispose);
        if (client != null) {
            client.close();
        }
    }

    @Test
    void officialClientLoadsPlaysAndSeesTheTrackFinish() throws Exception {
        client = new LavalinkClient(USER_ID);
        BlockingQueue<ReadyEvent> ready = collect(ReadyEvent.class);
        BlockingQueue<StatsEvent> stats = collect(StatsEvent.class);
        BlockingQueue<TrackStartEvent> starts = collect(TrackStartEvent.class);
        BlockingQueue<TrackEndEvent> ends = collect(TrackEndEvent.class);
        BlockingQueue<TrackExceptionEvent> failures = collect(TrackExceptionEvent.class);

        LavalinkNode node = client.addNode(new NodeOptions.Builder()
                .setName("basalt")
                .setServerUri("ws://127.0.0.1:" + port)
                .setPassword(PASSWORD)
                .build());

        ReadyEvent readyEvent = ready.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(readyEvent).as("ReadyEvent").isNotNull();
        assertThat(readyEvent.getResumed()).isFalse();
        assertThat(readyEvent.getSessionId()).matches("[a-z0-9]{16}");
        assertThat(node.getSessionId()).isEqualTo(readyEvent.getSessionId());
        await("the node to be available", TIMEOUT, () -> node.getAvailable() ? Boolean.TRUE : null);

        // load over the HTTP source from the local WireMock server
        String url = AudioServer.url(TONE_2S);
        LavalinkLoadResult result = node.loadItem(url).block(TIMEOUT);
        assertThat(result).isInstanceOf(TrackLoaded.class);
        Track track = ((TrackLoaded) result).getTrack();
        TrackInfo info = track.getInfo();
        assertThat(info.getTitle()).isEqualTo("Basalt Test Tone");
        assertThat(info.getAuthor()).isEqualTo("Basalt");
        assertThat(info.getLength()).isEqualTo(2064L);
        assertThat(info.isStream()).isFalse();
        assertThat(info.isSeekable()).isTrue();
        assertThat(info.getSourceName()).isEqualTo("http");
        assertThat(info.getIdentifier()).isEqualTo(url);
        assertThat(info.getUri()).isEqualTo(url);
        assertThat(track.getEncoded()).isNotBlank();
        assertThat(track.getPluginInfo().path("probeInfo").asText()).isEqualTo("mp3");

        // play it with voice credentials (client 3.2.0 speaks protocol 4.0.x: its VoiceState has no channelId)
        FakeDiscordVoiceServer voiceServer = VoiceServers.forGuild(Long.toString(GUILD_ID), Long.toString(USER_ID));
        voiceServer.resetAudio();
        Link link = client.getOrCreateLink(GUILD_ID);
        LavalinkPlayer player = link.createOrUpdatePlayer()
                .setTrack(track)
                .setVolume(80)
                .setVoiceState(new VoiceState(VoiceServers.TOKEN, voiceServer.endpoint(), VoiceServers.SESSION))
                .block(TIMEOUT);
        assertThat(player).isNotNull();
        assertThat(player.getGuildId()).isEqualTo(GUILD_ID);
        assertThat(player.getVolume()).isEqualTo(80);
        assertThat(player.getPaused()).isFalse();
        assertThat(player.getTrack()).isNotNull();
        assertThat(player.getTrack().getInfo().getTitle()).isEqualTo("Basalt Test Tone");
        assertThat(player.getTrack().getInfo().getIdentifier()).isEqualTo(url);
        assertThat(player.getVoiceState().getToken()).isEqualTo(VoiceServers.TOKEN);
        assertThat(player.getVoiceState().getEndpoint()).isEqualTo(voiceServer.endpoint());
        assertThat(player.getVoiceState().getSessionId()).isEqualTo(VoiceServers.SESSION);
        assertThat(player.getState().getConnected()).isTrue();

        TrackStartEvent start = starts.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(start).as("TrackStartEvent").isNotNull();
        assertThat(start.getGuildId()).isEqualTo(GUILD_ID);
        assertThat(start.getTrack().getInfo().getTitle()).isEqualTo("Basalt Test Tone");

        TrackEndEvent end = ends.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(end).as("TrackEndEvent").isNotNull();
        assertThat(failures).as("no TrackExceptionEvent").isEmpty();
        assertThat(end.getGuildId()).isEqualTo(GUILD_ID);
        assertThat(end.getEndReason()).isEqualTo(Message.EmittedEvent.TrackEndEvent.AudioTrackEndReason.FINISHED);
        assertThat(end.getEndReason().getMayStartNext()).isTrue();
        assertThat(end.getTrack().getInfo().getIdentifier()).isEqualTo(url);
        assertThat(end.getTrack().getInfo().getPosition()).isGreaterThan(1500L);

        // what reached the voice channel is the file: two seconds of 440 Hz
        AudioSnapshot heard = voiceServer.awaitPackets(95, TIMEOUT);
        assertThat(heard.dominantFrequency(0)).isBetween(435.0, 445.0);
        assertThat(heard.sequenceGaps()).isZero();

        // the node still knows the player (now idle) until it is destroyed through the client
        LavalinkPlayer idle = node.getPlayer(GUILD_ID).block(TIMEOUT);
        assertThat(idle).isNotNull();
        assertThat(idle.getTrack()).isNull();
        assertThat(idle.getVolume()).isEqualTo(80);

        link.destroy().block(TIMEOUT);
        List<LavalinkPlayer> remaining = node.getPlayers().block(TIMEOUT);
        assertThat(remaining).isEmpty();
        assertThat(ends).as("no further end event after destroying an idle player").isEmpty();

        StatsEvent statsEvent = stats.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(statsEvent).as("StatsEvent").isNotNull();
        assertThat(statsEvent.getMemory().getUsed()).isPositive();
        assertThat(statsEvent.getCpu().getCores()).isPositive();
        assertThat(statsEvent.getUptime()).isPositive();
        assertThat(node.getStats()).isNotNull();
    }

    private <T extends ClientEvent> BlockingQueue<T> collect(Class<T> type) {
        BlockingQueue<T> queue = new LinkedBlockingQueue<>();
        subscriptions.add(client.on(type).subscribe(queue::add));
        return queue;
    }
}
