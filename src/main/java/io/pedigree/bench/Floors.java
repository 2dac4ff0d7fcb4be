package io.pedigree.bench;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The floor each answer is measured against: one hand-written Cypher query over Bolt per answer, returning what the
 * answer holds, with none of the service's Java around it. Each method answers the answer's size, counted the way
 * the HTTP answer and the service count it, so the bench can check that all three agree.
 */
final class Floors {

    private static final String LINEAGE_TYPES = io.pedigree.lineage.RelationType.lineagePattern();
    private static final String VALID = "r.validFrom <= $asOf AND (r.validTo IS NULL OR r.validTo > $asOf)";

    // Reached nodes once each (DISTINCT end nodes lets the planner prune the variable-length expansion into a
    // breadth-first search), capped inside the query, then the relations among the nodes kept.
    private static final String LINEAGE = """
            MATCH (root:Node {key: $key})
            CALL (root) {
                MATCH (root)%s[rs:%s*1..%d]%s(m:Node)
                WHERE all(r IN rs WHERE %s) AND m.validFrom <= $asOf AND m <> root
                WITH DISTINCT m LIMIT $room
                RETURN collect(m) AS reached
            }
            WITH [root] + reached AS kept
            UNWIND kept AS n
            OPTIONAL MATCH (n)-[r:%s]->(x:Node) WHERE %s AND x IN kept
            RETURN n {.key, .kind, .namespace, .name, .version, .validFrom} AS node,
                   collect(r {from: n.key, type: type(r), to: x.key, .validFrom, .validTo, .recordedAt,
                              .recordedBy}) AS edges
            """;

    // Impact answers the first nodes by (depth, key), each with its depth, as the service does, and for the
    // deployments among them what they serve and who owns them. From one node, the minimum length per node of a
    // pruning search sorted by (depth, key) is planned as a stream (each level sorted by key as it ends), so the
    // search stops after the level the cap cuts.
    private static final String IMPACT = """
            MATCH (root:Node {key: $key})
            CALL (root) {
                MATCH p = (root)<-[:%1$s*1..%2$d]-(m:Node)
                WHERE all(r IN relationships(p) WHERE %3$s) AND all(x IN nodes(p) WHERE x.validFrom <= $asOf)
                WITH m, min(length(p)) AS depth
                WHERE m <> root
                ORDER BY depth, m.key
                LIMIT $room
                RETURN collect({m: m, depth: depth}) AS reached
            }
            UNWIND [{m: root, depth: 0}] + reached AS x
            WITH x.m AS n, x.depth AS depth
            OPTIONAL CALL (n) {
                WITH n WHERE n:Deployment
                OPTIONAL MATCH (n)-[s:SERVES]->(v:Node)
                WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR s.validTo > $asOf)
                WITH n, collect(v.key) AS serves
                OPTIONAL MATCH (n)-[o:OWNED_BY]->(owner:Person)
                WHERE o.validFrom <= $asOf AND (o.validTo IS NULL OR o.validTo > $asOf)
                RETURN serves, collect(owner.key) AS owners
            }
            RETURN n {.key, .kind, .namespace, .name, .version, .validFrom} AS node, depth, serves, owners
            """;

    private static final String PATHS = """
            MATCH (a:Node {key: $from}), (b:Node {key: $to})
            MATCH p = allShortestPaths((a)-[:%s*..%d]->(b))
            WHERE all(r IN relationships(p) WHERE %s)
            RETURN [n IN nodes(p) | n {.key, .kind, .namespace, .name, .version, .validFrom}] AS nodes,
                   [r IN relationships(p) | r {from: startNode(r).key, type: type(r), to: endNode(r).key, .validFrom,
                        .validTo, .recordedAt, .recordedBy}] AS edges
            LIMIT $limit
            """;

    // The taint of a version is also what a quarantined field taints (a version consuming it or a field derived
    // from it by values), so the floor answers both parts, as the service does.
    private static final String TAINT = """
            MATCH (q:Quarantine)-[:QUARANTINES]->(bad:Node)
            WHERE q.releasedAt IS NULL
            MATCH (v:Node {key: $key})
            MATCH p = shortestPath((v)-[:USED|WAS_GENERATED_BY|DERIVED_FROM|HAS_ARTIFACT|VERSION_OF*0..%1$d]->(bad))
            WHERE all(r IN relationships(p) WHERE r.validTo IS NULL OR r.validTo > $asOf)
            RETURN q.id AS id, bad.key AS asset, q.reason AS reason, [n IN nodes(p) | n.key] AS path
            ORDER BY length(p), id
            UNION ALL
            MATCH (q:Quarantine)-[:QUARANTINES]->(bad:Field)
            WHERE q.releasedAt IS NULL
            MATCH (v:Node {key: $key})-[c:CONSUMES]->(f:Field)
            WHERE c.validTo IS NULL
            MATCH p = shortestPath((f)-[:DERIVES_FROM*0..%1$d]->(bad))
            WHERE all(r IN relationships(p) WHERE r.type <> 'INDIRECT' AND r.validTo IS NULL)
            RETURN q.id AS id, bad.key AS asset, q.reason AS reason, [v.key] + [n IN nodes(p) | n.key] AS path
            ORDER BY length(p), id
            """;

    // The versions that served before the current one, newest first, each with whether quarantined data lies
    // upstream: the part of a rollback plan that walks the graph (the service also checks each version's gates).
    private static final String ROLLBACK = """
            MATCH (:Node:Deployment {key: $key})-[s:SERVES]->(v:Node)
            WITH v, s ORDER BY s.validFrom DESC
            WITH collect({v: v, s: s}) AS periods
            WITH periods, [p IN periods WHERE p.s.validFrom <= $asOf AND (p.s.validTo IS NULL OR p.s.validTo > $asOf)][0]
                 AS current
            UNWIND periods AS p
            WITH p, current
            WHERE p.s.validTo IS NOT NULL AND p.v <> current.v AND p.s.validFrom <= current.s.validFrom
            WITH p.v AS v, max(p.s.validFrom) AS latest
            OPTIONAL CALL (v) {
                MATCH (q:Quarantine)-[:QUARANTINES]->(bad:Node) WHERE q.releasedAt IS NULL
                MATCH t = shortestPath((v)-[:USED|WAS_GENERATED_BY|DERIVED_FROM|HAS_ARTIFACT|VERSION_OF*0..%d]->(bad))
                WHERE all(r IN relationships(t) WHERE r.validTo IS NULL OR r.validTo > $asOf)
                RETURN count(t) > 0 AS tainted
            }
            RETURN v.key AS version, latest, tainted
            ORDER BY latest DESC
            """;

    private static final String NODE = """
            MATCH (n:Node {key: $key})
            RETURN n {.key, .kind, .namespace, .name, .version, .validFrom} AS node
            """;

    private final Driver driver;
    private final int maxDepth;
    private final int maxNodes;

    Floors(Driver driver, int maxDepth, int maxNodes) {
        this.driver = driver;
        this.maxDepth = maxDepth;
        this.maxNodes = maxNodes;
    }

    /** Lineage one way ({@code upstream} or downstream): the root and the nodes reached, as one answer. */
    int lineage(String key, boolean upstream, int depth, Instant asOf) {
        String query = LINEAGE.formatted(upstream ? "-" : "<-", LINEAGE_TYPES, depth, upstream ? "->" : "-", VALID,
                LINEAGE_TYPES, VALID);
        return read(query, Map.of("key", key, "asOf", utc(asOf), "room", maxNodes - 1)).size();
    }

    /** Impact counts the root too, as the bench counts the service's {@code total + 1}. */
    int impact(String key, Instant asOf) {
        return read(IMPACT.formatted(LINEAGE_TYPES, maxDepth, VALID),
                Map.of("key", key, "asOf", utc(asOf), "room", maxNodes - 1)).size();
    }

    int paths(String from, String to, int limit, Instant asOf) {
        return read(PATHS.formatted(LINEAGE_TYPES, maxDepth, VALID),
                Map.of("from", from, "to", to, "limit", limit, "asOf", utc(asOf))).size();
    }

    int taint(String key, Instant now) {
        return read(TAINT.formatted(maxDepth), Map.of("key", key, "asOf", utc(now))).size();
    }

    int rollbackCandidates(String deployment, Instant now) {
        return read(ROLLBACK.formatted(maxDepth), Map.of("key", deployment, "asOf", utc(now))).size();
    }

    /** A key that does not exist: the lookup that finds nothing. */
    int node(String key) {
        return read(NODE, Map.of("key", key)).size();
    }

    private List<Record> read(String query, Map<String, Object> params) {
        try (Session s = driver.session(SessionConfig.builder().build())) {
            return s.executeRead(tx -> tx.run(query, params).list());
        }
    }

    private static Object utc(Instant at) {
        return at.atZone(ZoneOffset.UTC);
    }
}
