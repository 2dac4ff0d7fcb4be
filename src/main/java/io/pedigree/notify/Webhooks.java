package io.pedigree.notify;

import io.pedigree.audit.AuditLog;
import io.pedigree.config.WebhookConfig;
import io.pedigree.governance.Quarantines;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notifications by webhook: subscriptions, the outbox that derives events from the audit log, and the worker that
 * delivers them. Everything lives in the graph; each instance runs the worker every interval, and several
 * instances share the work through the cursor's lock and the deliveries' leases.
 */
public final class Webhooks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    private final Subscriptions subscriptions;
    private final Deliveries deliveries;
    private final Outbox outbox;
    private ScheduledExecutorService timer;

    public Webhooks(Database db, AuditLog audit, Quarantines quarantines, LineageService lineage, Limits limits,
                    OutboundPolicy policy, Clock clock, String version) {
        this.subscriptions = new Subscriptions(db, audit, policy, clock);
        this.deliveries = new Deliveries(db, audit, policy, new Sender(version), clock);
        this.outbox = new Outbox(db, audit, new Payloads(quarantines, lineage, limits), clock);
    }

    /** Webhooks as configured, their worker running at the configured interval. */
    public static Webhooks start(WebhookConfig config, Database db, AuditLog audit, Quarantines quarantines,
                                 LineageService lineage, Limits limits, Clock clock, String version) {
        Webhooks webhooks = new Webhooks(db, audit, quarantines, lineage, limits, OutboundPolicy.of(config.allow()),
                clock, version);
        webhooks.every(config.interval());
        return webhooks;
    }

    public Subscriptions subscriptions() {
        return subscriptions;
    }

    public Deliveries deliveries() {
        return deliveries;
    }

    /** Turns new audit events into deliveries, then sends what is due; what the interval runs. */
    public Round run() {
        int events = outbox.drain();
        int attempts = deliveries.deliverDue();
        return new Round(events, attempts);
    }

    /** What one run did: audit events moved past, and delivery attempts made. */
    public record Round(int events, int attempts) {
    }

    /** Runs every {@code interval} on a daemon thread; zero never. */
    public void every(Duration interval) {
        if (interval.isZero()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pedigree-webhooks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                run();
            } catch (RuntimeException e) {
                // The next run starts from what the graph holds, so a failure here loses nothing.
                LOG.warn("Webhook delivery run failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
