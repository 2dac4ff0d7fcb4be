package io.pedigree.audit;

import org.neo4j.driver.TransactionContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keys a large event touched beyond those it lists itself (a batch of 100,000 elements names up to 200,000
 * keys): kept as an index for the target filter, not as part of the event. They go into at most {@link #BUCKETS}
 * nodes per event, each holding the keys of one hash bucket, so an event costs a few hundred small writes rather
 * than a link per key, and a filter by key reads one bucket node per large event through an index.
 *
 * <p>The chain does not hash these lists: the event's details carry the number and the digest of all its keys.
 */
final class AuditKeys {

    /** Most buckets per event. */
    static final int BUCKETS = 256;

    private static final String WRITE = """
            UNWIND $buckets AS b
            CREATE (:AuditKeys {seq: $seq, bucket: b.bucket, keys: b.keys})
            """;

    // Erasure: the lists holding a term, read by a scan as erasure reads everything else.
    private static final String HOLDING = """
            MATCH (k:AuditKeys)
            WHERE any(key IN k.keys WHERE any(t IN $terms WHERE toLower(key) CONTAINS t))
            RETURN elementId(k) AS id, k.seq AS seq, k.keys AS keys
            """;

    private static final String SET_KEYS = """
            MATCH (k:AuditKeys) WHERE elementId(k) = $id
            SET k.keys = $keys
            """;

    private static final String ADD_KEY = """
            MERGE (k:AuditKeys {seq: $seq, bucket: $bucket})
            ON CREATE SET k.keys = [$key]
            ON MATCH SET k.keys = CASE WHEN $key IN k.keys THEN k.keys ELSE k.keys + $key END
            """;

    private AuditKeys() {
    }

    /** The bucket of a key: String.hashCode is specified by the language, so the same on every JVM. */
    static int bucket(String key) {
        return Math.floorMod(key.hashCode(), BUCKETS);
    }

    /** Stores {@code keys} as the extra keys of event {@code seq}. */
    static void write(TransactionContext tx, long seq, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Map<Integer, List<String>> buckets = new TreeMap<>();
        keys.forEach(k -> buckets.computeIfAbsent(bucket(k), b -> new ArrayList<>()).add(k));
        List<Map<String, Object>> rows = new ArrayList<>();
        buckets.forEach((b, ks) -> rows.add(Map.of("bucket", b, "keys", ks)));
        tx.run(WRITE, Map.of("seq", seq, "buckets", rows)).consume();
    }

    /** Rewrites the stored keys that hold one of {@code terms}, moving each renamed key to its new bucket. */
    static void erase(TransactionContext tx, List<String> terms, List<Erasures.Rewrite> rewrites) {
        for (org.neo4j.driver.Record r : tx.run(HOLDING, Map.of("terms", terms)).list()) {
            long seq = r.get("seq").asLong();
            List<String> kept = new ArrayList<>();
            List<String> renamed = new ArrayList<>();
            for (String key : r.get("keys").asList(org.neo4j.driver.Value::asString)) {
                String k = key;
                for (Erasures.Rewrite w : rewrites) {
                    k = w.apply(k);
                }
                (k.equals(key) ? kept : renamed).add(k);
            }
            tx.run(SET_KEYS, Map.of("id", r.get("id").asString(), "keys", kept)).consume();
            for (String k : renamed) {
                tx.run(ADD_KEY, Map.of("seq", seq, "bucket", bucket(k), "key", k)).consume();
            }
        }
    }
}
