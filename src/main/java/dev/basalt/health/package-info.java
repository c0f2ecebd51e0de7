/**
 * Health and lifecycle: the unauthenticated liveness and readiness probes (Spring Boot's actuator, configured in
 * {@code application.properties} to show nothing but a status), refusing new sessions while the node drains on
 * SIGTERM, and the startup summary that tells operators what this node can do.
 */
package dev.basalt.health;
