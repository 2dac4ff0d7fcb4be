package io.pedigree.lineage;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Records nodes and relations, one by one or as atomic batches, enforcing key immutability and recording who
 * wrote what when. A batch runs in one write transaction as bounded {@code UNWIND} chunks: all or nothing.
 */
public final class GraphWriter {

    private static final int MAX_REPORTED_CONFLICTS = 20;

    // Labels come only from the closed Kind enum, passed as row.label: one statement for every kind, so a batch
    // of many kinds plans a handful of queries rather than a few per kind. Every value is a parameter.
    private static final String WRITE_FAMILIES = """
            UNWIND $rows AS row
            MERGE (f:Node {key: row.key})
            ON CREATE SET f:$(row.label), f += row.fields, f.props = '{}', f.validFrom = coalesce(row.validFrom, $now),
                f.createdAt = $now, f.createdBy = $actor, f.updatedAt = $now, f.updatedBy = $actor
            ON MATCH SET f.validFrom = CASE WHEN row.validFrom < f.validFrom THEN row.validFrom ELSE f.validFrom END
            """;

    // A version is linked to its family only when it is created: a node that exists already got its link then.
    private static final String WRITE_NODES = """
            UNWIND $rows AS row
            MERGE (n:Node {key: row.key})
            WITH n, row, n.contentHash AS before, n.props AS beforeProps,
                 n.createdAt AS createdAt, n.createdBy AS createdBy, n.validFrom AS validFrom
            FOREACH (_ IN CASE WHEN before IS NULL OR (before <> row.hash AND NOT row.immutable) THEN [1] ELSE [] END |
                SET n = row.fields
                SET n:$(row.label),
                    n.createdAt = coalesce(createdAt, $now), n.createdBy = coalesce(createdBy, $actor),
                    n.validFrom = coalesce(validFrom, row.validFrom, $now),
                    n.updatedAt = $now, n.updatedBy = $actor)
            WITH n, row, before, beforeProps
            CALL (n, row, before) {
                WITH n, row WHERE before IS NULL AND row.family IS NOT NULL
                MATCH (f:Node {key: row.family})
                CREATE (n)-[:VERSION_OF {recordedAt: $now, recordedBy: $actor, validFrom: n.validFrom}]->(f)
            }
            RETURN row.key AS key, before, beforeProps
            """;

    private static final String MISSING_KEYS = """
            UNWIND $keys AS key
            OPTIONAL MATCH (n:Node {key: key})
            WITH key, n WHERE n IS NULL
            RETURN collect(key) AS missing
            """;

    private static final String CLOSE_OTHER_OWNERS = """
            UNWIND $rows AS row
            MATCH (n:Node {key: row.key})-[r:OWNED_BY]->(p:Node)
            WHERE r.validTo IS NULL AND p.key <> row.owner
            SET r.validTo = $now, r.closedBy = $actor
            """;

    private final Database db;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;
    private final RelationWriter relations;

    public GraphWriter(Database db, AuditLog audit, Limits limits, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
        this.relations = new RelationWriter(limits.writeChunk());
    }

    /** Records one node; answers what happened to it. */
    public WriteSummary writeNode(NodeInput node, String actor) {
        return write(new Batch(List.of(node), List.of()), actor);
    }

    /** Records one relation; both ends must exist. Errors name the fields of the relation itself. */
    public WriteSummary writeRelation(RelationInput relation, String actor) {
        return write(new Batch(List.of(), List.of(relation)), actor, i -> "");
    }

    /** Ends the open relation of {@code type} from {@code from} to {@code to} at {@code at} (default now). */
    public void closeRelation(NodeKey from, RelationType type, NodeKey to, Instant at, String actor) {
        if (type == RelationType.VERSION_OF) {
            throw new InvalidInput("type", "VERSION_OF is maintained by Pedigree and cannot be closed");
        }
        ZonedDateTime now = now();
        ZonedDateTime end = at == null ? now : at.atZone(ZoneOffset.UTC);
        db.write(tx -> {
            List<Record> closed = relations.close(tx, from, type, to, end, now, actor);
            if (closed.isEmpty()) {
                throw new NotFound("to", "No open " + type.name() + " relation from " + from + " to " + to);
            }
            for (Record r : closed) {
                if (!r.get("validFrom").asZonedDateTime().isBefore(end)) {
                    throw new InvalidInput("at", "The relation became valid at " + r.get("validFrom")
                            .asZonedDateTime().toInstant() + "; it cannot end at or before that");
                }
            }
            audit.append(tx, actor, new AuditEntry("relation.close", from.toString(), List.of(to.toString()),
                    Digest.of(Map.of("from", from.toString(), "type", type.name(), "to", to.toString(), "open", true)),
                    Digest.of(Map.of("from", from.toString(), "type", type.name(), "to", to.toString(),
                            "validTo", end.toInstant().toString())), null,
                    Map.of("type", type.name(), "validTo", end.toInstant().toString())));
            return null;
        });
    }

    /** Records a batch atomically: every node and relation, or (on any error) nothing. */
    public WriteSummary write(Batch batch, String actor) {
        return write(batch, actor, i -> "relations[" + i + "].");
    }

    /** {@code relationField} gives the prefix that names relation {@code i} in errors. */
    private WriteSummary write(Batch batch, String actor, IntFunction<String> relationField) {
        int size = batch.nodes().size() + batch.relations().size();
        if (size > limits.maxBatchElements()) {
            throw new PayloadTooLarge("nodes", "A batch may hold at most " + limits.maxBatchElements()
                    + " nodes and relations together, got " + size);
        }
        checkBatch(batch, relationField);
        ZonedDateTime now = now();
        return db.write(tx -> {
            WriteSummary summary = writeChecked(tx, batch, now, actor, relationField);
            if (summary.nodes().created() + summary.nodes().updated() + summary.relations().created()
                    + summary.relations().updated() > 0) {
                audit.append(tx, actor, WriteEvents.of(batch, summary));
            }
            return summary;
        });
    }

    /**
     * Records a batch inside a transaction another service runs, which appends its own audit event; relation
     * errors name {@code relationField} (like {@code inputs[2].}) followed by from or to.
     */
    public WriteSummary writeIn(TransactionContext tx, Batch batch, String actor, IntFunction<String> relationField) {
        checkBatch(batch, relationField);
        return writeChecked(tx, batch, now(), actor, relationField);
    }

    /**
     * Ends, inside the caller's transaction, every open {@code type} relation from {@code from} at {@code at};
     * answers the keys they pointed to. Used to switch what a deployment serves.
     */
    public List<String> closeOpenIn(TransactionContext tx, NodeKey from, RelationType type, ZonedDateTime at,
                                    String actor) {
        return relations.closeOpenFrom(tx, from, type, at, now(), actor);
    }

    private WriteSummary writeChecked(TransactionContext tx, Batch batch, ZonedDateTime now, String actor,
                                      IntFunction<String> relationField) {
        Retracted.refuse(tx, batch, limits.writeChunk());
        WriteSummary.Counts nodes = writeNodes(tx, batch.nodes(), now, actor);
        writeOwners(tx, batch.nodes(), now, actor);
        relations.write(tx, ownerRelations(batch.nodes()), now, actor);
        checkEndsExist(tx, batch, relationField);
        WriteSummary.Counts written = relations.write(tx, batch.relations(), now, actor);
        return new WriteSummary(nodes, written);
    }

    private ZonedDateTime now() {
        return clock.instant().atZone(ZoneOffset.UTC);
    }

    private void checkBatch(Batch batch, IntFunction<String> relationField) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < batch.nodes().size(); i++) {
            NodeInput n = batch.nodes().get(i);
            Integer first = seen.putIfAbsent(n.key().toString(), i);
            if (first != null) {
                NodeInput earlier = batch.nodes().get(first);
                if (!earlier.properties().equals(n.properties())) {
                    throw new InvalidInput("nodes[" + i + "].key", "Key " + n.key() + " appears twice in the batch"
                            + " with different content (also at nodes[" + first + "])");
                }
            }
        }
        for (int i = 0; i < batch.relations().size(); i++) {
            RelationInput r = batch.relations().get(i);
            String field = relationField.apply(i);
            r.type().checkEnds(field, r.from(), r.to());
            if (r.validFrom() != null && r.validTo() != null && !r.validTo().isAfter(r.validFrom())) {
                throw new InvalidInput(field + "validTo", "validTo must be after validFrom");
            }
            if (r.validFrom() == null && r.validTo() != null) {
                throw new InvalidInput(field + "validFrom",
                        "A relation with validTo needs validFrom; to end an open relation, close it");
            }
        }
    }

    private WriteSummary.Counts writeNodes(TransactionContext tx, List<NodeInput> nodes, ZonedDateTime now,
                                           String actor) {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, NodeInput> byKey = new HashMap<>();
        Set<String> distinct = new HashSet<>();
        nodes.stream().sorted(Comparator.comparing(n -> n.key().toString()))
                .filter(n -> distinct.add(n.key().toString()))
                .forEach(n -> {
                    byKey.put(n.key().toString(), n);
                    rows.add(row(n));
                });
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        List<Map<String, Object>> conflicts = new ArrayList<>();
        // Unversioned nodes first, so a family given in the batch exists before its versions link to it.
        List<Map<String, Object>> unversioned = rows.stream().filter(r -> r.get("family") == null).toList();
        List<Map<String, Object>> versions = rows.stream().filter(r -> r.get("family") != null).toList();
        List<Record> results = new ArrayList<>();
        for (List<Map<String, Object>> chunk : chunks(unversioned)) {
            results.addAll(tx.run(WRITE_NODES, Map.of("rows", chunk, "now", now, "actor", actor)).list());
        }
        for (List<Map<String, Object>> chunk : chunks(families(versions, byKey))) {
            tx.run(WRITE_FAMILIES, Map.of("rows", chunk, "now", now, "actor", actor)).consume();
        }
        for (List<Map<String, Object>> chunk : chunks(versions)) {
            results.addAll(tx.run(WRITE_NODES, Map.of("rows", chunk, "now", now, "actor", actor)).list());
        }
        for (Record r : results) {
            String key = r.get("key").asString();
            NodeInput given = byKey.get(key);
            if (r.get("before").isNull()) {
                created++;
            } else if (r.get("before").asString().equals(given.properties().contentHash(key))) {
                unchanged++;
            } else if (given.key().immutable()) {
                if (conflicts.size() < MAX_REPORTED_CONFLICTS) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    c.put("key", key);
                    c.put("differences", Properties.fromJson(r.get("beforeProps").asString(null))
                            .differences(given.properties()));
                    conflicts.add(c);
                } else {
                    conflicts.add(Map.of("key", key));
                }
            } else {
                updated++;
            }
        }
        if (!conflicts.isEmpty()) {
            Map<String, Object> first = conflicts.get(0);
            throw new Conflict(conflicts.size() + " immutable node(s) already recorded with different content, "
                    + "first " + first.get("key") + "; nothing was written. Record the change as a new version.",
                    conflicts.subList(0, Math.min(conflicts.size(), MAX_REPORTED_CONFLICTS)));
        }
        return new WriteSummary.Counts(created, updated, unchanged);
    }

    private Map<String, Object> row(NodeInput n) {
        NodeKey key = n.key();
        String k = key.toString();
        Map<String, Object> fields = new HashMap<>(n.properties().nativeValues());
        fields.putAll(identity(key));
        fields.put("props", n.properties().toJson());
        fields.put("contentHash", n.properties().contentHash(k));
        key.family().ifPresent(f -> fields.put("family", f.toString()));
        Map<String, Object> row = new HashMap<>();
        row.put("key", k);
        row.put("label", key.kind().label());
        row.put("hash", fields.get("contentHash"));
        row.put("immutable", key.immutable());
        row.put("fields", fields);
        row.put("validFrom", n.validFrom() == null ? null : n.validFrom().atZone(ZoneOffset.UTC));
        row.put("family", key.family().map(NodeKey::toString).orElse(null));
        return row;
    }

    /** One row per family of the given versions, valid from the earliest of them (or now). */
    private static List<Map<String, Object>> families(List<Map<String, Object>> versions, Map<String, NodeInput> byKey) {
        Map<String, Map<String, Object>> out = new java.util.TreeMap<>();
        for (Map<String, Object> v : versions) {
            NodeKey family = byKey.get((String) v.get("key")).key().family().orElseThrow();
            Object validFrom = v.get("validFrom");
            Map<String, Object> row = out.computeIfAbsent(family.toString(), k -> {
                Map<String, Object> fields = new HashMap<>(identity(family));
                fields.put("contentHash", Properties.EMPTY.contentHash(k));
                Map<String, Object> r = new HashMap<>();
                r.put("key", k);
                r.put("label", family.kind().label());
                r.put("fields", fields);
                r.put("validFrom", validFrom);
                return r;
            });
            ZonedDateTime current = (ZonedDateTime) row.get("validFrom");
            // A missing validFrom means "now", the latest possible: any given one is earlier.
            if (validFrom != null && (current == null || ((ZonedDateTime) validFrom).isBefore(current))) {
                row.put("validFrom", validFrom);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static Map<String, Object> identity(NodeKey key) {
        Map<String, Object> m = new HashMap<>();
        m.put("key", key.toString());
        m.put("kind", key.kind().id());
        m.put("name", key.name());
        m.put("nameLower", key.name().toLowerCase(java.util.Locale.ROOT));
        if (key.namespace() != null) {
            m.put("namespace", key.namespace());
        }
        if (key.version() != null) {
            m.put("version", key.version());
        }
        return m;
    }

    private void writeOwners(TransactionContext tx, List<NodeInput> nodes, ZonedDateTime now, String actor) {
        List<Map<String, Object>> rows = nodes.stream().filter(n -> n.owner() != null)
                .map(n -> Map.<String, Object>of("key", n.key().toString(), "owner", n.owner().toString()))
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        List<NodeInput> people = nodes.stream().filter(n -> n.owner() != null)
                .map(n -> new NodeInput(n.owner(), Properties.EMPTY, null, null)).toList();
        // Owners that are not recorded yet are created as bare person nodes; existing ones are left as they are.
        ensureExist(tx, people, now, actor);
        for (List<Map<String, Object>> chunk : chunks(rows)) {
            tx.run(CLOSE_OTHER_OWNERS, Map.of("rows", chunk, "now", now, "actor", actor)).consume();
        }
    }

    private void ensureExist(TransactionContext tx, List<NodeInput> nodes, ZonedDateTime now, String actor) {
        Set<String> keys = new HashSet<>();
        nodes.forEach(n -> keys.add(n.key().toString()));
        List<String> missing = missing(tx, keys);
        List<NodeInput> toCreate = nodes.stream().filter(n -> missing.contains(n.key().toString()))
                .filter(n -> keys.remove(n.key().toString())).toList();
        if (!toCreate.isEmpty()) {
            writeNodes(tx, toCreate, now, actor);
        }
    }

    private static List<RelationInput> ownerRelations(List<NodeInput> nodes) {
        return nodes.stream().filter(n -> n.owner() != null)
                .map(n -> new RelationInput(n.key(), RelationType.OWNED_BY, n.owner(), null, null, null)).toList();
    }

    private void checkEndsExist(TransactionContext tx, Batch batch, IntFunction<String> relationField) {
        Set<String> keys = new HashSet<>();
        for (RelationInput r : batch.relations()) {
            keys.add(r.from().toString());
            keys.add(r.to().toString());
        }
        if (keys.isEmpty()) {
            return;
        }
        Set<String> missing = new HashSet<>(missing(tx, keys));
        for (int i = 0; i < batch.relations().size(); i++) {
            RelationInput r = batch.relations().get(i);
            if (missing.contains(r.from().toString())) {
                throw new InvalidInput(relationField.apply(i) + "from", "No node with key " + r.from()
                        + " is recorded or in this batch");
            }
            if (missing.contains(r.to().toString())) {
                throw new InvalidInput(relationField.apply(i) + "to", "No node with key " + r.to()
                        + " is recorded or in this batch");
            }
        }
    }

    private List<String> missing(TransactionContext tx, Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (List<String> chunk : chunks(new ArrayList<>(keys))) {
            out.addAll(tx.run(MISSING_KEYS, Map.of("keys", chunk)).single().get("missing")
                    .asList(v -> v.asString()));
        }
        return out;
    }

    private <T> List<List<T>> chunks(List<T> rows) {
        return Chunks.of(rows, limits.writeChunk());
    }
}
