/**
 * Lavalink's ten filters, as clients configure them ({@link dev.basalt.player.filter.FilterSettings}) and as our own
 * DSP that lavaplayer runs on decoded PCM ({@link dev.basalt.player.filter.PlayerFilters}, one filter chain per
 * track), plus the clock that keeps the track position right under timescale.
 */
package dev.basalt.player.filter;
