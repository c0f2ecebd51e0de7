/**
 * Configuration bound from Lavalink's {@code application.yml} keys, so an existing Lavalink configuration
 * starts Basalt unchanged. Values Lavalink silently corrects (out-of-range buffer sizes and the like) are
 * corrected here the same way, in one place.
 */
package dev.basalt.config;
