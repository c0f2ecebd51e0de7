/**
 * One player per guild of a client session: a lavaplayer {@code AudioPlayer}, its state (volume, pause, end marker,
 * filters), the events it raises and the frames it hands to its voice connection. Knows nothing about HTTP.
 */
package dev.basalt.player;
