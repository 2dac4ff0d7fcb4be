package io.pedigree.fields;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records field-level lineage with a handful of set-based statements per batch, whatever its size: fields (one
 * node per column of a dataset family), schemas shared by the versions that have them, derivations between
 * fields and the features model versions consume. Recording the same thing again changes nothing.
 */
public final class FieldWriter {

    private static final String ENSURE_DATASETS = """
            UNWIND $datasets AS d
            MERGE (w:Field {dataset: d.dataset, path: ''})
              ON CREATE SET w.key = d.dataset + '#*', w.name = '*', w.validFrom = d.at, w.recordedAt = $now,
                            w.recordedBy = $actor
            FOREACH (_ IN CASE WHEN d.at < w.validFrom THEN [1] ELSE [] END | SET w.validFrom = d.at)
            """;

    private static final String ENSURE_FIELDS = """
            UNWIND $fields AS x
            MATCH (w:Field {dataset: x.dataset, path: ''})
            MERGE (f:Field {dataset: x.dataset, path: x.path})
              ON CREATE SET f.key = x.dataset + '#' + x.path, f.name = x.name, f.validFrom = x.at,
                            f.recordedAt = $now, f.recordedBy = $actor
            FOREACH (_ IN CASE WHEN x.at < f.validFrom THEN [1] ELSE [] END | SET f.validFrom = x.at)
            MERGE (f)-[:FIELD_OF]->(w)
            """;

    private static final String SCHEMA_CONFLICTS = """
            UNWIND $links AS l
            MATCH (v:Node {key: l.version})-[:HAS_SCHEMA]->(s:Schema) WHERE s.id <> l.id
            RETURN l.version AS version
            """;

    // A schema's fields are written once, when the schema is first seen; later versions only link to it.
    private static final String SCHEMAS = """
            UNWIND $schemas AS s
            MERGE (sc:Schema {id: s.id})
              ON CREATE SET sc.dataset = s.dataset, sc.fingerprint = s.fingerprint, sc.size = size(s.fields),
                            sc.recordedAt = $now, sc.recordedBy = $actor, sc.fresh = true
            WITH s, sc, coalesce(sc.fresh, false) AS fresh
            REMOVE sc.fresh
            WITH s, sc WHERE fresh
            UNWIND s.fields AS x
            MATCH (f:Field {dataset: s.dataset, path: x.path})
            CREATE (sc)-[:HAS_FIELD {position: x.position, type: x.type, description: x.description,
                                      parent: x.parent}]->(f)
            """;

    private static final String LINK_SCHEMAS = """
            UNWIND $links AS l
            MATCH (v:Node {key: l.version}), (sc:Schema {id: l.id})
            WHERE NOT EXISTS { (v)-[:HAS_SCHEMA]->(other:Schema) WHERE other.id <> l.id }
            MERGE (v)-[h:HAS_SCHEMA]->(sc)
              ON CREATE SET h.validFrom = l.at, h.recordedAt = $now, h.recordedBy = $actor
            FOREACH (_ IN CASE WHEN l.at < h.validFrom THEN [1] ELSE [] END | SET h.validFrom = l.at)
            """;

    // The inputs given become the output's current ones from row.at. Others current then end at row.at, or are
    // removed if they began at row.at (they never held). When the output already has inputs that began after
    // row.at (an earlier run's event arriving late), nothing current ends: inputs not current are recorded as
    // valid from row.at until then, and current ones given again are taken back to row.at. So a run's events
    // give the same derivations in any order, and recording the same again changes nothing.
    private static final String DERIVE = """
            UNWIND $rows AS row
            MATCH (o:Field {dataset: row.dataset, path: row.path})
            CALL (o) {
                OPTIONAL MATCH (o)-[c:DERIVES_FROM]->(:Field) WHERE c.validTo IS NULL
                RETURN max(c.validFrom) AS latest
            }
            WITH o, row, latest, latest IS NOT NULL AND latest > row.at AS late
            CALL (o, row, late) {
                OPTIONAL MATCH (o)-[old:DERIVES_FROM]->(i:Field) WHERE old.validTo IS NULL AND NOT late
                  AND NOT any(x IN row.inputs WHERE x.dataset = i.dataset AND x.path = i.path
                              AND x.type = old.type AND coalesce(x.subtype, '') = coalesce(old.subtype, ''))
                WITH old, row, old IS NOT NULL AND old.validFrom >= row.at AS never
                FOREACH (_ IN CASE WHEN old IS NOT NULL AND NOT never THEN [1] ELSE [] END |
                    SET old.validTo = row.at)
                FOREACH (_ IN CASE WHEN never THEN [1] ELSE [] END | DELETE old)
                RETURN count(old) AS ended
            }
            CALL (o, row, late, latest) {
                UNWIND row.inputs AS x
                MATCH (i:Field {dataset: x.dataset, path: x.path})
                OPTIONAL MATCH (o)-[e:DERIVES_FROM]->(i) WHERE e.type = x.type
                  AND coalesce(e.subtype, '') = coalesce(x.subtype, '')
                  AND (e.validTo IS NULL OR (e.validFrom <= row.at AND e.validTo > row.at))
                WITH o, i, x, collect(e) AS found
                FOREACH (e IN [y IN found WHERE y.validTo IS NULL AND y.validFrom > row.at] |
                    SET e.validFrom = row.at)
                WITH o, i, x, found WHERE size(found) = 0
                CREATE (o)-[n:DERIVES_FROM {type: x.type, subtype: x.subtype, description: x.description,
                                            masking: x.masking, validFrom: row.at,
                                            validTo: CASE WHEN late THEN latest END, recordedAt: $now,
                                            recordedBy: $actor}]->(i)
                RETURN count(n) AS created
            }
            RETURN sum(ended) AS ended, sum(created) AS created
            """;

    // A run's features are recorded on the run (USED_FIELD) and consumed by every model version it generated;
    // a version registered later takes them over with INHERIT, so the two can arrive in either order.
    private static final String CONSUME = """
            UNWIND $rows AS row
            MATCH (m:Node {key: row.version})
            WITH m, row
            UNWIND row.fields AS x
            MATCH (f:Field {dataset: x.dataset, path: x.path})
            CALL (m, f, row) {
                WITH m, f, row WHERE m:Run
                MERGE (m)-[u:USED_FIELD]->(f)
                  ON CREATE SET u.validFrom = row.at, u.recordedAt = $now, u.recordedBy = $actor
                FOREACH (_ IN CASE WHEN row.at < u.validFrom THEN [1] ELSE [] END | SET u.validFrom = row.at)
                RETURN count(u) AS onRun
            }
            WITH f, row, CASE WHEN m:Run THEN COLLECT {
                    MATCH (v:Model)-[g:WAS_GENERATED_BY]->(m) WHERE g.validTo IS NULL AND v.retractedAt IS NULL
                    RETURN v } ELSE [m] END AS consumers
            UNWIND consumers AS v
            OPTIONAL MATCH (v)-[c:CONSUMES]->(f) WHERE c.validTo IS NULL
            WITH v, f, c, row WHERE c IS NULL
            CREATE (v)-[n:CONSUMES {validFrom: CASE WHEN v.validFrom > row.at THEN v.validFrom ELSE row.at END,
                                    recordedAt: $now, recordedBy: $actor}]->(f)
            RETURN count(n) AS created
            """;

    private static final String INHERIT = """
            MATCH (v:Node {key: $version})-[g:WAS_GENERATED_BY]->(:Run)-[:USED_FIELD]->(f:Field)
            WHERE g.validTo IS NULL AND NOT EXISTS { (v)-[c:CONSUMES]->(f) WHERE c.validTo IS NULL }
            WITH DISTINCT v, f
            CREATE (v)-[n:CONSUMES {validFrom: $now, recordedAt: $now, recordedBy: $actor}]->(f)
            RETURN count(n) AS created
            """;

    private static final String MISSING_NODES = """
            UNWIND $keys AS k
            OPTIONAL MATCH (n:Node {key: k.key})
            WITH k, n WHERE n IS NULL OR n.retractedAt IS NOT NULL
            RETURN k.field AS field, k.key AS key
            LIMIT 1
            """;

    private static final String MISSING_FIELDS = """
            UNWIND $refs AS x
            OPTIONAL MATCH (f:Field {dataset: x.dataset, path: x.path})
            WITH x, f WHERE f IS NULL
            RETURN x.field AS field, x.dataset + '#' + x.path AS key
            LIMIT 1
            """;

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public FieldWriter(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a batch changed. */
    public record Summary(int datasets, int fields, int derivationsCreated, int derivationsEnded,
                          int featuresCreated) {
    }

    /** Part of what one call records, as of its own time (an OpenLineage run's, say). */
    public record Dated(FieldBatch batch, ZonedDateTime at) {
    }

    /** What to do with fields given for a version that has other fields already. */
    public enum OtherSchema {
        /** Refuse the batch: a version's fields are part of its content. */
        REFUSE,
        /** Keep the fields first recorded, as OpenLineage keeps the first schema reported for a version. */
        KEEP_FIRST
    }

    /**
     * Records a batch inside the caller's transaction, as of {@code at} (an OpenLineage event's time, or now).
     * Nodes the batch names must exist; fields named only as derivation inputs are created. Set-based: at most
     * eight statements whatever the batch holds.
     */
    public Summary record(TransactionContext tx, FieldBatch batch, ZonedDateTime at, String actor) {
        return record(tx, List.of(new Dated(batch, at)), OtherSchema.REFUSE, actor);
    }

    /**
     * Records several parts, each as of its own time, with the same eight statements: derivations are applied in
     * the order of {@code parts}, so a caller gives them oldest first.
     */
    public Summary record(TransactionContext tx, List<Dated> parts, OtherSchema other, String actor) {
        Map<String, Object> p = new HashMap<>();
        p.put("now", clock.instant().atZone(ZoneOffset.UTC));
        p.put("actor", actor);
        Map<String, Map<String, Object>> referenced = new LinkedHashMap<>();
        Map<String, Map<String, Object>> datasets = new LinkedHashMap<>();
        Map<String, Map<String, Object>> schemas = new LinkedHashMap<>();
        Map<String, Map<String, Object>> links = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Map<String, Object>> features = new ArrayList<>();
        int versions = 0;
        for (Dated part : parts) {
            FieldBatch batch = part.batch();
            for (Map<String, Object> x : FieldRows.referenced(batch)) {
                earliest(datasets, (String) x.get("dataset"), Map.of("dataset", x.get("dataset")), part.at());
                if (!"".equals(x.get("path"))) {
                    earliest(referenced, x.get("dataset") + "#" + x.get("path"), x, part.at());
                }
            }
            for (FieldBatch.DatasetFields d : batch.datasets()) {
                NodeKey family = d.version().family().orElse(d.version());
                String fp = FieldRows.fingerprint(d.fields());
                String id = FieldRows.schemaId(family, fp);
                schemas.putIfAbsent(id, Map.of("id", id, "dataset", family.toString(), "fingerprint", fp,
                        "fields", FieldRows.flatten(d.fields())));
                Map<String, Object> link = links.get(d.version().toString());
                if (link != null && !link.get("id").equals(id) && other == OtherSchema.REFUSE) {
                    throw new Conflict(d.version() + " is given two different sets of fields", List.of());
                }
                earliest(links, d.version().toString(), Map.of("version", d.version().toString(), "id", id),
                        part.at());
            }
            versions += batch.datasets().size();
            FieldRows.derivations(batch).forEach(r -> rows.add(at(r, part.at())));
            FieldRows.features(batch).forEach(r -> features.add(at(r, part.at())));
        }
        run(tx, ENSURE_DATASETS, p, "datasets", List.copyOf(datasets.values()));
        run(tx, ENSURE_FIELDS, p, "fields", List.copyOf(referenced.values()));
        if (!links.isEmpty()) {
            List<Map<String, Object>> linkRows = List.copyOf(links.values());
            if (other == OtherSchema.REFUSE) {
                List<Record> clash = tx.run(SCHEMA_CONFLICTS, with(p, "links", linkRows)).list();
                if (!clash.isEmpty()) {
                    throw new Conflict(clash.get(0).get("version").asString() + " has other fields already: a"
                            + " version's fields are part of its content; record a new version for a new schema",
                            List.of());
                }
            }
            run(tx, SCHEMAS, p, "schemas", List.copyOf(schemas.values()));
            run(tx, LINK_SCHEMAS, p, "links", linkRows);
        }
        int created = 0;
        int ended = 0;
        if (!rows.isEmpty()) {
            Record r = tx.run(DERIVE, with(p, "rows", rows)).single();
            created = r.get("created").asInt();
            ended = r.get("ended").asInt();
        }
        int consumed = 0;
        if (!features.isEmpty()) {
            consumed = tx.run(CONSUME, with(p, "rows", features)).single().get("created").asInt();
        }
        return new Summary(versions, referenced.size(), created, ended, consumed);
    }

    /** Keeps one row per key, with the earliest time any part gave it. */
    private static void earliest(Map<String, Map<String, Object>> rows, String key, Map<String, Object> row,
                                 ZonedDateTime at) {
        Map<String, Object> have = rows.get(key);
        if (have == null || at.isBefore((ZonedDateTime) have.get("at"))) {
            rows.put(key, at(row, at));
        }
    }

    private static Map<String, Object> at(Map<String, Object> row, ZonedDateTime at) {
        Map<String, Object> out = new HashMap<>(row);
        out.put("at", at);
        return out;
    }

    /**
     * Records a batch from the API in its own transaction, audited: dataset and model versions it names must be
     * recorded, and every feature must be a declared field (a typo would otherwise become a field of its own).
     */
    public Summary declare(FieldBatch batch, String actor) {
        if (batch.isEmpty()) {
            throw new InvalidInput("datasets", "Nothing to record: give datasets, derivations, datasetDependencies"
                    + " or features");
        }
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        return db.write(tx -> {
            checkNodes(tx, batch);
            checkFeatureFields(tx, batch);
            Summary s = record(tx, batch, now, actor);
            List<String> targets = new ArrayList<>();
            batch.datasets().forEach(d -> targets.add(d.version().toString()));
            batch.derivations().forEach(d -> targets.add(d.output().key()));
            batch.dependencies().forEach(d -> targets.add(d.dataset().toString()));
            batch.features().forEach(f -> targets.add(f.version().toString()));
            Map<String, Object> details = Map.of("fields", s.fields(), "derivationsCreated", s.derivationsCreated(),
                    "derivationsEnded", s.derivationsEnded(), "featuresCreated", s.featuresCreated());
            audit.append(tx, actor, new AuditEntry("fields.declare", targets.get(0),
                    targets.subList(1, Math.min(targets.size(), 100)), null, Digest.of(batch.toString()), null,
                    details));
            return s;
        });
    }

    /** Features of a model version at registration, in the registration's transaction. */
    public void consume(TransactionContext tx, NodeKey version, List<FieldRef> fields, String actor) {
        if (fields.isEmpty()) {
            return;
        }
        FieldBatch batch = new FieldBatch(null, null, null, List.of(new FieldBatch.Features(version, fields)));
        checkFeatureFields(tx, batch, i -> "features[" + i + "]");
        record(tx, batch, clock.instant().atZone(ZoneOffset.UTC), actor);
    }

    /**
     * The features the training run of {@code version} named (an OpenLineage input's {@code pedigree_features}),
     * now consumed by the version too; for a version registered or adopted after its run's events arrived.
     */
    public int inheritRunFeatures(TransactionContext tx, NodeKey version, String actor) {
        return tx.run(INHERIT, Map.of("version", version.toString(), "now", clock.instant().atZone(ZoneOffset.UTC),
                "actor", actor)).single().get("created").asInt();
    }

    private static void checkNodes(TransactionContext tx, FieldBatch b) {
        List<Map<String, Object>> keys = new ArrayList<>();
        for (int i = 0; i < b.datasets().size(); i++) {
            keys.add(Map.of("field", "datasets[" + i + "].version", "key", b.datasets().get(i).version().toString()));
        }
        for (int i = 0; i < b.features().size(); i++) {
            keys.add(Map.of("field", "features[" + i + "].version", "key", b.features().get(i).version().toString()));
        }
        if (keys.isEmpty()) {
            return;
        }
        tx.run(MISSING_NODES, Map.of("keys", keys)).stream().findFirst().ifPresent(r -> {
            throw new InvalidInput(r.get("field").asString(), "No node with key " + r.get("key").asString()
                    + " is recorded: record it first (PUT /api/v1/nodes or POST /api/v1/batch)");
        });
    }

    private static void checkFeatureFields(TransactionContext tx, FieldBatch b) {
        List<Map<String, Object>> refs = new ArrayList<>();
        for (int i = 0; i < b.features().size(); i++) {
            List<FieldRef> fs = b.features().get(i).fields();
            for (int j = 0; j < fs.size(); j++) {
                refs.add(ref(fs.get(j), "features[" + i + "].fields[" + j + "]"));
            }
        }
        checkFields(tx, refs, b);
    }

    private static void checkFeatureFields(TransactionContext tx, FieldBatch b,
                                           java.util.function.IntFunction<String> name) {
        List<Map<String, Object>> refs = new ArrayList<>();
        List<FieldRef> fs = b.features().get(0).fields();
        for (int j = 0; j < fs.size(); j++) {
            refs.add(ref(fs.get(j), name.apply(j)));
        }
        checkFields(tx, refs, b);
    }

    private static void checkFields(TransactionContext tx, List<Map<String, Object>> refs, FieldBatch b) {
        if (refs.isEmpty()) {
            return;
        }
        // Fields the same batch declares count as declared.
        java.util.Set<String> declaredHere = new java.util.HashSet<>();
        for (Map<String, Object> f : FieldRows.referenced(new FieldBatch(b.datasets(), null, null, null))) {
            declaredHere.add(f.get("dataset") + "#" + f.get("path"));
        }
        List<Map<String, Object>> unknown = refs.stream()
                .filter(r -> !declaredHere.contains(r.get("dataset") + "#" + r.get("path"))).toList();
        if (unknown.isEmpty()) {
            return;
        }
        tx.run(MISSING_FIELDS, Map.of("refs", unknown)).stream().findFirst().ifPresent(r -> {
            throw new InvalidInput(r.get("field").asString(), "No field " + r.get("key").asString() + " is declared:"
                    + " a feature is a field of a dataset version (declare it with POST /api/v1/fields)");
        });
    }

    private static Map<String, Object> ref(FieldRef f, String field) {
        Map<String, Object> m = FieldRows.ref(f);
        m.put("field", field);
        return m;
    }

    private static void run(TransactionContext tx, String query, Map<String, Object> p, String name, Object rows) {
        tx.run(query, with(p, name, rows)).consume();
    }

    private static Map<String, Object> with(Map<String, Object> p, String name, Object value) {
        Map<String, Object> out = new HashMap<>(p);
        out.put(name, value);
        return out;
    }
}
