package dev.basalt.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The route planner rotates outgoing IP addresses for sources that rate-limit. Basalt has none yet, so these routes
 * answer exactly as a Lavalink node without {@code ratelimit.ipBlocks} does.
 */
@RestController
public class RoutePlannerController {

    @GetMapping("/v4/routeplanner/status")
    public ResponseEntity<Void> status() {
        return ResponseEntity.noContent().build();
    }

    @PostMapping({"/v4/routeplanner/free/address", "/v4/routeplanner/free/all"})
    public void free() {
        throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "Can't access disabled route planner");
    }
}
