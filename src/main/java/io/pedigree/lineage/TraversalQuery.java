package io.pedigree.lineage;

/**
 * The Cypher of a lineage traversal: one query that finds the root, its family's versions and, per direction,
 * the first nodes of the answer in (depth, key) order with their minimum depth, capped inside the query; and
 * one query for the relations between the nodes kept.
 *
 * <p>Per direction the traversal works in two steps, in the same query:
 * <ol>
 * <li>from each seed, an {@code ANY SHORTEST} path pattern to unbound targets, with the validity window inside
 *     the quantified pattern. Neo4j plans it as one breadth-first search ({@code StatefulShortestPath}) that
 *     reaches each node once, through its fewest hops, and emits nodes level by level; {@code LIMIT $limit}
 *     right after it stops the search there, so a hub with 80,000 dependents is not expanded past the cap and
 *     cycles and diamonds cost nothing extra. Several seeds (a family and its versions) take the minimum depth
 *     over the seeds;</li>
 * <li>when the cap was reached, the depth {@code cut} of the {@code $limit}-th node decides: the nodes above it
 *     all stay, and of the nodes at {@code cut} (the neighbours of the nodes at {@code cut - 1}) those first by
 *     key fill the rest, so a capped answer is the same every time whatever order the search met them in.</li>
 * </ol>
 * The nodes above the cut are all there with their true depth: a seed whose search stopped at depth {@code c}
 * found more than {@code $limit} nodes within {@code c}, so the cut is at most {@code c}.
 *
 * <p>An earlier version computed the depth with {@code min(length(p))} over a variable-length pattern, which
 * enumerates paths: on a hub it ran out of transaction memory, and it is exponential on cycles.
 *
 * <p>The text is assembled from fixed fragments only: the arrow of each {@link Direction} and the depth, a
 * number checked against {@code PEDIGREE_MAX_DEPTH} (a quantifier's bounds are literals in Cypher). Cypher-DSL is
 * not used because the plan depends on the exact shape (scoped {@code CALL (..)} subqueries, {@code LIMIT}
 * directly over the shortest-path search, predicates inside the quantified pattern); every value is a parameter.
 */
final class TraversalQuery {

    /** The relations lineage follows; VERSION_OF and OWNED_BY are not lineage. */
    static final String TYPES = "USED|WAS_GENERATED_BY|DERIVED_FROM|EVALUATES|SERVES|HAS_ARTIFACT";

    static final String VALID = "r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf)";

    private static final String ROOT = """
            MATCH (root:Node {key: $key})
            CALL (root) {
              MATCH (v:Node)-[r:VERSION_OF]->(root)
              WHERE $family AND r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf)
                AND v.validFrom <= $asOf
              WITH v, r ORDER BY v.key LIMIT $maxNodes
              RETURN collect(v) AS versionNodes,
                     collect({id: elementId(v), node: v %1$s, validFrom: r.validFrom, recordedAt: r.recordedAt,
                              recordedBy: r.recordedBy}) AS versions
            }
            WITH root, versions,
                 CASE WHEN coalesce(root.validFrom <= $asOf, true)
                           AND (root.retractedAt IS NULL OR root.retractedAt > $asOf)
                           AND size(versions) < $maxNodes
                      THEN [root] + versionNodes ELSE [] END AS seeds
            """;

    // %1$s: suffix naming this direction's variables; %2$s and %3$s: the arrow's tail and head; %4$d: depth.
    private static final String PASS = """
            CALL (seeds) {
              UNWIND seeds AS s
              CALL (s, seeds) {
                MATCH p = ANY SHORTEST (s)((x WHERE x = s OR x.validFrom <= $asOf)%2$s[r:%5$s WHERE %6$s]%3$s()){1,%4$d}(m)
                WITH m, length(p) AS d WHERE m:Node AND m.validFrom <= $asOf AND NOT m IN seeds
                RETURN m, d
                LIMIT $limit
              }
              WITH m, min(d) AS depth
              ORDER BY depth, m.key
              RETURN collect({m: m, id: elementId(m), node: m %7$s, depth: depth}) AS found%1$s
            }
            WITH *, CASE WHEN size(found%1$s) < $limit THEN null ELSE found%1$s[$limit - 1].depth END AS cut%1$s
            CALL (seeds, found%1$s, cut%1$s) {
              WITH CASE WHEN cut%1$s = 1 THEN seeds
                        ELSE [f IN found%1$s WHERE f.depth = cut%1$s - 1 | f.m] END AS frontier,
                   [f IN found%1$s WHERE f.depth < cut%1$s | f.m] + seeds AS inside
              UNWIND frontier AS u
              MATCH (u)%2$s[r:%5$s]%3$s(m:Node)
              WHERE %6$s AND m.validFrom <= $asOf AND NOT m IN inside
              WITH DISTINCT m ORDER BY m.key LIMIT $limit
              RETURN collect(m) AS atCut%1$s
            }
            WITH *, [f IN found%1$s WHERE cut%1$s IS NULL OR f.depth < cut%1$s]
                    + [m IN atCut%1$s | {m: m, id: elementId(m), node: m %7$s, depth: cut%1$s}] AS reached%1$s
            """;

    private static final String RETURN = """
            RETURN elementId(root) AS id, root %s AS node, root.retractedAt AS retractedAt, versions%s
            """;

    private static final String REACHED = ",\n       [f IN reached%1$s[..$limit] | f {.id, .node, .depth}] AS %2$s";

    /**
     * The relations from each pass's frontier (its nodes above the depth asked and above where a cap cut it) to
     * its nodes, oriented from the dependent to what it depends on. The targets are a parameter, which Neo4j
     * checks against a hashed set.
     */
    static final String EDGES = """
            UNWIND $up AS id
            MATCH (n:Node) WHERE elementId(n) = id
            MATCH (n)-[r:%1$s]->(m:Node)
            WHERE %2$s AND elementId(m) IN $upTargets
            RETURN elementId(r) AS rel, n.key AS from, type(r) AS type, m.key AS to, r.validFrom AS validFrom,
                   r.validTo AS validTo, r.recordedAt AS recordedAt, r.recordedBy AS recordedBy
            UNION ALL
            UNWIND $down AS id
            MATCH (n:Node) WHERE elementId(n) = id
            MATCH (n)<-[r:%1$s]-(m:Node)
            WHERE %2$s AND elementId(m) IN $downTargets
            RETURN elementId(r) AS rel, m.key AS from, type(r) AS type, n.key AS to, r.validFrom AS validFrom,
                   r.validTo AS validTo, r.recordedAt AS recordedAt, r.recordedBy AS recordedBy
            """.formatted(TYPES, VALID);

    private TraversalQuery() {
    }

    /** The traversal for {@code direction} to {@code depth} (already checked against the configured maximum). */
    static String nodes(Direction direction, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth " + depth);
        }
        StringBuilder q = new StringBuilder(ROOT.formatted(GraphNodes.PROJECTION));
        StringBuilder returned = new StringBuilder();
        if (direction != Direction.DOWNSTREAM) {
            q.append(PASS.formatted("Up", "-", "->", depth, TYPES, VALID, GraphNodes.PROJECTION));
            returned.append(REACHED.formatted("Up", "up"));
        }
        if (direction != Direction.UPSTREAM) {
            q.append(PASS.formatted("Down", "<-", "-", depth, TYPES, VALID, GraphNodes.PROJECTION));
            returned.append(REACHED.formatted("Down", "down"));
        }
        return q.append(RETURN.formatted(GraphNodes.PROJECTION, returned)).toString();
    }
}
