package io.pedigree.notify;

import io.pedigree.audit.AuditEvent;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.AuditQuery;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns audit events into webhook deliveries. A cursor in the graph names the last event handled; any instance may
 * move it, under its lock, creating in the same transaction a delivery per matching subscription. Services need
 * no hook, and an instance that dies mid-way leaves the cursor where the last commit put it.
 */
final class Outbox {

    static final int PAGE = 200;

    private static final String LOCK_CURSOR = """
            MATCH (c:WebhookCursor {id: 'webhooks'})
            SET c._lock = true
            REMOVE c._lock
            RETURN c.seq AS seq
            """;

    private static final String READ_CURSOR = """
            MATCH (c:WebhookCursor {id: 'webhooks'})
            RETURN c.seq AS seq
            """;

    // Each event goes to the active subscriptions made before it that want its type.
    private static final String FAN_OUT = """
            UNWIND $events AS e
            MATCH (s:WebhookSubscription)
            WHERE s.active AND s.fromSeq < e.seq AND (e.type IN s.events OR '*' IN s.events)
            CREATE (d:WebhookDelivery {id: 'whd-' + randomUUID(), subscription: s.id, eventId: e.id,
                                       eventType: e.type, auditSeq: e.seq, payload: e.payload, status: 'pending',
                                       attempts: 0, createdAt: $now, nextAttemptAt: $now})
            CREATE (d)-[:FOR]->(s)
            WITH DISTINCT e
            RETURN count(e) AS events
            """;

    // The event types some active subscription wants: a subscription made after this read was made after every
    // event of the page too, so it wants none of them.
    private static final String WANTED = """
            MATCH (s:WebhookSubscription)
            WHERE s.active
            UNWIND s.events AS type
            RETURN collect(DISTINCT type) AS types
            """;

    private static final String MOVE_CURSOR = """
            MATCH (c:WebhookCursor {id: 'webhooks'})
            SET c.seq = $seq
            """;

    private final Database db;
    private final AuditLog audit;
    private final Payloads payloads;
    private final Clock clock;

    Outbox(Database db, AuditLog audit, Payloads payloads, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.payloads = payloads;
        this.clock = clock;
    }

    /** Handles every audit event after the cursor, a page at a time; answers how many events it moved past. */
    int drain() {
        int total = 0;
        while (true) {
            int moved = page();
            total += Math.max(moved, 0);
            if (moved < PAGE) {
                return total;
            }
        }
    }

    /**
     * One page: events are read and their bodies built outside the lock (a quarantine's impact is a traversal),
     * then written only if no other instance moved the cursor meanwhile. Answers the events moved past, or -1
     * when another instance got there first.
     */
    private int page() {
        Optional<Long> cursor = db.read(tx -> tx.run(READ_CURSOR).list(r -> r.get("seq").asLong())).stream()
                .findFirst();
        if (cursor.isEmpty()) {
            return 0;
        }
        long after = cursor.get();
        List<AuditEvent> events = audit.read(new AuditQuery(null, null, null, null, null, after, PAGE)).items();
        if (events.isEmpty()) {
            return 0;
        }
        List<String> wanted = db.read(tx -> tx.run(WANTED).single().get("types").asList(v -> v.asString()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AuditEvent e : events) {
            // Bodies (a quarantine's is a traversal) only for events someone will be sent.
            EventType.ofAction(e.action())
                    .filter(type -> wanted.contains(EventType.ALL) || wanted.contains(type.id()))
                    .ifPresent(type -> rows.add(Map.of("id", Payloads.eventId(e), "type", type.id(),
                            "seq", e.seq(), "payload", payloads.body(type, e))));
        }
        long last = events.get(events.size() - 1).seq();
        boolean moved = db.write(tx -> {
            Record c = tx.run(LOCK_CURSOR).single();
            if (c.get("seq").asLong() != after) {
                return false;
            }
            if (!rows.isEmpty()) {
                tx.run(FAN_OUT, Map.of("events", rows, "now", clock.instant().atZone(ZoneOffset.UTC))).consume();
            }
            tx.run(MOVE_CURSOR, Map.of("seq", last)).consume();
            return true;
        });
        return moved ? events.size() : -1;
    }
}
