package io.pedigree.notify;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditEvent;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.store.Database;
import org.neo4j.driver.Value;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Admin-managed webhook subscriptions, kept in the graph so every instance delivers for all of them. */
public final class Subscriptions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String CREATE = """
            CREATE (s:WebhookSubscription {id: $id, url: $url, events: $events, description: $description,
                                           secret: $secret, createdAt: $now, createdBy: $actor, active: true,
                                           fromSeq: $seq})
            """;

    // The outbox starts where the first subscription was made: earlier history is never sent. Taking the cursor's
    // lock also orders this subscription against a fan-out in progress, which then sees it or ends before it.
    private static final String START_CURSOR = """
            MERGE (c:WebhookCursor {id: 'webhooks'})
            ON CREATE SET c.seq = $seq
            SET c._lock = true
            REMOVE c._lock
            """;

    private static final String GET = """
            MATCH (s:WebhookSubscription {id: $id})
            RETURN s
            """;

    private static final String LIST = """
            MATCH (s:WebhookSubscription)
            WHERE s.active OR $all
            RETURN s
            ORDER BY s.createdAt, s.id
            """;

    // Deliveries not yet made are cancelled with the subscription: nothing is sent to a URL after its removal.
    private static final String DELETE = """
            MATCH (s:WebhookSubscription {id: $id})
            WITH s, s.active AS before
            SET s.active = false, s.deletedAt = coalesce(s.deletedAt, $now)
            WITH s, before
            OPTIONAL MATCH (d:WebhookDelivery)-[:FOR]->(s)
            WHERE d.status IN ['pending', 'retrying']
            SET d.status = 'cancelled', d.nextAttemptAt = null
            RETURN DISTINCT before
            """;

    private final Database db;
    private final AuditLog audit;
    private final OutboundPolicy policy;
    private final Clock clock;

    public Subscriptions(Database db, AuditLog audit, OutboundPolicy policy, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    /** Subscribes {@code url} to {@code events} (or {@link EventType#ALL}); the URL must pass the outbound checks. */
    public Subscription.Created create(String url, List<String> events, String description, String actor) {
        URI uri = url(url);
        List<String> types = events(events);
        String id = "wh-" + HexFormat.of().formatHex(random(6));
        String secret = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random(32));
        db.write(tx -> {
            Map<String, Object> p = new HashMap<>();
            p.put("id", id);
            p.put("url", uri.toString());
            p.put("events", types);
            p.put("description", description);
            p.put("secret", secret);
            p.put("now", clock.instant().atZone(ZoneOffset.UTC));
            p.put("actor", actor);
            p.put("seq", 0L);
            tx.run(CREATE, p).consume();
            // The secret is never in the audit log; its digest tells a later reader which one was issued.
            Map<String, Object> details = new HashMap<>(Map.of("url", uri.toString(), "events", types));
            AuditEvent e = audit.append(tx, actor, new AuditEntry("webhook.create", "webhook:" + id, List.of(),
                    null, Digest.of(Map.of("url", uri.toString(), "events", types, "secret", Digest.of(secret))),
                    description, details));
            // Deliveries start after the event that made the subscription, whose number is known only now. Taking
            // the cursor's lock after the log's is safe: no transaction that holds the cursor waits for the log.
            tx.run("MATCH (s:WebhookSubscription {id: $id}) SET s.fromSeq = $seq",
                    Map.of("id", id, "seq", e.seq())).consume();
            tx.run(START_CURSOR, Map.of("seq", e.seq())).consume();
            return null;
        });
        return new Subscription.Created(get(id), secret);
    }

    public Subscription get(String id) {
        return db.read(tx -> tx.run(GET, Map.of("id", id)).list(r -> subscription(r.get("s")))).stream()
                .findFirst().orElseThrow(() -> new NotFound("id", "No webhook subscription with id " + id));
    }

    /** Active subscriptions, or every one ever made with {@code all}. */
    public List<Subscription> list(boolean all) {
        return db.read(tx -> tx.run(LIST, Map.of("all", all)).list(r -> subscription(r.get("s"))));
    }

    /** Ends a subscription: it stays listed with its delivery log, and nothing more is sent. */
    public Subscription delete(String id, String actor) {
        db.write(tx -> {
            var rows = tx.run(DELETE, Map.of("id", id, "now", clock.instant().atZone(ZoneOffset.UTC))).list();
            if (rows.isEmpty()) {
                throw new NotFound("id", "No webhook subscription with id " + id);
            }
            if (rows.get(0).get("before").asBoolean(false)) {
                audit.append(tx, actor, AuditEntry.of("webhook.delete", "webhook:" + id, Map.of("active", true),
                        Map.of("active", false), null));
            }
            return null;
        });
        return get(id);
    }

    private URI url(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidInput("url", "url is the http or https address deliveries are posted to");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new InvalidInput("url", "Not a URL: " + e.getMessage());
        }
        policy.refusal(uri).ifPresent(why -> {
            throw new InvalidInput("url", "Refused: " + why);
        });
        return uri;
    }

    private static List<String> events(List<String> events) {
        if (events == null || events.isEmpty()) {
            throw new InvalidInput("events", "events names the event types to deliver, or [\"*\"] for all: "
                    + String.join(", ", EventType.ids()));
        }
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (int i = 0; i < events.size(); i++) {
            String e = events.get(i);
            if (!EventType.ALL.equals(e) && EventType.parse(e).isEmpty()) {
                throw new InvalidInput("events[" + i + "]", "Unknown event type '" + e + "'; known: "
                        + String.join(", ", EventType.ids()) + ", or * for all");
            }
            out.add(e);
        }
        return new ArrayList<>(out);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    static Subscription subscription(Value s) {
        return new Subscription(s.get("id").asString(), s.get("url").asString(), s.get("events").asList(Value::asString),
                s.get("description").asString(null), instant(s.get("createdAt")), s.get("createdBy").asString(null),
                s.get("active").asBoolean(false), instant(s.get("deletedAt")));
    }

    static Instant instant(Value v) {
        return v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
