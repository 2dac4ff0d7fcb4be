package io.pedigree.corrections;

import io.pedigree.lineage.RelationType;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What governed records depend on a node, at any time: registered model versions and deployments downstream of
 * it (the node itself included), over lineage relations that are not retracted, whatever their validity. A
 * deployment that once served a version depends on it as much as one that serves it now.
 */
final class Dependents {

    // One query per level over the whole frontier, each node visited once, as the lineage search does.
    private static final String LEVEL = """
            UNWIND $ids AS id
            MATCH (n:Node) WHERE elementId(n) = id
            MATCH (n)<-[r:%s]-(m:Node)
            WHERE r.retractedAt IS NULL
            RETURN DISTINCT elementId(m) AS id
            """.formatted(RelationType.lineagePattern());

    private static final String GOVERNED = """
            UNWIND $ids AS id
            MATCH (n:Node) WHERE elementId(n) = id
            OPTIONAL MATCH (s:ModelVersion)-[:FOR]->(n)
            WITH n, s WHERE s IS NOT NULL OR n:Deployment
            RETURN CASE WHEN s IS NULL THEN 'deployment' ELSE 'registered model version' END AS kind,
                   n.key AS key
            """;

    private static final String START = """
            MATCH (n:Node {key: $key})
            RETURN elementId(n) AS id
            """;

    private Dependents() {
    }

    /** One governed record that depends on what was to be retracted. */
    record Dependent(String kind, String key) {
        Map<String, Object> asMap() {
            return Map.of("dependent", kind, "key", key);
        }
    }

    /** The governed records that depend on {@code key}, searched up to {@code depth} relations away. */
    static List<Dependent> of(TransactionContext tx, String key, int depth) {
        Set<String> seen = new HashSet<>();
        List<String> frontier = tx.run(START, Map.of("key", key)).list(r -> r.get("id").asString());
        seen.addAll(frontier);
        for (int level = 1; level <= depth && !frontier.isEmpty(); level++) {
            List<String> next = new ArrayList<>();
            for (Record r : tx.run(LEVEL, Map.of("ids", frontier)).list()) {
                String id = r.get("id").asString();
                if (seen.add(id)) {
                    next.add(id);
                }
            }
            frontier = next;
        }
        TreeSet<String> found = new TreeSet<>();
        List<Dependent> out = new ArrayList<>();
        for (Record r : tx.run(GOVERNED, Map.of("ids", new ArrayList<>(seen))).list()) {
            Dependent d = new Dependent(r.get("kind").asString(), r.get("key").asString());
            if (found.add(d.kind() + " " + d.key())) {
                out.add(d);
            }
        }
        out.sort(java.util.Comparator.comparing(Dependent::kind).thenComparing(Dependent::key));
        return out;
    }
}
