/**
 * Client sessions: one per bot connected over {@code /v4/websocket}. A session owns its players and its voice
 * component, sends ready, stats and events in order, and survives a dropped socket for its resume timeout by
 * queueing what it would have sent.
 */
package dev.basalt.session;
