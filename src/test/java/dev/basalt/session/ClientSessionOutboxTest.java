package dev.basalt.session;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.basalt.protocol.PlayerStateJson;
import dev.basalt.protocol.ServerMessage;
import dev.basalt.voice.VoiceComponent;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thread that sends while another thread is stuck writing to the socket (a slow client) returns at once, and its
 * message still goes out, in order, when the write completes. Playback threads raise events, so this is what keeps
 * a slow bot from stalling audio.
 */
class ClientSessionOutboxTest {

    @Test
    void aSenderDoesNotWaitForAnotherThreadsWriteAndOrderIsKept() throws Exception {
        CountDownLatch firstWriteEntered = new CountDownLatch(1);
        CountDownLatch releaseFirstWrite = new CountDownLatch(1);
        List<String> written = new CopyOnWriteArrayList<>();
        WebSocketSession socket = (WebSocketSession) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {WebSocketSession.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "isOpen":
                            return true;
                        case "sendMessage":
                            String text = ((TextMessage) args[0]).getPayload();
                            if (written.isEmpty()) {
                                firstWriteEntered.countDown();
                                releaseFirstWrite.await();
                            }
                            written.add(text);
                            return null;
                        case "getId":
                            return "socket";
                        default:
                            return null;
                    }
                });
        ClientSession session = new ClientSession("s1", new VoiceComponent(1, null), JsonMapper.builder().build());
        session.attach(socket);

        CompletableFuture<Void> slow = CompletableFuture.runAsync(
                () -> session.send(new ServerMessage.Ready(false, "s1")));
        assertThat(firstWriteEntered.await(5, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> session.send(
                new ServerMessage.PlayerUpdate(new PlayerStateJson(1, 2, true, 3), "42")));
        other.get(5, TimeUnit.SECONDS); // returns although the socket is still busy with the first message
        assertThat(written).isEmpty();

        releaseFirstWrite.countDown();
        slow.get(5, TimeUnit.SECONDS);
        assertThat(written).hasSize(2);
        assertThat(written.get(0)).contains("\"op\":\"ready\"");
        assertThat(written.get(1)).contains("\"op\":\"playerUpdate\"").contains("\"guildId\":\"42\"");
    }
}
