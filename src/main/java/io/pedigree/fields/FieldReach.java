package io.pedigree.fields;

import org.neo4j.driver.Value;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields a field reaches, with their depth in derivations. The query ({@link #query}) finds every field within
 * twice the depth in steps with one pruning breadth-first search ({@code VarLengthExpand(Pruning,BFS)}: each field
 * expanded once, so dense derivations between wide tables cost what they reach, where the {@code ANY SHORTEST}
 * search it replaces walked every trail and ran out of transaction memory), and returns the derivations among
 * them. The depth is then counted here, in derivations: the step from a field to its dataset's whole-dataset
 * field is free, so a dataset-wide dependency is one derivation away like any other though two steps long, which
 * a search counting steps cannot tell.
 */
final class FieldReach {

    // The steps: a derivation valid at $asOf of a type the view follows, or (all view) the step between a field
    // and its dataset's whole-dataset field, which carries the dataset-wide dependencies. %1$s and %2$s are the
    // arrow's tail and head, %3$d the bound in steps (a literal: the pruning search needs one).
    private static final String REACH = """
            CALL (root) {
                MATCH p = (root)%1$s[:DERIVES_FROM|FIELD_OF*1..%3$d]%2$s(x:Field)
                WHERE all(r IN relationships(p) WHERE (type(r) = 'FIELD_OF' AND $datasetWide)
                    OR (type(r) = 'DERIVES_FROM' AND r.type IN $types AND r.validFrom <= $asOf
                        AND (r.validTo IS NULL OR r.validTo > $asOf)))
                WITH x, min(length(p)) AS steps
                WHERE x <> root
                ORDER BY steps, x.key
                LIMIT $visit
                RETURN collect(x) AS reached
            }
            """;

    /**
     * The derivations among the root and what it reached, valid at $asOf, of the view's types. Each is read from
     * the end the search came from (upstream: leaving a field reached; impact: arriving at one), so those leading
     * out of the set are not read at all (the caller still drops any whose other end the caps cut). Rows are lists,
     * and instants seconds and nanoseconds: maps and zoned date-times cost more to build and send than the search.
     */
    private static final String EDGES = """
            CALL (root, reached) {
                UNWIND [root] + reached AS %s
                MATCH (a:Field)-[e:DERIVES_FROM]->(b:Field)
                WHERE e.type IN $types AND e.validFrom <= $asOf AND (e.validTo IS NULL OR e.validTo > $asOf)
                RETURN collect([a.key, b.key, e.type, e.subtype, e.description, e.masking, e.validFrom.epochSeconds,
                                e.validFrom.nanosecond, e.validTo.epochSeconds, e.validTo.nanosecond]) AS edges
            }
            """;

    /** A derivation read by {@link #EDGES}: {@code from} is computed from {@code to}. */
    record Edge(String from, String to, String type, String subtype, String description, boolean masking,
                Instant validFrom, Instant validTo) {

        static Edge of(Value row) {
            return new Edge(row.get(0).asString(), row.get(1).asString(), row.get(2).asString(),
                    row.get(3).asString(null), row.get(4).asString(null), row.get(5).asBoolean(false),
                    instant(row.get(6), row.get(7)), instant(row.get(8), row.get(9)));
        }

        private static Instant instant(Value seconds, Value nanos) {
            return seconds.isNull() ? null : Instant.ofEpochSecond(seconds.asLong(), nanos.asLong());
        }
    }

    private FieldReach() {
    }

    static String query(boolean upstream, int depth) {
        return upstream ? REACH.formatted("-", "->", 2 * depth) : REACH.formatted("<-", "-", 2 * depth);
    }

    static String edges(boolean upstream) {
        return EDGES.formatted(upstream ? "a" : "b");
    }

    /** One field met on the way: whole-dataset fields (path '') are steps, never answers. */
    record Step(String key, String dataset, String path) {
        boolean wide() {
            return path.isEmpty();
        }
    }

    /**
     * The depth in derivations of each field reached, by a breadth-first search over the returned derivations in
     * which the step between a field and its dataset's whole-dataset field costs nothing (a 0-1 search).
     */
    static Map<String, Integer> depths(Step root, List<Step> reached, List<Edge> edges, boolean upstream,
                                       boolean datasetWide) {
        Map<String, Step> byKey = new LinkedHashMap<>();
        byKey.put(root.key(), root);
        reached.forEach(s -> byKey.put(s.key(), s));
        Map<String, String> wideOf = new HashMap<>();
        Map<String, List<String>> fieldsOf = new HashMap<>();
        byKey.values().forEach(s -> {
            if (s.wide()) {
                wideOf.put(s.dataset(), s.key());
            } else {
                fieldsOf.computeIfAbsent(s.dataset(), d -> new ArrayList<>()).add(s.key());
            }
        });
        Map<String, List<String>> next = new HashMap<>();
        for (Edge e : edges) {
            String from = e.from();
            String to = e.to();
            next.computeIfAbsent(upstream ? from : to, k -> new ArrayList<>()).add(upstream ? to : from);
        }
        Map<String, Integer> depth = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        depth.put(root.key(), 0);
        queue.add(root.key());
        while (!queue.isEmpty()) {
            String u = queue.pollFirst();
            int d = depth.get(u);
            Step s = byKey.get(u);
            List<String> free = !datasetWide ? List.of()
                    : upstream ? (s.wide() || !wideOf.containsKey(s.dataset()) ? List.of()
                            : List.of(wideOf.get(s.dataset())))
                    : (s.wide() ? fieldsOf.getOrDefault(s.dataset(), List.of()) : List.of());
            for (String v : free) {
                if (depth.getOrDefault(v, Integer.MAX_VALUE) > d) {
                    depth.put(v, d);
                    queue.addFirst(v);
                }
            }
            for (String v : next.getOrDefault(u, List.of())) {
                if (depth.getOrDefault(v, Integer.MAX_VALUE) > d + 1) {
                    depth.put(v, d + 1);
                    queue.addLast(v);
                }
            }
        }
        return depth;
    }

    /** The answer's fields (not the root, not whole-dataset fields) within {@code max} derivations, nearest first. */
    static List<FieldGraph.FieldNode> answer(Step root, List<Step> reached, Map<String, Integer> depth, int max) {
        return reached.stream().filter(s -> !s.wide() && !s.key().equals(root.key()) && depth.containsKey(s.key())
                        && depth.get(s.key()) <= max)
                .map(s -> new FieldGraph.FieldNode(s.key(), s.dataset(), s.path(), depth.get(s.key())))
                .sorted(Comparator.comparingInt(FieldGraph.FieldNode::depth).thenComparing(FieldGraph.FieldNode::key))
                .toList();
    }
}
