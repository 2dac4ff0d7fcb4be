package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.Conflict;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

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
            UNWIND $keys AS key
            MATCH (n:Node {key: key})
            RETURN key, n.contentHash AS hash, n.retractedAt IS NOT NULL AS retracted
            """;

    // MERGE, not CREATE: a concurrent batch may create the same key after the read above. Such a node comes back
    // with the hash it was found with (before), and is then treated like any recorded one. A version is linked to
    // its family only when it is created. %s is a label from the closed Kind enum; every value is a parameter.
    private static final String CREATE = """
            UNWIND $rows AS row
            MERGE (n:Node {key: row.key})
            WITH n, row, n.contentHash AS before
            CALL (n, row, before) {
                WITH n, row WHERE before IS NULL
                SET n += row.fields, n:%s, n.createdAt = $now, n.createdBy = $actor, n.updatedAt = $now,
                    n.updatedBy = $actor, n.validFrom = coalesce(row.validFrom, $now)
                WITH n, row WHERE row.family IS NOT NULL
                MATCH (f:Node {key: row.family})
                CREATE (n)-[:VERSION_OF {recordedAt: $now, recordedBy: $actor, validFrom: n.validFrom}]->(f)
            }
            WITH row, before WHERE before IS NOT NULL
            RETURN row.key AS key, before
            """;

    // Families of new versions: created bare if missing, and valid from their earliest version. A recorded family
    // is written (and so locked until the batch commits) only when a version moves its start earlier, so
    // concurrent batches adding versions to one family do not wait for each other here.
    private static final String WRITE_FAMILIES = """
            UNWIND $rows AS row
            MERGE (f:Node {key: row.key})
            ON CREATE SET f:$(row.label), f += row.fields, f.props = '{}', f.validFrom = coalesce(row.validFrom, $now),
                f.createdAt = $now, f.createdBy = $actor, f.updatedAt = $now, f.updatedBy = $actor
            WITH f, row WHERE row.validFrom < f.validFrom
            SET f.validFrom = row.validFrom
            """;

    // A mutable node re-sent with other content: its content is replaced, its history fields kept.
    private static final String UPDATE = """
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

    static {
        for (Kind k : Kind.values()) {
            CREATE_BY_KIND.put(k, CREATE.formatted(k.label()));
        }
    }

    private final int chunkSize;

    NodeWriter(int chunkSize) {
        this.chunkSize = chunkSize;
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
     */
    WriteSummary.Counts write(TransactionContext tx, Collection<NodeInput> nodes, Map<String, State> known,
                              ZonedDateTime now, String actor) {
        Map<String, NodeInput> byKey = new TreeMap<>();
        nodes.forEach(n -> byKey.putIfAbsent(n.key().toString(), n));
        Map<Kind, List<Map<String, Object>>> unversioned = new EnumMap<>(Kind.class);
        Map<Kind, List<Map<String, Object>>> versions = new EnumMap<>(Kind.class);
        Map<String, String> recordedHash = new LinkedHashMap<>();
        for (NodeInput n : byKey.values()) {
            String key = n.key().toString();
            State s = known.get(key);
            // A node recorded without a content hash is written over, as if new.
            if (s == null || s.hash() == null) {
                (n.key().family().isPresent() ? versions : unversioned)
                        .computeIfAbsent(n.key().kind(), k -> new ArrayList<>()).add(row(n));
            } else {
                recordedHash.put(key, s.hash());
            }
        }
        int created = 0;
        // Unversioned nodes first, so a family given in the batch exists before its versions link to it.
        for (Map.Entry<Kind, List<Map<String, Object>>> e : unversioned.entrySet()) {
            created += create(tx, e.getKey(), e.getValue(), recordedHash, now, actor);
        }
        List<Map<String, Object>> families = families(versions, byKey);
        for (List<Map<String, Object>> chunk : Chunks.of(families, chunkSize)) {
            tx.run(WRITE_FAMILIES, Map.of("rows", chunk, "now", now, "actor", actor)).consume();
        }
        for (Map.Entry<Kind, List<Map<String, Object>>> e : versions.entrySet()) {
            created += create(tx, e.getKey(), e.getValue(), recordedHash, now, actor);
        }
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
                Map<String, Object> row = row(given);
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

    /** Creates the nodes of one kind; those a concurrent writer created first go to {@code recordedHash}. */
    private int create(TransactionContext tx, Kind kind, List<Map<String, Object>> rows,
                       Map<String, String> recordedHash, ZonedDateTime now, String actor) {
        int created = 0;
        for (List<Map<String, Object>> chunk : Chunks.of(rows, chunkSize)) {
            List<Record> found = tx.run(CREATE_BY_KIND.get(kind), Map.of("rows", chunk, "now", now, "actor", actor))
                    .list();
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

    private static Map<String, Object> row(NodeInput n) {
        NodeKey key = n.key();
        String k = key.toString();
        Map<String, Object> fields = new HashMap<>(n.properties().nativeValues());
        fields.putAll(key.storedIdentity());
        fields.put("props", n.properties().toJson());
        fields.put("contentHash", n.properties().contentHash(k));
        Map<String, Object> row = new HashMap<>();
        row.put("key", k);
        row.put("fields", fields);
        row.put("validFrom", n.validFrom() == null ? null : n.validFrom().atZone(ZoneOffset.UTC));
        row.put("family", key.family().map(NodeKey::toString).orElse(null));
        return row;
    }

    /** One row per family of the versions to create, valid from the earliest of them (or now). */
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
                    return r;
                });
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
