package io.pedigree.governance;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Impact;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quarantines of assets (a dataset found to hold personal data, a leaked prompt, a bad commit). A quarantine is
 * itself recorded in the graph, linked to the asset; every version downstream of an asset in quarantine is
 * tainted: gates refuse it and rollback plans pass over it.
 */
public final class Quarantines {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String CREATE = """
            MATCH (n:Node {key: $key})
            SET n._lock = true
            REMOVE n._lock
            WITH n
            OPTIONAL MATCH (old:Quarantine)-[:QUARANTINES]->(n) WHERE old.releasedAt IS NULL
            WITH n, old
            FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
                CREATE (:Quarantine {id: $id, key: $key, reason: $reason, createdAt: $now, createdBy: $actor})
                    -[:QUARANTINES]->(n))
            RETURN old.id AS existing
            """;

    private static final String RELEASE = """
            MATCH (q:Quarantine {id: $id})
            WITH q, q.releasedAt AS before
            SET q.releasedAt = coalesce(q.releasedAt, $now), q.releasedBy = coalesce(q.releasedBy, $actor),
                q.releaseReason = coalesce(q.releaseReason, $reason)
            RETURN q, before
            """;

    private static final String GET = """
            MATCH (q:Quarantine {id: $id})
            RETURN q
            """;

    private static final String LIST = """
            MATCH (q:Quarantine)
            WHERE (NOT $activeOnly OR q.releasedAt IS NULL) AND ($key IS NULL OR q.key = $key)
            RETURN q
            ORDER BY q.createdAt DESC
            LIMIT 1000
            """;

    // Shortest paths upstream from the version to each asset in quarantine, over relations valid now. The family
    // link counts: quarantining dataset:customers quarantines every version of it.
    private static final String TAINT = """
            MATCH (q:Quarantine)-[:QUARANTINES]->(bad:Node)
            WHERE q.releasedAt IS NULL
            MATCH (v:Node {key: $key})
            MATCH p = shortestPath((v)-[:USED|WAS_GENERATED_BY|DERIVED_FROM|HAS_ARTIFACT|VERSION_OF*0..%d]->(bad))
            WHERE all(r IN relationships(p) WHERE r.validTo IS NULL OR r.validTo > $now)
            RETURN q.id AS id, bad.key AS asset, q.reason AS reason, [n IN nodes(p) | n.key] AS path
            ORDER BY length(p), id
            """;

    private final Database db;
    private final LineageService lineage;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;

    public Quarantines(Database db, LineageService lineage, AuditLog audit, Limits limits, Clock clock) {
        this.db = db;
        this.lineage = lineage;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    public Quarantine create(NodeKey key, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A reason is required: say why the asset is quarantined");
        }
        String id = newId();
        db.write(tx -> {
            List<Record> rows = tx.run(CREATE, Map.of("key", key.toString(), "id", id, "reason", reason,
                    "now", now(), "actor", actor)).list();
            if (rows.isEmpty()) {
                throw new InvalidInput("key", "No node with key " + key + " is recorded");
            }
            if (!rows.get(0).get("existing").isNull()) {
                throw new Conflict(key + " is in quarantine already (" + rows.get(0).get("existing").asString()
                        + "); release it before quarantining it again", List.of());
            }
            audit.append(tx, actor, new AuditEntry("quarantine.create", key.toString(), List.of("quarantine:" + id),
                    null, io.pedigree.audit.Digest.of(Map.of("id", id, "key", key.toString(), "reason", reason)),
                    reason, Map.of("quarantine", id)));
            return null;
        });
        return get(id);
    }

    public Quarantine release(String id, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A reason is required: say why the asset may be used again");
        }
        db.write(tx -> {
            List<Record> rows = tx.run(RELEASE, Map.of("id", id, "reason", reason, "now", now(), "actor", actor))
                    .list();
            if (rows.isEmpty()) {
                throw new NotFound("id", "No quarantine with id " + id);
            }
            if (!rows.get(0).get("before").isNull()) {
                throw new Conflict("Quarantine " + id + " was released already", List.of());
            }
            Quarantine q = quarantine(rows.get(0).get("q"));
            audit.append(tx, actor, new AuditEntry("quarantine.release", q.key(), List.of("quarantine:" + id),
                    io.pedigree.audit.Digest.of(Map.of("id", id, "active", true)),
                    io.pedigree.audit.Digest.of(Map.of("id", id, "active", false)), reason,
                    Map.of("quarantine", id)));
            return null;
        });
        return get(id);
    }

    public Quarantine get(String id) {
        return db.read(tx -> tx.run(GET, Map.of("id", id)).stream().findFirst().map(r -> quarantine(r.get("q"))))
                .orElseThrow(() -> new NotFound("id", "No quarantine with id " + id));
    }

    public List<Quarantine> list(boolean activeOnly, NodeKey key) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("activeOnly", activeOnly);
        p.put("key", key == null ? null : key.toString());
        return db.read(tx -> tx.run(LIST, p).list(r -> quarantine(r.get("q"))));
    }

    /** A quarantine with everything downstream of its asset: versions and deployments affected. */
    public QuarantineImpact withImpact(String id) {
        Quarantine q = get(id);
        Impact impact = lineage.impact(NodeKey.parse("key", q.key()), limits.maxDepth(), null);
        List<String> versions = new java.util.ArrayList<>();
        NodeKey asset = NodeKey.parse("key", q.key());
        // A quarantined model version is the first version affected, though impact lists only what is downstream.
        if (asset.kind() == io.pedigree.lineage.Kind.MODEL && asset.isVersion()) {
            versions.add(asset.toString());
        }
        impact.byKind().getOrDefault("model", List.of()).stream().filter(n -> n.version() != null)
                .map(n -> n.key()).filter(k -> !versions.contains(k)).forEach(versions::add);
        return new QuarantineImpact(q, versions, impact.deployments(), impact);
    }

    /** The quarantined assets upstream of {@code key} now, nearest first; empty when it is clean. */
    public List<Taint> taint(TransactionContext tx, String key) {
        return tx.run(TAINT.formatted(limits.maxDepth()), Map.of("key", key, "now", now())).list(r ->
                new Taint(r.get("id").asString(), r.get("asset").asString(), r.get("reason").asString(null),
                        r.get("path").asList(Value::asString)));
    }

    public List<Taint> taint(String key) {
        return db.read(tx -> taint(tx, key));
    }

    private static Quarantine quarantine(Value q) {
        return new Quarantine(q.get("id").asString(), q.get("key").asString(), q.get("reason").asString(null),
                instant(q.get("createdAt")), q.get("createdBy").asString(null), instant(q.get("releasedAt")),
                q.get("releasedBy").asString(null), q.get("releaseReason").asString(null));
    }

    private static Instant instant(Value v) {
        return v.isNull() ? null : v.asZonedDateTime().toInstant();
    }

    private java.time.ZonedDateTime now() {
        return clock.instant().atZone(ZoneOffset.UTC);
    }

    private static String newId() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return "q-" + HexFormat.of().formatHex(b);
    }
}
