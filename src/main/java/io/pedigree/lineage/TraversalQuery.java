package io.pedigree.lineage;

/**
 * The Cypher of a lineage traversal: one query that finds the root, its family's versions and, per direction,
 * the first nodes of the answer in (depth, key) order with their minimum depth, capped inside the query; and
 * one query for the relations between the nodes kept.
 *
 * <p>Per direction the traversal works in three steps, all in the same query:
 * <ol>
 * <li>a breadth-first expansion from each seed that stops after {@code $limit} distinct nodes (Neo4j plans a
 *     variable-length pattern whose end nodes are only used {@code DISTINCT} as a pruning breadth-first search,
 *     which visits each node once and emits nodes level by level, so the {@code LIMIT} stops the search there:
 *     a hub with 80,000 dependents is not expanded past the cap);</li>
 * <li>the minimum depth of each of those nodes, by a second pruning search confined to them (a node's shortest
 *     path runs through nodes of smaller depth, which the first step found before it);</li>
 * <li>when the cap was reached, the depth {@code cut} of the {@code $limit}-th node decides: the nodes above it
 *     all stay, and of the nodes at {@code cut} (the neighbours of the nodes at {@code cut - 1}) those first by
 *     key fill the rest, so a capped answer is the same every time.</li>
 * </ol>
 * With several seeds (a family and its versions) each seed's search stops at the cap; their union still holds every
 * node above the cut, because no seed reaches more nodes within a depth than all of them together do.
 *
 * <p>Cycles and diamonds cost nothing extra: the pruning search never walks a node twice. Enumerating paths (a
 * quantified path pattern, or a variable-length pattern whose path is kept) would multiply on every diamond.
 *
 * <p>The text is assembled from fixed fragments only: the arrow of each {@link Direction} and the depth, a
 * number checked against {@code PEDIGREE_MAX_DEPTH} (Cypher takes no parameter in a variable-length bound).
 * Cypher-DSL is not used here because the plan depends on the exact shape (scoped {@code CALL (..)} subqueries
 * returning one aggregated row each, {@code RETURN DISTINCT m LIMIT} directly over the expansion, list
 * predicates over {@code nodes(p)} that the planner pushes into the expansion); every value is a parameter.
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
                MATCH p = (s)%2$s[:%5$s*1..%4$d]%3$s(m:Node)
                WHERE all(r IN relationships(p) WHERE %6$s)
                  AND all(x IN nodes(p) WHERE x = s OR x.validFrom <= $asOf) AND NOT m IN seeds
                RETURN DISTINCT m LIMIT $limit
              }
              RETURN collect(DISTINCT m) AS first%1$s
            }
            WITH *, first%1$s + seeds AS within%1$s
            CALL (seeds, within%1$s) {
              UNWIND seeds AS s
              CALL (s, seeds, within%1$s) {
                MATCH p = (s)%2$s[:%5$s*1..%4$d]%3$s(m:Node)
                WHERE all(r IN relationships(p) WHERE %6$s)
                  AND all(x IN nodes(p) WHERE x IN within%1$s) AND NOT m IN seeds
                RETURN m, min(length(p)) AS d
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
