/**
 * Lavalink's ten filters: their configuration as clients send and see it. The PCM processing that applies them is
 * built on top of these settings.
 */
package dev.basalt.player.filter;
