package dev.basalt.metrics;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.logback.InstrumentedAppender;
import org.slf4j.LoggerFactory;

/** {@code logback_appender_total{level}}: the Prometheus client's appender on the root logger, as Lavalink has it. */
final class LogEvents implements AutoCloseable {

    private final Logger root;
    private final InstrumentedAppender appender;

    LogEvents(CollectorRegistry registry) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender = new InstrumentedAppender(registry);
        appender.setContext(context);
        appender.setName("basalt-prometheus");
        appender.start();
        root.addAppender(appender);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
    }
}
