package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.Conflict;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.exceptions.ClientException;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the nodes of a batch inside its transaction. What is recorded already is read first (content hash and
 * retraction of every key, one pass), so unchanged nodes cost nothing more, and new nodes are created by one
 * statement per chunk per kind, with the kind's label written into the text from the closed {@link Kind} enum.
 */
final class NodeWriter {

    private static final int MAX_REPORTED_CONFLICTS = 20;

    /** What is recorded under a key: its content hash and whether it was retracted. */
    record State(String hash, boolean retracted) {
    }

    private static final String RECORDED = """
            CYPHER replan=skip
            UNWIND $keys AS key
            MATCH (n:Node {key: key})
            RETURN key, n.contentHash AS hash, n.retractedAt IS NOT NULL AS retracted
            """;

    // Keys the read above found absent are created outright: no MERGE, no subquery, no lookup, so each chunk is one
    // pass. A concurrent batch that created the same key since the read makes the uniqueness constraint refuse
    // this one ({@link ConcurrentCreation}); the batch is then run again and finds the key recorded. Versions are
    // linked to their families afterwards (LINK_FAMILIES). %s is a label from the closed Kind enum; every value is
    // a parameter. replan=skip: planning again as the store grows only costs time.
    private static final String CREATE = """
            CYPHER replan=skip
            UNWIND $rows AS row
            CREATE (n:Node:%s)
            SET n = row.fields, n.createdAt = $now, n.createdBy = $actor, n.updatedAt = $now, n.updatedBy = $actor
            """;

    // A family of new versions, created bare if missing; what follows it decides what is written to one recorded.
    private static final String MERGE_FAMILY = """
            CYPHER replan=skip
            UNWIND $rows AS row
            MERGE (f:Node {key: row.key})
            ON CREATE SET f:$(row.label), f += row.fields, f.props = '{}', f.validFrom = coalesce(row.validFrom, $now),
                f.createdAt = $now, f.createdBy = $actor, f.updatedAt = $now, f.updatedBy = $actor
            """;

    // The families of the versions created above, each merged and linked to its new versions in one statement run
    // last: a family another batch is creating (or linking to) is locked by that batch until it commits, and
    // waiting for it here, at the end, lets both batches create their nodes side by side instead of one waiting
    // out the other's whole transaction. Valid from the earliest version; a recorded family's start is written
    // only when a version moves it earlier.
    private static final String LINK_FAMILIES = MERGE_FAMILY + """
            FOREACH (_ IN CASE WHEN row.validFrom < f.validFrom THEN [1] ELSE [] END |
                SET f.validFrom = row.validFrom)
            WITH f, row
            UNWIND row.versions AS version
            MATCH (n:Node {key: version})
            CREATE (n)-[:VERSION_OF {recordedAt: $now, recordedBy: $actor, validFrom: n.validFrom}]->(f)
            """;

    // MERGE, not CREATE: for writes inside another service's transaction, which cannot be run again, and for nodes
    // recorded without a content hash (written over, as if new). A node a concurrent writer created after the read
    // comes back with the hash it was found with (before), and is then treated like any recorded one.
    private static final String CREATE_OR_FIND = """
            CYPHER replan=skip
            UNWIND $rows AS row
            MERGE (n:Node {key: row.key})
            WITH n, row, n.contentHash AS before
            CALL (n, row, before) {
                WITH n, row WHERE before IS NULL
                SET n += row.fields, n:%s, n.createdAt = $now, n.createdBy = $actor, n.updatedAt = $now,
                    n.updatedBy = $actor
                WITH n, row WHERE row.family IS NOT NULL
                MATCH (f:Node {key: row.family})
                CREATE (n)-[:VERSION_OF {recordedAt: $now, recordedBy: $actor, validFrom: n.validFrom}]->(f)
            }
            WITH row, before WHERE before IS NOT NULL
            RETURN row.key AS key, before
            """;

    private static final String CONSTRAINT_FAILED = "Neo.ClientError.Schema.ConstraintValidationFailed";

    /** A key this batch found absent was created by a concurrent writer before this batch could create it. */
    static final class ConcurrentCreation extends RuntimeException {
        ConcurrentCreation(Throwable cause) {
            super("A concurrent write created a key of this batch first", cause, false, false);
        }
    }

    // Families of versions merged: valid from their earliest version. A recorded family
    // is written (and so locked until the batch commits) only when a version moves its start earlier, so
    // concurrent batches adding versions to one family do not wait for each other here.
    private static final String WRITE_FAMILIES = MERGE_FAMILY + """
            WITH f, row WHERE row.validFrom < f.validFrom
            SET f.validFrom = row.validFrom
            """;

    // A mutable node re-sent with other content: its content is replaced, its history fields kept.
    private static final String UPDATE = """
            CYPHER replan=skip
            UNWIND $rows AS row
            MATCH (n:Node {key: row.key})
            WITH n, row, n.createdAt AS createdAt, n.createdBy AS createdBy, n.validFrom AS validFrom
            SET n = row.fields
            SET n:$(row.label), n.createdAt = coalesce(createdAt, $now), n.createdBy = coalesce(createdBy, $actor),
                n.validFrom = coalesce(validFrom, row.validFrom, $now), n.updatedAt = $now, n.updatedBy = $actor
            """;

    private static final String PROPS = """
            UNWIND $keys AS key
            MATCH (n:Node {key: key})
            RETURN key, n.props AS props
            """;

    private static final Map<Kind, String> CREATE_BY_KIND = new EnumMap<>(Kind.class);
    private static final Map<Kind, String> CREATE_OR_FIND_BY_KIND = new EnumMap<>(Kind.class);

    static {
        for (Kind k : Kind.values()) {
            CREATE_BY_KIND.put(k, CREATE.formatted(k.label()));
            CREATE_OR_FIND_BY_KIND.put(k, CREATE_OR_FIND.formatted(k.label()));
        }
    }

    private final int chunkSize;

    NodeWriter(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    /** The statement that creates new nodes of {@code kind}; its plan is kept in check by a test. */
    static String createStatement(Kind kind) {
        return CREATE_BY_KIND.get(kind);
    }

    /** The statement that merges the families of new versions and links them, last in a batch. */
    static String linkFamiliesStatement() {
        return LINK_FAMILIES;
    }

    /** What is recorded under each of {@code keys} that exists; absent keys are not in the answer. */
    Map<String, State> recorded(TransactionContext tx, Collection<String> keys) {
        Map<String, State> out = new HashMap<>();
        for (List<String> chunk : Chunks.of(new ArrayList<>(keys), chunkSize)) {
            tx.run(RECORDED, Map.of("keys", chunk)).forEachRemaining(r -> out.put(r.get("key").asString(),
                    new State(r.get("hash").asString(null), r.get("retracted").asBoolean())));
        }
        return out;
    }

    /**
     * Writes {@code nodes} (distinct keys), given what {@code known} says is recorded, and adds every key that
     * exists afterwards to {@code known}. Refuses immutable nodes recorded with other content, writing nothing.
     * With {@code rerunnable}, the caller runs the whole transaction again on {@link ConcurrentCreation}, so keys
     * found absent are created outright; without it they are merged.
     */
    WriteSummary.Counts write(TransactionContext tx, Collection<NodeInput> nodes, Map<String, State> known,
                              ZonedDateTime now, String actor, boolean rerunnable) {
        Map<String, NodeInput> byKey = new TreeMap<>();
        nodes.forEach(n -> byKey.putIfAbsent(n.key().toString(), n));
        // Rows by kind: unversioned or version, and created outright or merged (see CREATE_OR_FIND).
        Map<Kind, List<Map<String, Object>>> unversioned = new EnumMap<>(Kind.class);
        Map<Kind, List<Map<String, Object>>> unversionedMerged = new EnumMap<>(Kind.class);
        Map<Kind, List<Map<String, Object>>> versions = new EnumMap<>(Kind.class);
        Map<Kind, List<Map<String, Object>>> versionsMerged = new EnumMap<>(Kind.class);
        Map<String, String> recordedHash = new LinkedHashMap<>();
        for (NodeInput n : byKey.values()) {
            String key = n.key().toString();
            State s = known.get(key);
            if (s != null && s.hash() != null) {
                recordedHash.put(key, s.hash());
                continue;
            }
            boolean version = n.key().family().isPresent();
            Map<Kind, List<Map<String, Object>>> to = s == null && rerunnable
                    ? (version ? versions : unversioned) : (version ? versionsMerged : unversionedMerged);
            to.computeIfAbsent(n.key().kind(), k -> new ArrayList<>()).add(row(n, now));
        }
        // Unversioned nodes first, so a family given in the batch exists before its versions link to it. Merged
        // versions link as they are merged, so their families are written before them; created ones are linked
        // last, with their families (see LINK_FAMILIES).
        int created = create(tx, unversioned, unversionedMerged, recordedHash, now, actor);
        List<Map<String, Object>> mergedFamilies = families(versionsMerged, byKey);
        for (List<Map<String, Object>> chunk : Chunks.of(mergedFamilies, chunkSize)) {
            tx.run(WRITE_FAMILIES, Map.of("rows", chunk, "now", now, "actor", actor)).consume();
        }
        created += create(tx, versions, versionsMerged, recordedHash, now, actor);
        List<Map<String, Object>> families = families(versions, byKey);
        for (List<Map<String, Object>> chunk : Chunks.of(families, chunkSize)) {
            tx.run(LINK_FAMILIES, Map.of("rows", chunk, "now", now, "actor", actor)).consume();
        }
        families.addAll(mergedFamilies);
        int updated = 0;
        int unchanged = 0;
        List<String> conflicts = new ArrayList<>();
        List<Map<String, Object>> updates = new ArrayList<>();
        for (Map.Entry<String, String> e : recordedHash.entrySet()) {
            NodeInput given = byKey.get(e.getKey());
            if (given.properties().contentHash(e.getKey()).equals(e.getValue())) {
                unchanged++;
            } else if (given.key().immutable()) {
                conflicts.add(e.getKey());
            } else {
                Map<String, Object> row = row(given, now);
                row.put("label", given.key().kind().label());
                updates.add(row);
                updated++;
            }
        }
        if (!conflicts.isEmpty()) {
            throw conflict(tx, conflicts, byKey);
        }
        for (List<Map<String, Object>> chunk : Chunks.of(updates, chunkSize)) {
            tx.run(UPDATE, Map.of("rows", chunk, "now", now, "actor", actor)).consume();
        }
        byKey.keySet().forEach(k -> known.putIfAbsent(k, new State(null, false)));
        families.forEach(f -> known.putIfAbsent((String) f.get("key"), new State(null, false)));
        return new WriteSummary.Counts(created, updated, unchanged);
    }

    /** Creates {@code created} outright and merges {@code merged}, each kind in its own statements. */
    private int create(TransactionContext tx, Map<Kind, List<Map<String, Object>>> created,
                       Map<Kind, List<Map<String, Object>>> merged, Map<String, String> recordedHash,
                       ZonedDateTime now, String actor) {
        int count = 0;
        for (Map.Entry<Kind, List<Map<String, Object>>> e : created.entrySet()) {
            count += run(tx, CREATE_BY_KIND.get(e.getKey()), e.getValue(), now, actor);
        }
        for (Map.Entry<Kind, List<Map<String, Object>>> e : merged.entrySet()) {
            count += createOrFind(tx, e.getKey(), e.getValue(), recordedHash, now, actor);
        }
        return count;
    }

    /** Runs {@code statement} over {@code rows} in chunks; answers how many rows it wrote. */
    private int run(TransactionContext tx, String statement, List<Map<String, Object>> rows, ZonedDateTime now,
                    String actor) {
        try {
            for (List<Map<String, Object>> chunk : Chunks.of(rows, chunkSize)) {
                tx.run(statement, Map.of("rows", chunk, "now", now, "actor", actor)).consume();
            }
        } catch (ClientException e) {
            if (CONSTRAINT_FAILED.equals(e.code())) {
                throw new ConcurrentCreation(e);
            }
            throw e;
        }
        return rows.size();
    }

    /** Merges the nodes of one kind; those a concurrent writer created first go to {@code recordedHash}. */
    private int createOrFind(TransactionContext tx, Kind kind, List<Map<String, Object>> rows,
                             Map<String, String> recordedHash, ZonedDateTime now, String actor) {
        int created = 0;
        for (List<Map<String, Object>> chunk : Chunks.of(rows, chunkSize)) {
            List<Record> found = tx.run(CREATE_OR_FIND_BY_KIND.get(kind), Map.of("rows", chunk, "now", now,
                    "actor", actor)).list();
            found.forEach(r -> recordedHash.put(r.get("key").asString(), r.get("before").asString()));
            created += chunk.size() - found.size();
        }
        return created;
    }

    private Conflict conflict(TransactionContext tx, List<String> keys, Map<String, NodeInput> byKey) {
        List<String> reported = keys.subList(0, Math.min(keys.size(), MAX_REPORTED_CONFLICTS));
        Map<String, String> props = new HashMap<>();
        tx.run(PROPS, Map.of("keys", reported)).forEachRemaining(r -> props.put(r.get("key").asString(),
                r.get("props").asString(null)));
        List<Map<String, Object>> details = new ArrayList<>();
        for (String key : reported) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("key", key);
            c.put("differences", Properties.fromJson(props.get(key)).differences(byKey.get(key).properties()));
            details.add(c);
        }
        return new Conflict(keys.size() + " immutable node(s) already recorded with different content, "
                + "first " + keys.get(0) + "; nothing was written. Record the change as a new version.", details);
    }

    private static Map<String, Object> row(NodeInput n, ZonedDateTime now) {
        NodeKey key = n.key();
        String k = key.toString();
        Map<String, Object> fields = new HashMap<>(n.properties().nativeValues());
        fields.putAll(key.storedIdentity());
        fields.put("props", n.properties().toJson());
        fields.put("contentHash", n.properties().contentHash(k));
        ZonedDateTime validFrom = n.validFrom() == null ? null : n.validFrom().atZone(ZoneOffset.UTC);
        fields.put("validFrom", validFrom == null ? now : validFrom);
        Map<String, Object> row = new HashMap<>();
        row.put("key", k);
        row.put("fields", fields);
        row.put("validFrom", validFrom);
        row.put("family", key.family().map(NodeKey::toString).orElse(null));
        return row;
    }

    /** One row per family of the versions to create, valid from the earliest of them (or now), with their keys. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> families(Map<Kind, List<Map<String, Object>>> versions,
                                                      Map<String, NodeInput> byKey) {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (List<Map<String, Object>> rows : versions.values()) {
            for (Map<String, Object> v : rows) {
                NodeKey family = byKey.get((String) v.get("key")).key().family().orElseThrow();
                Object validFrom = v.get("validFrom");
                Map<String, Object> row = out.computeIfAbsent(family.toString(), k -> {
                    Map<String, Object> fields = new HashMap<>(family.storedIdentity());
                    fields.put("contentHash", Properties.EMPTY.contentHash(k));
                    Map<String, Object> r = new HashMap<>();
                    r.put("key", k);
                    r.put("label", family.kind().label());
                    r.put("fields", fields);
                    r.put("validFrom", validFrom);
                    r.put("versions", new ArrayList<String>());
                    return r;
                });
                ((List<String>) row.get("versions")).add((String) v.get("key"));
                ZonedDateTime current = (ZonedDateTime) row.get("validFrom");
                // A missing validFrom means "now", the latest possible: any given one is earlier.
                if (validFrom != null && (current == null || ((ZonedDateTime) validFrom).isBefore(current))) {
                    row.put("validFrom", validFrom);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

}
