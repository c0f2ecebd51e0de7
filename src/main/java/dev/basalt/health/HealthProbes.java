package dev.basalt.health;

import java.util.Set;

import dev.basalt.web.OpenRoute;
import org.springframework.stereotype.Component;

/**
 * Kubernetes, Docker and load balancers send no password: exactly these two paths pass without it. They answer
 * nothing but {@code {"status":...}} (application.properties turns every other actuator endpoint and all details
 * off); any other spelling that Spring would route to them still needs the password.
 */
@Component
public class HealthProbes implements OpenRoute {

    public static final String LIVENESS = "/actuator/health/liveness";
    public static final String READINESS = "/actuator/health/readiness";
    private static final Set<String> PATHS = Set.of(LIVENESS, READINESS);

    @Override
    public boolean matches(String path) {
        return PATHS.contains(path);
    }
}
