package io.pedigree.openlineage;

import io.pedigree.lineage.NodeKey;
import org.neo4j.driver.TransactionContext;

import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The relations a run's events make: {@code USED} to its inputs (and to its parent run and source commit),
 * {@code WAS_GENERATED_BY} from its outputs. Each is marked {@code ol: true} and keyed by its ends, so an event
 * sent again, or an older event arriving late, changes nothing but to move {@code validFrom} earlier.
 */
final class RunEdges {

    // The relation type is one of the fixed names chosen in this class, never from input.
    private static final String LINK = """
            MATCH (a:Node {key: $from})
            MATCH (b:Node {key: $to})
            MERGE (a)-[r:%s {ol: true}]->(b)
            ON CREATE SET r.recordedAt = $now, r.recordedBy = $actor, r.validFrom = $t
            SET r.validFrom = CASE WHEN $t < r.validFrom THEN $t ELSE r.validFrom END,
                r.props = $props, r.olFacets = $facets, r.olByTime = $byTime
            """;

    // What a run's edges to one dataset point at now, by role.
    private static final String CURRENT_INPUTS = """
            MATCH (:Node {key: $run})-[r:USED {ol: true}]->(v:Node)-[:VERSION_OF]->(:Node {key: $family})
            RETURN v.key AS key
            """;

    private static final String CURRENT_OUTPUTS = """
            MATCH (v:Node)-[r:WAS_GENERATED_BY {ol: true}]->(:Node {key: $run})
            MATCH (v)-[:VERSION_OF]->(:Node {key: $family})
            RETURN v.key AS key
            """;

    // Drops this run's edges to versions of the dataset it no longer stands for, and a version Pedigree derived
    // for this run alone that nothing else refers to any more, so the graph is the same in any arrival order.
    private static final String UNLINK_INPUT = """
            MATCH (:Node {key: $run})-[r:USED {ol: true}]->(v:Node {key: $version})
            DELETE r
            """;

    private static final String UNLINK_OUTPUT = """
            MATCH (v:Node {key: $version})-[r:WAS_GENERATED_BY {ol: true}]->(:Node {key: $run})
            DELETE r
            """;

    private static final String DROP_ORPHAN = """
            MATCH (v:Node {key: $version}) WHERE v.olCreated AND v.olPlaceholder
              AND NOT EXISTS { (v)-[x]-() WHERE type(x) <> 'VERSION_OF' }
            DETACH DELETE v
            """;

    private RunEdges() {
    }

    static List<String> current(TransactionContext tx, NodeKey run, NodeKey family, boolean output) {
        return tx.run(output ? CURRENT_OUTPUTS : CURRENT_INPUTS, Map.of("run", run.toString(),
                "family", family.toString())).list(r -> r.get("key").asString());
    }

    static void unlink(TransactionContext tx, NodeKey run, String version, boolean output) {
        Map<String, Object> p = Map.of("run", run.toString(), "version", version);
        tx.run(output ? UNLINK_OUTPUT : UNLINK_INPUT, p).consume();
        tx.run(DROP_ORPHAN, p).consume();
    }

    /** An edge of one of the fixed types between two nodes, as a group of events writes it. */
    record Link(String type, String from, String to, java.time.Instant t, String props, String facets,
                boolean byTime) {
    }

    static void used(TransactionContext tx, NodeKey run, NodeKey input, ZonedDateTime t, String props, String facets,
                     ZonedDateTime now, String actor) {
        link(tx, "USED", run, input, t, props, facets, false, now, actor);
    }

    /** A dataset mention's edge; {@code byTime} marks one resolved by time, which may move to a better version. */
    static void mention(TransactionContext tx, NodeKey run, NodeKey version, boolean output, boolean byTime,
                        ZonedDateTime t, String props, String facets, ZonedDateTime now, String actor) {
        if (output) {
            link(tx, "WAS_GENERATED_BY", version, run, t, props, facets, byTime, now, actor);
        } else {
            link(tx, "USED", run, version, t, props, facets, byTime, now, actor);
        }
    }

    static void owned(TransactionContext tx, NodeKey thing, NodeKey person, ZonedDateTime t, ZonedDateTime now,
                      String actor) {
        link(tx, "OWNED_BY", thing, person, t, "{}", null, false, now, actor);
    }

    private static void link(TransactionContext tx, String type, NodeKey from, NodeKey to, ZonedDateTime t,
                             String props, String facets, boolean byTime, ZonedDateTime now, String actor) {
        Map<String, Object> p = new HashMap<>();
        p.put("from", from.toString());
        p.put("to", to.toString());
        p.put("t", t);
        p.put("props", props);
        p.put("facets", facets);
        p.put("byTime", byTime ? Boolean.TRUE : null);
        p.put("now", now);
        p.put("actor", actor);
        tx.run(LINK.formatted(type), p).consume();
    }
}
