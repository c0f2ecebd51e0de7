package dev.basalt.player;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.sedmelluq.discord.lavaplayer.player.AudioPlayerManager;
import dev.basalt.config.LavalinkServerProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Creates players on the node's audio player manager; one thread schedules every player's periodic update. */
@Component
public class PlayerFactory implements DisposableBean {

    private final AudioPlayerManager manager;
    private final LavalinkServerProperties server;
    private final Clock clock;
    private final ScheduledExecutorService updates = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "player-updates");
        thread.setDaemon(true);
        return thread;
    });

    public PlayerFactory(AudioPlayerManager manager, LavalinkServerProperties server, Clock clock) {
        this.manager = manager;
        this.server = server;
        this.clock = clock;
        manager.getConfiguration().setFrameBufferFactory(
                PipelineWatch.around(manager.getConfiguration().getFrameBufferFactory()));
    }

    public Player create(long guildId, PlayerListener listener) {
        return new Player(guildId, manager.createPlayer(), listener, updates,
                Math.max(1, server.getPlayerUpdateInterval()), server.effectiveTrackStuckThresholdMs(), clock);
    }

    @Override
    public void destroy() {
        updates.shutdownNow();
    }
}
