/**
 * Prometheus metrics: Lavalink's families with the same names and labels (so existing dashboards work), the JVM
 * and process families of the Prometheus Java client, and Basalt's own (frames at the sender, packet gaps, voice
 * reconnects, loads and stream errors by source, resumes, memory beyond the heap), none labelled by guild or
 * session. Other packages expose plain counters and observer interfaces; only this package knows Prometheus.
 */
package dev.basalt.metrics;
