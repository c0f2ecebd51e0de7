package dev.basalt.health;

import org.springframework.http.HttpStatus;

/** A probe's answer, {@code {"status":"UP"}}; every status but UP is a 503, which is what probes act on. */
public record ProbeStatus(Status status) {

    public static final ProbeStatus UP = new ProbeStatus(Status.UP);
    public static final ProbeStatus DOWN = new ProbeStatus(Status.DOWN);
    public static final ProbeStatus OUT_OF_SERVICE = new ProbeStatus(Status.OUT_OF_SERVICE);

    public enum Status { UP, DOWN, OUT_OF_SERVICE }

    HttpStatus httpStatus() {
        return status == Status.UP ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE;
    }
}
