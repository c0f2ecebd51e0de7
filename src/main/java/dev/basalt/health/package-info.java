/**
 * Health and lifecycle: the unauthenticated liveness and readiness probes (a small controller over Spring Boot's
 * availability states, answering on the actuator's paths without the actuator), refusing new sessions while the
 * node drains on SIGTERM, and the startup summary that tells operators what this node can do.
 */
package dev.basalt.health;
