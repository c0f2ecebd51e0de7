package dev.basalt.player;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import dev.basalt.config.LavalinkServerProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Creates players on the node's audio player manager; one thread schedules every player's periodic update. Every
 * player's events also go to the node-wide {@link PlayerListener} beans (monitoring), after the session's listener.
 */
@Component
public class PlayerFactory implements DisposableBean {

    private final AudioPlayerManager manager;
    private final LavalinkServerProperties server;
    private final Clock clock;
    private final FrameTotals frameTotals;
    private final ObjectProvider<PlayerListener> nodeListeners;
    private final ScheduledExecutorService updates = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "player-updates");
        thread.setDaemon(true);
        return thread;
    });

    public PlayerFactory(AudioPlayerManager manager, LavalinkServerProperties server, Clock clock,
                         FrameTotals frameTotals, ObjectProvider<PlayerListener> nodeListeners) {
        this.manager = manager;
        this.server = server;
        this.clock = clock;
        this.frameTotals = frameTotals;
        this.nodeListeners = nodeListeners;
        manager.getConfiguration().setFrameBufferFactory(
                PipelineWatch.around(manager.getConfiguration().getFrameBufferFactory()));
    }

    public Player create(long guildId, PlayerListener listener) {
        return new Player(guildId, manager.createPlayer(), withNodeListeners(listener), updates,
                Math.max(1, server.getPlayerUpdateInterval()), server.effectiveTrackStuckThresholdMs(), clock,
                frameTotals);
    }

    private PlayerListener withNodeListeners(PlayerListener session) {
        // resolved per player rather than at construction, so a listener may depend on what depends on this factory
        List<PlayerListener> node = nodeListeners.orderedStream().toList();
        if (node.isEmpty()) {
            return session;
        }
        return (player, event) -> {
            session.onEvent(player, event);
            for (PlayerListener listener : node) {
                listener.onEvent(player, event);
            }
        };
    }

    @Override
    public void destroy() {
        updates.shutdownNow();
    }
}
