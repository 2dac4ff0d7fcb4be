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

    // The bulk forms of LINK, UNLINK_* and DROP_ORPHAN, for a group of events applied together.
    private static final String LINK_ALL = """
            UNWIND $rows AS row
            MATCH (a:Node {key: row.from})
            MATCH (b:Node {key: row.to})
            MERGE (a)-[r:%s {ol: true}]->(b)
            ON CREATE SET r.recordedAt = $now, r.recordedBy = $actor, r.validFrom = row.t
            SET r.validFrom = CASE WHEN row.t < r.validFrom THEN row.t ELSE r.validFrom END,
                r.props = row.props, r.olFacets = row.facets, r.olByTime = row.byTime
            """;

    private static final String UNLINK_ALL = """
            UNWIND $rows AS row
            CALL (row) {
                WITH row WHERE NOT row.output
                MATCH (:Node {key: row.run})-[r:USED {ol: true}]->(:Node {key: row.version})
                DELETE r
            }
            CALL (row) {
                WITH row WHERE row.output
                MATCH (:Node {key: row.version})-[r:WAS_GENERATED_BY {ol: true}]->(:Node {key: row.run})
                DELETE r
            }
            """;

    private static final String DROP_ORPHANS = """
            UNWIND $keys AS key
            MATCH (v:Node {key: key}) WHERE v.olCreated AND v.olPlaceholder
              AND NOT EXISTS { (v)-[x]-() WHERE type(x) <> 'VERSION_OF' }
            DETACH DELETE v
            """;

    // Every dataset version a run's events link it to now, with the dataset and the direction.
    private static final String CURRENT_ALL = """
            UNWIND $runs AS key
            MATCH (run:Node {key: key})
            CALL (run) {
                MATCH (run)-[:USED {ol: true}]->(v:Node)-[:VERSION_OF]->(f:Node:Dataset)
                RETURN v.key AS version, f.key AS family, false AS output
                UNION
                MATCH (v:Node)-[:WAS_GENERATED_BY {ol: true}]->(run)
                MATCH (v)-[:VERSION_OF]->(f:Node:Dataset)
                RETURN v.key AS version, f.key AS family, true AS output
            }
            RETURN key AS run, version, family, output
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

    /** One row of {@link #linkAll}: an edge of a fixed type between two existing nodes. */
    record Link(String type, String from, String to, java.time.Instant t, String props, String facets,
                boolean byTime) {
    }

    /** Links of any of the fixed types, one statement per type. */
    static void linkAll(TransactionContext tx, java.util.Collection<Link> links, ZonedDateTime now, String actor) {
        Map<String, List<Map<String, Object>>> byType = new java.util.TreeMap<>();
        for (Link l : links) {
            Map<String, Object> row = new HashMap<>();
            row.put("from", l.from());
            row.put("to", l.to());
            row.put("t", l.t().atZone(java.time.ZoneOffset.UTC));
            row.put("props", l.props());
            row.put("facets", l.facets());
            row.put("byTime", l.byTime() ? Boolean.TRUE : null);
            byType.computeIfAbsent(l.type(), k -> new java.util.ArrayList<>()).add(row);
        }
        byType.forEach((type, rows) -> {
            if (!List.of("USED", "WAS_GENERATED_BY", "OWNED_BY").contains(type)) {
                throw new IllegalArgumentException("Not a relation OpenLineage events make: " + type);
            }
            tx.run(LINK_ALL.formatted(type), Map.of("rows", rows, "now", now, "actor", actor)).consume();
        });
    }

    /** Removes run edges (rows of run, version, output) and then the placeholder versions left unused. */
    static void unlinkAll(TransactionContext tx, List<Map<String, Object>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tx.run(UNLINK_ALL, Map.of("rows", rows)).consume();
        dropOrphans(tx, rows.stream().map(r -> (String) r.get("version")).distinct().toList());
    }

    /** Deletes those of {@code keys} that are placeholder versions nothing refers to any more. */
    static void dropOrphans(TransactionContext tx, List<String> keys) {
        if (!keys.isEmpty()) {
            tx.run(DROP_ORPHANS, Map.of("keys", keys)).consume();
        }
    }

    /** The versions each of {@code runs} is linked to, as {@link GroupPlan#edgeKey} to version keys. */
    static Map<String, List<String>> currentAll(TransactionContext tx, java.util.Collection<String> runs) {
        Map<String, List<String>> out = new HashMap<>();
        tx.run(CURRENT_ALL, Map.of("runs", List.copyOf(runs))).forEachRemaining(r -> out.computeIfAbsent(
                GroupPlan.edgeKey(r.get("run").asString(), r.get("output").asBoolean(), r.get("family").asString()),
                k -> new java.util.ArrayList<>()).add(r.get("version").asString()));
        return out;
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
