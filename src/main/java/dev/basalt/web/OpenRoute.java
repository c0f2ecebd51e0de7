package dev.basalt.web;

/**
 * A route that answers without the password, contributed as a bean by the feature that owns it (the metrics
 * endpoint when its path is configured explicitly, health probes). Everything else needs the password.
 */
@FunctionalInterface
public interface OpenRoute {

    /** @param path the request path, without the query string */
    boolean matches(String path);
}
