package dev.basalt.metrics;

import dev.basalt.session.SessionObserver;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;

/** Session resumes: attempts by outcome, and disconnected sessions that expired before anyone resumed them. */
final class SessionMetrics implements SessionObserver {

    private final Counter resumes;
    private final Counter expired;

    SessionMetrics(CollectorRegistry registry) {
        resumes = Counter.build("basalt_session_resumes_total",
                        "Clients reconnecting with Session-Id: resumed, or missed (unknown or expired; a new session)")
                .labelNames("outcome").register(registry);
        expired = Counter.build("basalt_sessions_expired_total",
                "Disconnected sessions destroyed because no client resumed them within their timeout")
                .register(registry);
        resumes.labels("resumed");
        resumes.labels("missed");
    }

    @Override
    public void resumeAttempted(boolean resumed) {
        resumes.labels(resumed ? "resumed" : "missed").inc();
    }

    @Override
    public void expired() {
        expired.inc();
    }
}
