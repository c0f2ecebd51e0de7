/**
 * The REST surface of Lavalink v4: routes, the password check, request reading with the reference's strict JSON
 * rules, Lavalink's error body, and request logging ({@code logging.request.*}). Controllers only translate; the
 * work happens in sessions and players.
 */
package dev.basalt.web;
