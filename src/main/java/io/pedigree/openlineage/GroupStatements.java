package io.pedigree.openlineage;

import io.pedigree.lineage.Kind;

/**
 * The two statements a group of run events is applied with: one stores the events and locks and reads what the
 * group folds into, the other writes everything the fold decided. Each part is a subquery over one list
 * parameter, so an empty list costs nothing and the number of round trips does not grow with the group.
 * Labels and relation types are fixed names from this class and the {@link Kind} enum, never from input.
 *
 * <p>Both say {@code replan=skip}: on a growing store Neo4j found their plans stale every few seconds and
 * planned them again (one to four seconds each on a loaded machine, while the writer and every client waited),
 * for the same plan, as they only seek by unique key. {@code GroupStatementsIT} checks that a plan made on an
 * empty store seeks rather than scans, so keeping it is safe.
 */
final class GroupStatements {

    /** Stores the events, then locks and reads the runs, jobs and datasets they name, their versions and edges. */
    static final String READ = """
            CYPHER replan=skip
            CALL () {
                UNWIND $events AS row
                MERGE (e:OlEvent {digest: row.digest})
                ON CREATE SET e += row.fields, e._created = true
                WITH e, coalesce(e._created, false) AS created
                REMOVE e._created
                RETURN collect(CASE WHEN created THEN e.digest END) AS created
            }
            CALL () {
            %1$s
                RETURN collect({key: row.key, summary: n.olSummary, facets: n.olFacets}) AS runs
            }
            CALL () {
            %2$s
                RETURN collect({key: row.key, facets: n.olFacets}) AS datasets
            }
            CALL () {
                UNWIND $families AS family
                MATCH (v:Node)-[:VERSION_OF]->(:Node {key: family}) WHERE v.olPlaceholder IS NULL
                RETURN collect({family: family, key: v.key, validFrom: v.validFrom}) AS versions
            }
            CALL () {
                UNWIND $runKeys AS key
                MATCH (run:Node {key: key})
                CALL (run) {
                    MATCH (run)-[:USED {ol: true}]->(v:Node)-[:VERSION_OF]->(f:Node:Dataset)
                    RETURN v.key AS version, f.key AS family, false AS output
                    UNION
                    MATCH (v:Node)-[:WAS_GENERATED_BY {ol: true}]->(run)
                    MATCH (v)-[:VERSION_OF]->(f:Node:Dataset)
                    RETURN v.key AS version, f.key AS family, true AS output
                }
                RETURN collect({run: key, version: version, family: family, output: output}) AS edges
            }
            RETURN created, runs, datasets, versions, edges
            """.formatted(ensure(Kind.RUN, "runs"), ensure(Kind.DATASET, "datasets"));

    private static final String LINK = """
            CALL () {
                UNWIND $%1$s AS row
                MATCH (a:Node {key: row.from})
                MATCH (b:Node {key: row.to})
                MERGE (a)-[r:%2$s {ol: true}]->(b)
                ON CREATE SET r.recordedAt = $now, r.recordedBy = $actor, r.validFrom = row.t
                SET r.validFrom = CASE WHEN row.t < r.validFrom THEN row.t ELSE r.validFrom END,
                    r.props = row.props, r.olFacets = row.facets, r.olByTime = row.byTime
            }
            """;

    /**
     * Writes the plan: nodes by kind, version marks (with the first schema reported, as a property), unlinks,
     * links by type, properties, job marks, placeholders left unused; answers the retracted keys the group
     * touched, so the caller can refuse it whole.
     */
    static final String WRITE = """
            CYPHER replan=skip
            CALL () {
            %1$s
                RETURN count(*) AS runsEnsured
            }
            CALL () {
            %2$s
                RETURN count(*) AS datasetsEnsured
            }
            CALL () {
            %3$s
                RETURN count(*) AS commitsEnsured
            }
            CALL () {
            %4$s
                RETURN count(*) AS peopleEnsured
            }
            CALL () {
                UNWIND $marks AS row
                MATCH (v:Node {key: row.key})
                WITH v, row, v.olSchemaJson IS NULL AND row.schema IS NOT NULL AND coalesce(v.olCreated, false)
                    AS needsSchema
                SET v.olSchema = coalesce(v.olSchema, row.schema), v.olPlaceholder = row.placeholder
                FOREACH (_ IN CASE WHEN needsSchema AND row.set IS NOT NULL THEN [1] ELSE [] END |
                    SET v += row.set.fields, v.props = row.set.props, v.contentHash = row.set.hash,
                        v.updatedAt = $now, v.updatedBy = $actor)
            }
            CALL () {
                UNWIND $unlinks AS row
                OPTIONAL MATCH (:Node {key: row.run})-[u:USED {ol: true}]->(:Node {key: row.version})
                WHERE NOT row.output
                OPTIONAL MATCH (:Node {key: row.version})-[g:WAS_GENERATED_BY {ol: true}]->(:Node {key: row.run})
                WHERE row.output
                DELETE u, g
            }
            %5$s%6$s%7$s
            CALL () {
                UNWIND $properties AS row
                MATCH (n:Node {key: row.key})
                SET n += row.fields, n.props = row.props, n.contentHash = row.hash, n.updatedAt = $now,
                    n.updatedBy = $actor
            }
            CALL () {
                UNWIND $jobs AS key
                MATCH (f:Node {key: key}) WHERE f.olJob IS NULL
                SET f.olJob = true
            }
            CALL () {
                UNWIND $orphans AS key
                MATCH (v:Node {key: key}) WHERE v.olCreated AND v.olPlaceholder
                  AND NOT EXISTS { (v)-[x]-() WHERE type(x) <> 'VERSION_OF' }
                DETACH DELETE v
            }
            CALL () {
                UNWIND $touched AS key
                MATCH (n:Node {key: key}) WHERE n.retractedAt IS NOT NULL
                RETURN collect(n.key) AS retracted
            }
            RETURN retracted
            """.formatted(ensure(Kind.RUN, "runs"), ensure(Kind.DATASET, "datasets"),
            ensure(Kind.COMMIT, "commits"), ensure(Kind.PERSON, "people"), LINK.formatted("used", "USED"),
            LINK.formatted("generated", "WAS_GENERATED_BY"), LINK.formatted("owned", "OWNED_BY"));

    private GroupStatements() {
    }

    private static String ensure(Kind kind, String parameter) {
        return Nodes.ENSURE_ROWS.formatted(kind.label(), parameter).indent(4).stripTrailing();
    }
}
