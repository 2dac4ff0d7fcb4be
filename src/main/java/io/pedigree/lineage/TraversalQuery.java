package io.pedigree.lineage;

/**
 * The Cypher of a lineage traversal: one query that finds the root (through its alias, see {@link Aliases}), its
 * family's versions and, per direction, the first nodes of the answer in (depth, key) order with their minimum
 * depth, capped inside the query, and, for a lineage answer, the relations among them.
 *
 * <p>Per direction and seed (the root, and a family's versions) the nodes come from a variable-length pattern
 * whose only predicates are on each relation and node ({@code all(.. IN relationships(p) ..)}) and whose length is
 * only used as {@code min(length(p))} per node (the seeds pass the node predicate: the root is refused when it
 * is not yet valid, and versions are taken when valid). Neo4j plans that shape as {@code VarLengthExpand(Pruning,BFS)}: a
 * breadth-first search that expands each node once and hands out its depth, so cycles and diamonds cost no more
 * than the nodes and relations reached (the 50-node complete digraph at depth 50 answers in milliseconds). The
 * minimum over the seeds is the depth of a search from all of them at once. {@code ORDER BY depth, key LIMIT}
 * then keeps the first nodes in the order a level-by-level search admits them, so a capped answer is the same
 * every time.
 *
 * <p>Two shapes were tried before and dropped: {@code min(length(p))} with the depth filtered by a parameter
 * (not planned as the pruning search, so it enumerates paths and ran out of memory on a hub), and {@code ANY
 * SHORTEST} to unbound targets (explores every trail on dense cycles: 94 s at depth 5 on the complete digraph).
 *
 * <p>The text is assembled from fixed fragments only: the arrow of each {@link Direction} and the depth, a number
 * checked against {@code PEDIGREE_MAX_DEPTH} (a variable-length bound must be a literal for the pruning search);
 * every value is a parameter.
 */
final class TraversalQuery {

    /** The relation types lineage follows, in the enum's order: fixed names, never input. */
    static final String TYPES = RelationType.lineagePattern();

    static final String VALID = "r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf)";

    /** What is read of a node of a kind not asked for, which the walk passes through: enough to name it. */
    static final String PASSED = "{.key, .kind, .name}";

    // The root is optional so that a key naming nothing still answers one row, with the key that was looked for
    // (after the alias lookup), and no second statement is needed to say which key was missing.
    private static final String ROOT = """
            OPTIONAL MATCH (root:Node {key: keyCanonical})
            CALL (root) {
              MATCH (v:Node)-[r:VERSION_OF]->(root)
              WHERE $family AND r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf)
                AND v.validFrom <= $asOf
              WITH v, r ORDER BY v.key LIMIT $maxNodes
              RETURN collect(v) AS versionNodes,
                     collect({id: elementId(v), node: v %1$s, validFrom: r.validFrom, recordedAt: r.recordedAt,
                              recordedBy: r.recordedBy}) AS versions
            }
            WITH keyCanonical, root, versions,
                 CASE WHEN root IS NOT NULL AND coalesce(root.validFrom <= $asOf, true)
                           AND (root.retractedAt IS NULL OR root.retractedAt > $asOf)
                           AND size(versions) < $maxNodes
                      THEN [root] + versionNodes ELSE [] END AS seeds
            """;

    // %1$s: suffix naming this direction's variables; %2$s and %3$s: the arrow's tail and head; %4$d: depth;
    // %9$s: for a lineage answer, the nodes walked with their depth, whose relations RELATIONS reads.
    // From one seed (the root alone: any key but a family with versions) the search is written so that Neo4j
    // plans it as a stream: the pruning search hands out nodes level by level with their depth (no aggregation
    // over all the nodes reached), and a PartialTop sorts each level by key and stops pulling once the cap is
    // full, so a hub's answer reads the levels up to the one the cap cuts and no further (TraversalPlanIT checks
    // the operators). From several seeds (a family's versions) the depth is a minimum over the seeds, which takes
    // every node reached; then the first level is read first, in key order up to the cap, and when it alone fills
    // the cap it is the answer and the deeper search does not run. Of the three searches only those whose
    // condition holds read anything; the others return an empty list.
    // With a kind filter ($kinds, null for every kind) the search still walks through nodes of other kinds, and
    // the walk needs them (to count nodes visited, and to summarise chains through them), but only their key and
    // kind; the rows end after the one that holds the ($keptRows + 1)th node of the asked kinds, past which the
    // node cap has stopped the walk whatever the other direction found.
    private static final String PASS = """
            CALL (seeds) {
              WITH seeds WHERE size(seeds) = 1
              WITH seeds[0] AS s
              MATCH p = (s)%2$s[:%5$s*1..%4$d]%3$s(m:Node)
              WHERE all(r IN relationships(p) WHERE %6$s)
                AND all(x IN nodes(p) WHERE x.validFrom <= $asOf)
              WITH s, m, min(length(p)) AS depth
              WHERE m <> s
              ORDER BY depth, m.key
              LIMIT $limit
              RETURN collect({m: m, depth: depth}) AS fromRoot%1$s
            }
            CALL (seeds) {
              WITH seeds WHERE size(seeds) > 1
              UNWIND seeds AS s
              MATCH (s)%2$s[r:%5$s]%3$s(m:Node)
              WHERE %6$s AND m.validFrom <= $asOf AND NOT m IN seeds
              WITH DISTINCT m
              ORDER BY m.key
              LIMIT $limit
              RETURN collect(m) AS firstLevel%1$s
            }
            CALL (seeds, firstLevel%1$s) {
              WITH seeds WHERE size(seeds) > 1 AND size(firstLevel%1$s) < $limit
              UNWIND seeds AS s
              MATCH p = (s)%2$s[:%5$s*1..%4$d]%3$s(m:Node)
              WHERE all(r IN relationships(p) WHERE %6$s)
                AND all(x IN nodes(p) WHERE x.validFrom <= $asOf)
              WITH m, min(length(p)) AS depth
              WHERE NOT m IN seeds
              ORDER BY depth, m.key
              LIMIT $limit
              RETURN collect({m: m, depth: depth}) AS deeper%1$s
            }
            CALL (fromRoot%1$s, firstLevel%1$s, deeper%1$s) {
              WITH fromRoot%1$s + CASE WHEN size(firstLevel%1$s) < $limit THEN deeper%1$s
                                      ELSE [m IN firstLevel%1$s | {m: m, depth: 1}] END AS found
              WITH [x IN found | {m: x.m, depth: x.depth, kept: $kinds IS NULL OR x.m.kind IN $kinds}] AS rows
              WITH rows, [i IN range(0, size(rows) - 1) WHERE rows[i].kept] AS keptAt
              UNWIND rows[0..CASE WHEN size(keptAt) > $keptRows THEN keptAt[$keptRows] + 1 ELSE size(rows) END] AS row
              WITH row.m AS m, row.depth AS depth, row.kept AS kept
              RETURN collect({id: elementId(m), node: CASE WHEN kept THEN m %7$s ELSE m %8$s END, depth: depth})
                     AS reached%1$s%9$s
            }
            """;

    // %1$s to %6$s as in PASS; %7$s and %8$s: the variables at the dependent and the depended-on end.
    // The relations a lineage answer draws, read by the same query rather than a second round trip: from each node
    // this direction reached above the depth asked (and the seeds) to any node it reached. The walk keeps those
    // from its frontier to its nodes, which are among these: it can only cut the rows shorter, never longer.
    // The nodes are a list built once per direction, before the relations are read.
    private static final String RELATIONS = """
            CALL (seeds, walked%1$s) {
              WITH seeds + [w IN walked%1$s | w.m] AS inSet,
                   [s IN seeds | {m: s, depth: 0}] + walked%1$s AS starts
              UNWIND starts AS f
              WITH f.m AS n, inSet
              WHERE f.depth < %4$d
              MATCH (n)%2$s[r:%5$s]%3$s(x:Node)
              WHERE %6$s AND x IN inSet
              RETURN collect({rel: elementId(r), at: elementId(n), reaches: elementId(x), from: %7$s.key, type: type(r),
                              to: %8$s.key, validFrom: r.validFrom, validTo: r.validTo, recordedAt: r.recordedAt,
                              recordedBy: r.recordedBy}) AS relations%1$s
            }
            """;

    private static final String WALKED = ", collect({m: m, depth: depth}) AS walked%s";

    private static final String RETURN = """
            RETURN keyCanonical AS key, elementId(root) AS id, root %s AS node, root.retractedAt AS retractedAt,
                   versions%s
            """;

    private static final String REACHED = ",\n       reached%1$s AS %2$s";

    private static final String RELATED = ",\n       relations%1$s AS %2$sRelations";

    private TraversalQuery() {
    }

    /** The traversal for {@code direction} to {@code depth} (already checked against the configured maximum). */
    static String nodes(Direction direction, int depth) {
        return nodes(direction, depth, false);
    }

    /**
     * The traversal for {@code direction} to {@code depth}, with, when {@code relations}, the relations among the
     * nodes reached (per direction, as {@code upRelations} and {@code downRelations}), for a lineage answer.
     */
    static String nodes(Direction direction, int depth, boolean relations) {
        return nodes(direction, depth, relations, Aliases.NONE);
    }

    /**
     * As {@link #nodes(Direction, int, boolean)}, starting from the key that answers for {@code $key}: with
     * {@link Aliases#DATASET_SYMLINKS}, looked up among the aliases in the same query.
     */
    static String nodes(Direction direction, int depth, boolean relations, Aliases aliases) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth " + depth);
        }
        StringBuilder q = new StringBuilder(aliases.resolve("key")).append(ROOT.formatted(GraphNodes.PROJECTION));
        StringBuilder returned = new StringBuilder();
        if (direction != Direction.DOWNSTREAM) {
            q.append(PASS.formatted("Up", "-", "->", depth, TYPES, VALID, GraphNodes.PROJECTION, PASSED,
                    relations ? WALKED.formatted("Up") : ""));
            if (relations) {
                q.append(RELATIONS.formatted("Up", "-", "->", depth, TYPES, VALID, "n", "x"));
            }
            returned.append(REACHED.formatted("Up", "up"));
            returned.append(relations ? RELATED.formatted("Up", "up") : "");
        }
        if (direction != Direction.UPSTREAM) {
            q.append(PASS.formatted("Down", "<-", "-", depth, TYPES, VALID, GraphNodes.PROJECTION, PASSED,
                    relations ? WALKED.formatted("Down") : ""));
            if (relations) {
                q.append(RELATIONS.formatted("Down", "<-", "-", depth, TYPES, VALID, "x", "n"));
            }
            returned.append(REACHED.formatted("Down", "down"));
            returned.append(relations ? RELATED.formatted("Down", "down") : "");
        }
        return q.append(RETURN.formatted(GraphNodes.PROJECTION, returned)).toString();
    }
}
