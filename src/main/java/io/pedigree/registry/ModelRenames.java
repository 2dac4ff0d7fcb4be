package io.pedigree.registry;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.AlreadyExists;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renames a registered model. Its name is part of the keys of its lineage nodes ({@code model:<name>},
 * {@code model:<name>@<n>}) and of every record that names them, so each is rewritten in one transaction under
 * the model's lock: the graph keeps one identity per node and nothing answers under the old name afterwards. The
 * audit log is never rewritten; the {@code model.renamed} event concerns both keys, so history citing the old one
 * stays explainable.
 */
final class ModelRenames {

    private static final String NAME_TAKEN = """
            OPTIONAL MATCH (m:RegisteredModel {name: $name})
            OPTIONAL MATCH (n:Node {key: $key})
            RETURN m IS NOT NULL AS model, n IS NOT NULL AS node
            """;

    // A model version whose recorded content names one of this model's versions (as base model or input) holds
    // the old key in what its approvals bind to: rewriting it would void them, keeping it would leave a key that
    // names nothing. Registration links each such version to what its content names (DERIVED_FROM the base model
    // and, without a run, the inputs; with a run, the run USED them), so the candidates are found from this
    // model's version nodes (index on family) along those relations, and only their content is read.
    static final String NAMED_IN_CONTENT = """
            MATCH (v:Node {family: $family})
            WHERE v.version IS NOT NULL
            CALL (v) {
                MATCH (d:Node:Model)-[:DERIVED_FROM]->(v)
                RETURN d
                UNION
                MATCH (d:Node:Model)-[:WAS_GENERATED_BY]->(:Node)-[:USED]->(v)
                RETURN d
            }
            WITH DISTINCT d
            WHERE d.version IS NOT NULL AND d.props CONTAINS $quoted
            RETURN d.key AS key
            ORDER BY key
            LIMIT 5
            """;

    // The lineage nodes whose key holds the model's name: its family, its versions and their evaluations (keyed
    // <name>-v<n>-..., which a new model under the old name would otherwise collide with).
    private static final String NODES = """
            MATCH (n:Node)
            WHERE n.key = $family OR n.family = $family
            RETURN elementId(n) AS id, n.key AS key, n.props AS props, n.version AS version, 'model' AS role
            UNION
            MATCH (e:Node:Evaluation)-[:EVALUATES]->(:Node {family: $family})
            RETURN elementId(e) AS id, e.key AS key, e.props AS props, null AS version, 'evaluation' AS role
            """;

    private static final String REKEY_NODES = """
            UNWIND $rows AS row
            MATCH (n:Node) WHERE elementId(n) = row.id
            SET n.key = row.key, n.name = row.name, n.nameLower = toLower(row.name), n.contentHash = row.hash,
                n.family = CASE WHEN n.family IS NULL THEN null ELSE $newFamily END
            """;

    // Records of the registry and governance keyed by name or version key. Deployments, approvals, transitions,
    // lineage relations and SERVES periods hang off the nodes themselves and follow without a write.
    private static final String REKEY_REGISTRY = """
            MATCH (m:RegisteredModel {name: $old})
            SET m.name = $new, m.renamedAt = $now, m.renamedBy = $actor, m.renamedFrom = $old
            WITH m
            CALL (m) {
                MATCH (m)-[:HAS_VERSION]->(s:ModelVersion)
                SET s.model = $new, s.key = $newFamily + '@' + s.number
            }
            CALL () {
                MATCH (a:Alias {model: $old})
                SET a.model = $new, a.id = $new + '/' + a.name
            }
            CALL () {
                MATCH (q:Quarantine) WHERE q.key = $oldFamily OR q.key STARTS WITH $oldFamily + '@'
                SET q.key = $newFamily + substring(q.key, size($oldFamily))
            }
            CALL () {
                MATCH (f:MlflowArtifactFile) WHERE f.version STARTS WITH $oldFamily + '@'
                SET f.version = $newFamily + substring(f.version, size($oldFamily))
            }
            CALL () {
                MATCH (b:MeasurementBucket) WHERE b.version STARTS WITH $oldFamily + '@'
                SET b.version = $newFamily + substring(b.version, size($oldFamily))
            }
            """;

    // Incidents and alerts name the version serving when they began, as a property (filtered on) and in their
    // content; both are rewritten so the model's incidents stay its own.
    private static final String ATTRIBUTED = """
            MATCH (n:Node)
            WHERE (n:Incident OR n:Alert)
              AND (n.`p.version` STARTS WITH $prefix OR n.`p.previousVersion` STARTS WITH $prefix)
            RETURN elementId(n) AS id, n.key AS key, n.props AS props
            """;

    private static final String REWRITE_ATTRIBUTED = """
            UNWIND $rows AS row
            MATCH (n:Node) WHERE elementId(n) = row.id
            SET n.props = row.props, n.contentHash = row.hash, n.`p.version` = row.version,
                n.`p.previousVersion` = row.previous
            """;

    private static final String FORMER_NAME = """
            MATCH (m:RegisteredModel {name: $name})
            SET m.formerNames = coalesce(m.formerNames, []) + $old, m.formerUntil = coalesce(m.formerUntil, []) + $seq
            """;

    // A rename this actor made from $from to $to since $since: what a client's retry of it finds.
    private static final String RENAMED_ALREADY = """
            MATCH (m:RegisteredModel {name: $to})
            WHERE m.retiredAt IS NULL AND m.renamedFrom = $from AND m.renamedBy = $actor AND m.renamedAt >= $since
            RETURN count(m) > 0 AS repeat
            """;

    private final Database db;
    private final Registry registry;
    private final AuditLog audit;
    private final Clock clock;

    ModelRenames(Database db, Registry registry, AuditLog audit, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    RegisteredModel rename(ModelName from, ModelName to, String reason, String actor, Instant repeatSince) {
        db.write(tx -> {
            if (renamedAlready(tx, from, to, actor, repeatSince)) {
                return null;
            }
            // A retry that waited for the first rename's lock holds the same node, now named to; one that came just
            // after the first rename committed finds no model named from to lock, and is a retry all the same.
            boolean locked = registry.tryLock(tx, from);
            if (locked && from.equals(to)) {
                return null;
            }
            if (renamedAlready(tx, from, to, actor, repeatSince)) {
                return null;
            }
            if (!locked) {
                throw new NotFound("name", "No registered model named " + from);
            }
            checkFree(tx, to);
            String oldFamily = from.key().toString();
            String newFamily = to.key().toString();
            List<String> derived = tx.run(NAMED_IN_CONTENT, Map.of("family", oldFamily, "quoted", "\"" + oldFamily + "@"))
                    .list(r -> r.get("key").asString());
            if (!derived.isEmpty()) {
                throw new Conflict("Model " + from + " cannot be renamed: " + String.join(", ", derived)
                        + " recorded a version of it as base model or input, and that record (which approvals bind"
                        + " to) names it by its key", List.of());
            }
            rekeyNodes(tx, from, to);
            Map<String, Object> p = new HashMap<>();
            p.put("old", from.value());
            p.put("new", to.value());
            p.put("oldFamily", oldFamily);
            p.put("newFamily", newFamily);
            p.put("now", clock.instant().atZone(ZoneOffset.UTC));
            p.put("actor", actor);
            tx.run(REKEY_REGISTRY, p).consume();
            rewriteAttributed(tx, oldFamily + "@", newFamily + "@");
            long seq = audit.append(tx, actor, new AuditEntry("model.renamed", newFamily, List.of(oldFamily), null,
                    null, reason, Map.of("from", from.value(), "to", to.value()))).seq();
            // Events up to this one cite the model under the old name: evidence packs look there too.
            tx.run(FORMER_NAME, Map.of("name", to.value(), "old", from.value(), "seq", seq)).consume();
            return null;
        });
        return registry.model(to);
    }

    private static boolean renamedAlready(TransactionContext tx, ModelName from, ModelName to, String actor,
                                          Instant since) {
        return since != null && !from.equals(to) && tx.run(RENAMED_ALREADY, Map.of("to", to.value(), "from",
                from.value(), "actor", actor, "since", since.atZone(ZoneOffset.UTC))).single().get("repeat")
                .asBoolean();
    }

    private static void checkFree(TransactionContext tx, ModelName to) {
        var r = tx.run(NAME_TAKEN, Map.of("name", to.value(), "key", to.key().toString())).single();
        if (r.get("model").asBoolean()) {
            throw new AlreadyExists("Registered Model (name=" + to + ") already exists.");
        }
        if (r.get("node").asBoolean()) {
            throw new AlreadyExists("The lineage graph holds " + to.key() + " already (recorded by a feed or a"
                    + " deleted model's history); choose another name.");
        }
    }

    private static void rekeyNodes(TransactionContext tx, ModelName from, ModelName to) {
        String evaluationPrefix = from.value() + "-v";
        List<Map<String, Object>> rows = new ArrayList<>();
        tx.run(NODES, Map.of("family", from.key().toString())).forEachRemaining(r -> {
            NodeKey key;
            if (r.get("role").asString().equals("evaluation")) {
                String name = NodeKey.parse("key", r.get("key").asString()).name();
                if (!name.startsWith(evaluationPrefix)) {
                    return;
                }
                key = NodeKey.of(Kind.EVALUATION, to.value() + name.substring(from.value().length()));
            } else {
                key = r.get("version").isNull() ? to.key() : NodeKey.of(Kind.MODEL, to.value(),
                        r.get("version").asString());
            }
            Map<String, Object> row = new HashMap<>();
            row.put("id", r.get("id").asString());
            row.put("key", key.toString());
            row.put("name", key.name());
            row.put("hash", Properties.fromJson(r.get("props").asString(null)).contentHash(key.toString()));
            rows.add(row);
        });
        tx.run(REKEY_NODES, Map.of("rows", rows, "newFamily", to.key().toString())).consume();
    }

    private static void rewriteAttributed(TransactionContext tx, String oldPrefix, String newPrefix) {
        List<Map<String, Object>> rows = new ArrayList<>();
        tx.run(ATTRIBUTED, Map.of("prefix", oldPrefix)).forEachRemaining(r -> {
            Map<String, Object> props = new java.util.LinkedHashMap<>(Json.map(r.get("props").asString(null)));
            String version = swap(props.get("version"), oldPrefix, newPrefix);
            String previous = swap(props.get("previousVersion"), oldPrefix, newPrefix);
            putOrRemove(props, "version", version);
            putOrRemove(props, "previousVersion", previous);
            String json = Properties.fromJson(Json.write(props)).toJson();
            Map<String, Object> row = new HashMap<>();
            row.put("id", r.get("id").asString());
            row.put("props", json);
            row.put("hash", Properties.fromJson(json).contentHash(r.get("key").asString()));
            row.put("version", version);
            row.put("previous", previous);
            rows.add(row);
        });
        if (!rows.isEmpty()) {
            tx.run(REWRITE_ATTRIBUTED, Map.of("rows", rows)).consume();
        }
    }

    private static String swap(Object value, String oldPrefix, String newPrefix) {
        if (!(value instanceof String s)) {
            return null;
        }
        return s.startsWith(oldPrefix) ? newPrefix + s.substring(oldPrefix.length()) : s;
    }

    private static void putOrRemove(Map<String, Object> props, String key, String value) {
        if (value == null) {
            props.remove(key);
        } else {
            props.put(key, value);
        }
    }
}
