// Filtering the audit log by key: one AuditTarget node per key an event names, linked from each such event by
// CONCERNS, found by this unique index (a list property cannot be searched by an index).
CREATE CONSTRAINT audit_target_key IF NOT EXISTS FOR (t:AuditTarget) REQUIRE t.key IS UNIQUE;

// Events written before this schema get their links once, in bounded transactions; events that have any are
// skipped, so a start interrupted halfway finishes the job on the next start.
MATCH (e:AuditEvent) WHERE NOT EXISTS { (e)-[:CONCERNS]->() }
CALL (e) {
    UNWIND [k IN coalesce(e.targets, []) + CASE WHEN e.target IS NULL THEN [] ELSE [e.target] END] AS key
    WITH DISTINCT e, key
    MERGE (t:AuditTarget {key: key})
    CREATE (e)-[:CONCERNS]->(t)
} IN TRANSACTIONS OF 1000 ROWS;
