/**
 * Loading and identifying audio: source managers registered from config, load results, and the
 * Lavalink-compatible track encoding. Pure functions around lavaplayer; knows nothing about HTTP or players.
 */
package dev.basalt.track;
