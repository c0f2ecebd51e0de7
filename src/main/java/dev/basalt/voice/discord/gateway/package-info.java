/**
 * The voice gateway v8 client: one secure WebSocket per voice session, its JSON and binary messages, heartbeats
 * with {@code seq_ack}, and close reporting. What to do about a close is decided by the connection above it.
 */
package dev.basalt.voice.discord.gateway;
