package dev.basalt.metrics;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;

/**
 * Lavalink's {@code lavalink_gc_pauses_seconds}: the duration of every collection the JVM reports, except those
 * whose cause is "No GC" (bookkeeping cycles of concurrent collectors that pause nothing).
 */
final class GcPauses implements NotificationListener, AutoCloseable {

    private final Histogram pauses;
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    GcPauses(CollectorRegistry registry) {
        pauses = Histogram.build("lavalink_gc_pauses_seconds", "Garbage collection pauses by buckets")
                .buckets(0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6)
                .register(registry);
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(this, null, null);
                emitters.add(emitter);
            }
        }
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (!"No GC".equals(info.getGcCause())) {
            pauses.observe(info.getGcInfo().getDuration() / 1000.0);
        }
    }

    @Override
    public void close() {
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        emitters.clear();
    }
}
