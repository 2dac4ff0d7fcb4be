package io.pedigree.governance;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.fields.FieldGraph;
import io.pedigree.fields.FieldQueries;
import io.pedigree.fields.FieldRef;
import io.pedigree.fields.FieldView;
import io.pedigree.lineage.GraphNode;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Quarantines of assets (a dataset found to hold personal data, a leaked prompt, a bad commit). A quarantine is
 * itself recorded in the graph, linked to the asset; every version downstream of an asset in quarantine is
 * tainted: gates refuse it and rollback plans pass over it.
 */
public final class Quarantines {

    private static final SecureRandom RANDOM = new SecureRandom();

    // The asset is a node by key or, with $field, a field of the dataset $key (see io.pedigree.fields).
    private static final String CREATE = """
            MATCH %s
            SET n._lock = true
            REMOVE n._lock
            WITH n
            OPTIONAL MATCH (old:Quarantine)-[:QUARANTINES]->(n) WHERE old.releasedAt IS NULL
            WITH n, old
            FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END |
                CREATE (:Quarantine {id: $id, key: $key, field: $field, reason: $reason, createdAt: $now,
                                     createdBy: $actor})
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

    /**
     * The relations a quarantine's taint travels up from a version: training data, base models, artifacts, and
     * the family link, so quarantining dataset:customers quarantines every version of it.
     */
    public static final String TAINT_TYPES = "USED|WAS_GENERATED_BY|DERIVED_FROM|HAS_ARTIFACT|VERSION_OF";

    /*
     * The quarantined assets upstream of each version in $keys, in one query, so a rollback plan searches the taint
     * of all its candidates at once rather than two queries per candidate. Nodes: shortest paths upstream from the
     * version to each asset in quarantine, over relations valid now. Fields: a quarantined field taints exactly the
     * versions consuming it or a field derived from it by values (DIRECT or unspecified derivations valid now), not
     * every version trained on its dataset. shortestPath, a bidirectional breadth-first search between the two
     * bound ends, stays fast on dense derivations, where ANY SHORTEST walked every trail before answering that no
     * path exists. Per version the rows come nearest first, nodes before fields.
     */
    private static final String TAINT = """
            UNWIND $keys AS key
            CALL (key) {
              MATCH (q:Quarantine)-[:QUARANTINES]->(bad:Node)
              WHERE q.releasedAt IS NULL
              MATCH (v:Node {key: key})
              MATCH p = shortestPath((v)-[:%1$s*0..%2$d]->(bad))
              WHERE all(r IN relationships(p) WHERE r.validTo IS NULL OR r.validTo > $now)
              RETURN 0 AS part, length(p) AS hops, q.id AS id, bad.key AS asset, q.reason AS reason,
                     [n IN nodes(p) | n.key] AS path
              UNION ALL
              MATCH (q:Quarantine)-[:QUARANTINES]->(bad:Field)
              WHERE q.releasedAt IS NULL
              MATCH (v:Node {key: key})-[c:CONSUMES]->(f:Field)
              WHERE c.validTo IS NULL
              MATCH p = shortestPath((f)-[:DERIVES_FROM*0..%2$d]->(bad))
              WHERE all(r IN relationships(p) WHERE r.type <> 'INDIRECT' AND r.validTo IS NULL)
              RETURN 1 AS part, length(p) AS hops, q.id AS id, bad.key AS asset, q.reason AS reason,
                     [v.key] + [n IN nodes(p) | n.key] AS path
            }
            RETURN key, id, asset, reason, path
            ORDER BY part, hops, id
            """;

    private final Database db;
    private final LineageService lineage;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;
    private final FieldQueries fields;

    public Quarantines(Database db, LineageService lineage, AuditLog audit, Limits limits, Clock clock,
                       FieldQueries fields) {
        this.fields = fields;
        this.db = db;
        this.lineage = lineage;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    public Quarantine create(NodeKey key, String reason, String actor) {
        return create(key, null, reason, actor);
    }

    /** Quarantines one field of a dataset: only what consumes it, or a field derived from it, is tainted. */
    public Quarantine create(FieldRef field, String reason, String actor) {
        return create(field.dataset(), field.field(), reason, actor);
    }

    private Quarantine create(NodeKey key, String field, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A reason is required: say why the asset is quarantined");
        }
        String id = newId();
        db.write(tx -> {
            Map<String, Object> p = new java.util.HashMap<>(Map.of("key", key.toString(), "id", id, "reason",
                    reason, "now", now(), "actor", actor));
            p.put("field", field);
            List<Record> rows = tx.run(CREATE.formatted(field == null ? "(n:Node {key: $key})"
                    : "(n:Field {dataset: $key, path: $field})"), p).list();
            if (rows.isEmpty()) {
                throw field == null ? new InvalidInput("key", "No node with key " + key + " is recorded")
                        : new InvalidInput("field", "No field " + key + "#" + field + " is declared");
            }
            String asset = field == null ? key.toString() : key + "#" + field;
            if (!rows.get(0).get("existing").isNull()) {
                throw new Conflict(asset + " is in quarantine already (" + rows.get(0).get("existing").asString()
                        + "); release it before quarantining it again", List.of());
            }
            audit.append(tx, actor, new AuditEntry("quarantine.create", asset, List.of("quarantine:" + id),
                    null, io.pedigree.audit.Digest.of(Map.of("id", id, "key", asset, "reason", reason)),
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
        if (q.field() != null) {
            return fieldImpact(q);
        }
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

    /** The quarantined assets (nodes, then fields) upstream of {@code key} now, nearest first; empty when clean. */
    public List<Taint> taint(TransactionContext tx, String key) {
        return taint(tx, List.of(key)).get(key);
    }

    /**
     * The quarantined assets upstream of each of {@code keys} now, as {@link #taint(TransactionContext, String)}
     * answers for each, read in one query; every key is in the answer, clean ones with an empty list.
     */
    public Map<String, List<Taint>> taint(TransactionContext tx, Collection<String> keys) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(keys));
        Map<String, List<Taint>> out = new LinkedHashMap<>();
        distinct.forEach(k -> out.put(k, new ArrayList<>()));
        if (!distinct.isEmpty()) {
            tx.run(TAINT.formatted(TAINT_TYPES, limits.maxDepth()), Map.of("keys", distinct, "now", now()))
                    .forEachRemaining(r -> out.get(r.get("key").asString()).add(taint(r)));
        }
        return out;
    }

    private static Taint taint(Record r) {
        return new Taint(r.get("id").asString(), r.get("asset").asString(), r.get("reason").asString(null),
                r.get("path").asList(Value::asString));
    }

    /** A field quarantine's impact follows the field's DIRECT derivations to the versions and deployments. */
    private QuarantineImpact fieldImpact(Quarantine q) {
        FieldGraph.Impact impact = fields.impact(FieldRef.parse("", q.key(), q.field()), FieldView.DIRECT,
                limits.maxDepth(), limits.maxNodes(), null);
        List<String> versions = impact.models().stream().map(FieldGraph.AffectedModel::version).toList();
        List<Impact.AffectedDeployment> deployments = impact.deployments().stream().map(d ->
                new Impact.AffectedDeployment(new GraphNode(d.deployment(), "deployment", null,
                        d.deployment().substring(d.deployment().indexOf(':') + 1), null, null, null),
                        d.environment(), d.serves(), d.owners())).toList();
        return new QuarantineImpact(q, versions, deployments, null);
    }

    public List<Taint> taint(String key) {
        return db.read(tx -> taint(tx, key));
    }

    private static Quarantine quarantine(Value q) {
        return new Quarantine(q.get("id").asString(), q.get("key").asString(), q.get("field").asString(null),
                q.get("reason").asString(null),
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
