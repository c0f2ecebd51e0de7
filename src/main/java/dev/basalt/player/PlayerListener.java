package dev.basalt.player;

/** Receives a player's events; the session turns them into socket messages. */
@FunctionalInterface
public interface PlayerListener {

    void onEvent(Player player, PlayerEvent event);
}
