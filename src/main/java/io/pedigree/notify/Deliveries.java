package io.pedigree.notify;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The delivery log and its worker: claims deliveries that are due (a lease, so two instances never send the same
 * one at once and a dead instance's claim runs out), sends each, and records the answer, scheduling a retry with
 * exponential backoff on the injected clock until the last attempt.
 */
public final class Deliveries {

    /** Attempts before a delivery is given up as failed. */
    public static final int MAX_ATTEMPTS = 8;
    /** The wait after the first failed attempt; each further one doubles it, up to {@link #MAX_BACKOFF}. */
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** Deliveries claimed at once, then sent one after the other. */
    static final int CLAIM = 10;
    /** How long a claim holds: longer than sending every delivery of a claim can take, at the time limits. */
    static final Duration LEASE = Sender.CONNECT_TIMEOUT.plus(Sender.ANSWER_TIMEOUT).multipliedBy(CLAIM)
            .plusSeconds(60);

    private static final String LOCK = """
            MATCH (c:WebhookCursor {id: 'webhooks'})
            SET c._claim = true
            REMOVE c._claim
            RETURN c.seq AS seq
            """;

    // Only deliveries still to be tried have a time in the index (others have none), so an idle check is a seek.
    private static final String ANY_DUE = """
            MATCH (d:WebhookDelivery)
            WHERE d.nextAttemptAt <= $now
            RETURN d.id AS id
            LIMIT 1
            """;

    // Read after the lock, so a claim made by another instance just before is seen and skipped.
    private static final String CLAIM_DUE = """
            MATCH (d:WebhookDelivery)
            WHERE d.nextAttemptAt <= $now AND d.status IN ['pending', 'retrying']
              AND (d.leaseUntil IS NULL OR d.leaseUntil <= $now)
            WITH d ORDER BY d.nextAttemptAt LIMIT $limit
            MATCH (d)-[:FOR]->(s:WebhookSubscription)
            SET d.leaseUntil = $lease
            RETURN d, s.url AS url, s.secret AS secret
            """;

    private static final String RECORD = """
            MATCH (d:WebhookDelivery {id: $id})
            WHERE d.status IN ['pending', 'retrying']
            SET d.attempts = d.attempts + 1, d.lastAttemptAt = $now, d.responseCode = $code, d.error = $error,
                d.status = $status, d.nextAttemptAt = $next, d.leaseUntil = null,
                d.deliveredAt = CASE WHEN $status = 'delivered' THEN $now ELSE null END
            """;

    private static final String LOG = """
            MATCH (s:WebhookSubscription {id: $subscription})
            OPTIONAL MATCH (d:WebhookDelivery)-[:FOR]->(s)
            WHERE $status IS NULL OR d.status = $status
            WITH s, d ORDER BY d.createdAt DESC, d.auditSeq DESC
            RETURN s.id AS id, collect(d)[..$limit] AS deliveries
            """;

    private static final String GET = """
            MATCH (d:WebhookDelivery {id: $id, subscription: $subscription})
            RETURN d
            """;

    private static final String REDELIVER = """
            MATCH (old:WebhookDelivery {id: $id})-[:FOR]->(s:WebhookSubscription)
            CREATE (d:WebhookDelivery {id: $newId, subscription: s.id, eventId: old.eventId,
                                       eventType: old.eventType, auditSeq: old.auditSeq, payload: old.payload,
                                       status: 'pending', attempts: 0, createdAt: $now, nextAttemptAt: $now,
                                       redeliveryOf: old.id})
            CREATE (d)-[:FOR]->(s)
            """;

    private final Database db;
    private final AuditLog audit;
    private final OutboundPolicy policy;
    private final Sender sender;
    private final Clock clock;

    Deliveries(Database db, AuditLog audit, OutboundPolicy policy, Sender sender, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.policy = policy;
        this.sender = sender;
        this.clock = clock;
    }

    /** Sends what is due now, a claim at a time, until nothing is; answers how many attempts were made. */
    int deliverDue() {
        int made = 0;
        while (true) {
            List<Claimed> claimed = claim();
            for (Claimed c : claimed) {
                attempt(c);
                made++;
            }
            if (claimed.size() < CLAIM) {
                return made;
            }
        }
    }

    private record Claimed(Delivery delivery, String url, String secret) {
    }

    private List<Claimed> claim() {
        Instant now = clock.instant();
        // An idle instance only reads: no write transaction every interval when there is nothing to send.
        if (db.read(tx -> tx.run(ANY_DUE, Map.of("now", now.atZone(ZoneOffset.UTC))).list()).isEmpty()) {
            return List.of();
        }
        return db.write(tx -> {
            if (tx.run(LOCK).list().isEmpty()) {
                return List.of();
            }
            return tx.run(CLAIM_DUE, Map.of("now", now.atZone(ZoneOffset.UTC), "limit", CLAIM,
                    "lease", now.plus(LEASE).atZone(ZoneOffset.UTC))).list(r -> new Claimed(delivery(r.get("d")),
                    r.get("url").asString(), r.get("secret").asString()));
        });
    }

    private void attempt(Claimed c) {
        Delivery d = c.delivery();
        URI url = URI.create(c.url());
        // Checked again now, after a fresh lookup: the name may resolve elsewhere than when it was subscribed.
        Sender.Outcome outcome = policy.refusal(url).map(why -> new Sender.Outcome(null, "refused: " + why))
                .orElseGet(() -> sender.send(url, c.secret(), d.id(), d.eventId(), d.eventType(),
                        clock.instant().getEpochSecond(), d.payload()));
        Instant now = clock.instant();
        int attempts = d.attempts() + 1;
        String status;
        Instant next = null;
        if (outcome.delivered()) {
            status = "delivered";
        } else if (attempts >= MAX_ATTEMPTS) {
            status = "failed";
        } else {
            status = "retrying";
            next = now.plus(backoff(attempts));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("id", d.id());
        p.put("now", now.atZone(ZoneOffset.UTC));
        p.put("code", outcome.status());
        p.put("error", outcome.error());
        p.put("status", status);
        p.put("next", next == null ? null : next.atZone(ZoneOffset.UTC));
        db.write(tx -> tx.run(RECORD, p).consume());
    }

    /** The wait after the {@code failed}-th failed attempt: 10 s, 20 s, 40 s ... at most an hour. */
    static Duration backoff(int failed) {
        Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(failed - 1, 20));
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    /** A subscription's deliveries, newest first, optionally only those in one state. */
    public List<Delivery> log(String subscription, String status, int limit) {
        Map<String, Object> p = new HashMap<>();
        p.put("subscription", subscription);
        p.put("status", status);
        p.put("limit", limit);
        List<Record> rows = db.read(tx -> tx.run(LOG, p).list());
        if (rows.isEmpty()) {
            throw new NotFound("id", "No webhook subscription with id " + subscription);
        }
        return rows.get(0).get("deliveries").asList(Deliveries::delivery);
    }

    public Delivery get(String subscription, String id) {
        return db.read(tx -> tx.run(GET, Map.of("id", id, "subscription", subscription))
                .list(r -> delivery(r.get("d")))).stream().findFirst()
                .orElseThrow(() -> new NotFound("delivery", "No delivery " + id + " of webhook " + subscription));
    }

    /**
     * Sends a delivery's event again, as a new delivery with the same body and event id (so a receiver that
     * kept the first can tell), due at once; the original's log stays as it was.
     */
    public Delivery redeliver(String subscription, String id, String actor) {
        Delivery old = get(subscription, id);
        String newId = "whd-" + java.util.UUID.randomUUID();
        db.write(tx -> {
            var s = tx.run("MATCH (s:WebhookSubscription {id: $id}) RETURN s.active AS active",
                    Map.of("id", subscription)).single();
            if (!s.get("active").asBoolean(false)) {
                throw new Conflict("Webhook " + subscription + " was deleted; nothing is sent to it any more",
                        List.of());
            }
            tx.run(REDELIVER, Map.of("id", old.id(), "newId", newId,
                    "now", clock.instant().atZone(ZoneOffset.UTC))).consume();
            audit.append(tx, actor, new AuditEntry("webhook.redeliver", "webhook:" + subscription, List.of(),
                    null, null, null, Map.of("delivery", newId, "redeliveryOf", old.id(), "event", old.eventId())));
            return null;
        });
        return get(subscription, newId);
    }

    static Delivery delivery(Value d) {
        return new Delivery(d.get("id").asString(), d.get("subscription").asString(), d.get("eventId").asString(),
                d.get("eventType").asString(), d.get("auditSeq").asLong(), d.get("status").asString(),
                d.get("attempts").asInt(), Subscriptions.instant(d.get("createdAt")),
                Subscriptions.instant(d.get("lastAttemptAt")),
                d.get("responseCode").isNull() ? null : d.get("responseCode").asInt(), d.get("error").asString(null),
                Subscriptions.instant(d.get("nextAttemptAt")), Subscriptions.instant(d.get("deliveredAt")),
                d.get("redeliveryOf").asString(null), d.get("payload").asString());
    }
}
