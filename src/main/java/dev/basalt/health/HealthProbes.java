package dev.basalt.health;

import java.util.Set;

import dev.basalt.web.OpenRoute;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The liveness and readiness probes, read from Spring Boot's own availability states. The paths and bodies are the
 * ones Spring Boot's actuator uses, so charts and load balancers written for Lavalink-like nodes work unchanged;
 * the actuator itself is not part of the node (it cost about 10 MB of idle memory for these two answers).
 * <p>
 * Kubernetes, Docker and load balancers send no password: exactly these two paths pass without it. Any other
 * spelling that Spring would route here (a trailing slash, matrix parameters) still needs the password.
 */
@RestController
public class HealthProbes implements OpenRoute {

    public static final String LIVENESS = "/actuator/health/liveness";
    public static final String READINESS = "/actuator/health/readiness";
    private static final Set<String> PATHS = Set.of(LIVENESS, READINESS);

    private final ApplicationAvailability availability;

    public HealthProbes(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @Override
    public boolean matches(String path) {
        return PATHS.contains(path);
    }

    /** Down only when something declared the process broken: a restart is the cure. */
    @GetMapping(LIVENESS)
    public ResponseEntity<ProbeStatus> liveness() {
        return answer(availability.getLivenessState() == LivenessState.CORRECT
                ? ProbeStatus.UP : ProbeStatus.DOWN);
    }

    /** Out of service before the node has started and from the first moment of a shutdown (SIGTERM). */
    @GetMapping(READINESS)
    public ResponseEntity<ProbeStatus> readiness() {
        return answer(availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC
                ? ProbeStatus.UP : ProbeStatus.OUT_OF_SERVICE);
    }

    private static ResponseEntity<ProbeStatus> answer(ProbeStatus status) {
        // the content type is set, not negotiated: a probe that sends an odd Accept header still gets its answer
        return ResponseEntity.status(status.httpStatus()).contentType(MediaType.APPLICATION_JSON).body(status);
    }
}
