package io.pedigree.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Creates and updates lineage nodes the way the graph writer stores them (key, kind, name, namespace, version,
 * family, canonical {@code props} with its content hash, valid and recorded times), so events and batch writes
 * make the same nodes. A node's {@code validFrom} is the earliest event time that named it, whatever the order
 * events arrive in.
 */
final class Nodes {

    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    // Labels come only from the closed Kind enum; everything else is a parameter. Locks the node, and then its
    // family, so events of one run or one dataset apply one at a time.
    private static final String ENSURE = """
            MERGE (n:Node {key: $key})
            ON CREATE SET n:%1$s, n += $fields, n.props = '{}', n.contentHash = $hash, n.validFrom = $t,
                n.createdAt = $now, n.createdBy = $actor, n.updatedAt = $now, n.updatedBy = $actor, n.olCreated = true,
                n._new = true
            WITH n, coalesce(n._new, false) AS created, n.validFrom AS before
            // Writes only what changes: a node many events name (a parent run, a shared input) is not locked by
            // each of them; the nodes that must be (a run, a dataset being versioned) ask for it.
            FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END | REMOVE n._new)
            FOREACH (_ IN CASE WHEN $t < n.validFrom THEN [1] ELSE [] END | SET n.validFrom = $t)
            FOREACH (_ IN CASE WHEN $lock THEN [1] ELSE [] END | SET n._lock = true REMOVE n._lock)
            WITH n, created, before
            CALL (n) {
                WITH n WHERE $family IS NOT NULL
                MERGE (f:Node {key: $family})
                ON CREATE SET f:%1$s, f += $familyFields, f.props = '{}', f.contentHash = $familyHash,
                    f.validFrom = n.validFrom, f.createdAt = $now, f.createdBy = $actor, f.updatedAt = $now,
                    f.updatedBy = $actor, f.olCreated = true
                FOREACH (_ IN CASE WHEN n.validFrom < f.validFrom THEN [1] ELSE [] END | SET f.validFrom = n.validFrom)
                MERGE (n)-[v:VERSION_OF]->(f)
                ON CREATE SET v.recordedAt = $now, v.recordedBy = $actor, v.validFrom = n.validFrom
                FOREACH (_ IN CASE WHEN v.validFrom <> n.validFrom THEN [1] ELSE [] END | SET v.validFrom = n.validFrom)
            }
            RETURN n.olSummary AS summary, n.olFacets AS facets, n.props AS props,
                   created OR before <> n.validFrom AS changed
            """;

    // ENSURE over the list of rows in parameter %2$s, ending with the node n, its row and whether it changed;
    // a caller adds what it returns.
    static final String ENSURE_ROWS = """
            UNWIND $%2$s AS row
            MERGE (n:Node {key: row.key})
            ON CREATE SET n:%1$s, n += row.fields, n.props = '{}', n.contentHash = row.hash, n.validFrom = row.t,
                n.createdAt = $now, n.createdBy = $actor, n.updatedAt = $now, n.updatedBy = $actor, n.olCreated = true,
                n._new = true
            WITH n, row, coalesce(n._new, false) AS created, n.validFrom AS before
            FOREACH (_ IN CASE WHEN created THEN [1] ELSE [] END | REMOVE n._new)
            FOREACH (_ IN CASE WHEN row.t < n.validFrom THEN [1] ELSE [] END | SET n.validFrom = row.t)
            FOREACH (_ IN CASE WHEN row.lock THEN [1] ELSE [] END | SET n._lock = true REMOVE n._lock)
            WITH n, row, created, before
            CALL (n, row) {
                WITH n, row WHERE row.family IS NOT NULL
                MERGE (f:Node {key: row.family})
                ON CREATE SET f:%1$s, f += row.familyFields, f.props = '{}', f.contentHash = row.familyHash,
                    f.validFrom = n.validFrom, f.createdAt = $now, f.createdBy = $actor, f.updatedAt = $now,
                    f.updatedBy = $actor, f.olCreated = true
                FOREACH (_ IN CASE WHEN n.validFrom < f.validFrom THEN [1] ELSE [] END | SET f.validFrom = n.validFrom)
                MERGE (n)-[v:VERSION_OF]->(f)
                ON CREATE SET v.recordedAt = $now, v.recordedBy = $actor, v.validFrom = n.validFrom
                FOREACH (_ IN CASE WHEN v.validFrom <> n.validFrom THEN [1] ELSE [] END | SET v.validFrom = n.validFrom)
            }
            WITH n, row, created OR before <> n.validFrom AS changed
            """;

    private static final String SET_PROPS = """
            MATCH (n:Node {key: $key})
            SET n += $fields, n.props = $props, n.contentHash = $hash, n.updatedAt = $now, n.updatedBy = $actor
            """;

    private Nodes() {
    }

    /** Makes sure {@code key} (and its family, for a version) exists and is valid from {@code t} or earlier. */
    static Record ensure(TransactionContext tx, NodeKey key, ZonedDateTime t, ZonedDateTime now, String actor) {
        return ensure(tx, key, t, now, actor, false);
    }

    /**
     * As {@link #ensure(TransactionContext, NodeKey, ZonedDateTime, ZonedDateTime, String)}, and with {@code lock}
     * holds the node's write lock to the end of the transaction, so read-decide-write on it is not interleaved.
     */
    static Record ensure(TransactionContext tx, NodeKey key, ZonedDateTime t, ZonedDateTime now, String actor,
                         boolean lock) {
        Map<String, Object> p = ensureRow(key, t, lock);
        p.put("now", now);
        p.put("actor", actor);
        return tx.run(ENSURE.formatted(key.kind().label()), p).single();
    }

    /** The parameters of one node {@link #ENSURE} makes sure of; {@link #ENSURE_ROWS} takes a list of them. */
    static Map<String, Object> ensureRow(NodeKey key, ZonedDateTime t, boolean lock) {
        Map<String, Object> p = new HashMap<>();
        p.put("key", key.toString());
        p.put("fields", key.storedIdentity());
        p.put("hash", Properties.EMPTY.contentHash(key.toString()));
        p.put("t", t);
        p.put("lock", lock);
        NodeKey family = key.family().orElse(null);
        p.put("family", family == null ? null : family.toString());
        p.put("familyFields", family == null ? Map.of() : family.storedIdentity());
        p.put("familyHash", family == null ? null : Properties.EMPTY.contentHash(family.toString()));
        return p;
    }

    /** Replaces the readable properties of {@code key} with {@code p} (see {@link #propertyRow}). */
    static void setProperties(TransactionContext tx, NodeKey key, NodeProperties p, ZonedDateTime now, String actor) {
        Map<String, Object> params = new HashMap<>(propertyRow(key, p));
        params.put("now", now);
        params.put("actor", actor);
        tx.run(SET_PROPS, params).consume();
    }

    /**
     * What a property write sets on {@code key}: its readable values (nulls dropped) as canonical {@code props}
     * with their hash, their searchable native copies (every name the mapping ever sets cleared first, so stale
     * copies go) and extra native fields.
     */
    static Map<String, Object> propertyRow(NodeKey key, NodeProperties p) {
        TreeMap<String, Object> present = new TreeMap<>();
        p.values().forEach((k, v) -> {
            if (v != null) {
                present.put(k, v);
            }
        });
        Properties props;
        try {
            props = Properties.fromJson(CANONICAL.writeValueAsString(present));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : p.nativeNames()) {
            fields.put(Properties.NATIVE_PREFIX + name, null);
        }
        fields.putAll(props.nativeValues());
        fields.putAll(p.extra());
        Map<String, Object> row = new HashMap<>();
        row.put("key", key.toString());
        row.put("fields", fields);
        row.put("props", props.toJson());
        row.put("hash", props.contentHash(key.toString()));
        return row;
    }

}
