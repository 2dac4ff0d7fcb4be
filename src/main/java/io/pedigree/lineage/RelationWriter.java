package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.Conflict;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.neo4j.driver.TransactionContext;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes relations inside a transaction: creates what is new, closes open intervals re-sent with an end, and
 * refuses what contradicts the record. Relation types come only from the closed {@link RelationType} enum.
 */
final class RelationWriter {

    private static final int MAX_REPORTED_CONFLICTS = 20;

    // One statement per chunk for every relation type, rows sorted and grouped by source. Each source is found
    // and locked once, in one order (sorted keys) whatever the types, so concurrent batches do not deadlock; the
    // lock write serializes concurrent writers of relations from one node, so two cannot both find "no open
    // relation" and both create one. A relation is created unless the same interval (or, without validFrom, an
    // open one) is recorded; the recorded ones come back to be compared, and a recorded open interval re-sent
    // with an end is closed (the way a feed reports "this has ended"). One created earlier in this batch (mine)
    // is left alone. An end that is not recorded, or retracted, drops its rows: the caller sees fewer rows
    // written and recorded than sent, and words the error from its own read of the ends. The type is
    // row.type, a RelationType name set here from the closed enum, never input. The recorded relation is looked
    // for with a pattern comprehension between the two ends found, which Neo4j expands from one end to the other;
    // as an OPTIONAL MATCH without a literal type it was planned as a scan of every relationship per row.
    static final String WRITE = """
            CYPHER replan=skip
            UNWIND $groups AS g
            MATCH (a:Node {key: g.from})
            WHERE a.retractedAt IS NULL
            SET a._lock = true
            REMOVE a._lock
            WITH a, g
            UNWIND g.rows AS row
            MATCH (b:Node {key: row.to})
            WHERE b.retractedAt IS NULL
            WITH g, a, b, row, [(a)-[x]->(b) WHERE type(x) = row.type
                  AND ((row.validFrom IS NULL AND x.validTo IS NULL) OR x.validFrom = row.validFrom) | x][0] AS r
            FOREACH (_ IN CASE WHEN r IS NULL THEN [1] ELSE [] END |
                CREATE (a)-[n:$(row.type)]->(b)
                SET n.validFrom = coalesce(row.validFrom, $now), n.validTo = row.validTo, n.props = row.props,
                    n.recordedAt = $now, n.recordedBy = $actor)
            WITH g, row, r WHERE r IS NOT NULL
            WITH g, row, r, r.recordedAt = $now AS mine, coalesce(r.props, '{}') AS recordedProps,
                 r.validTo AS recordedTo
            FOREACH (_ IN CASE WHEN NOT mine AND recordedTo IS NULL AND row.validTo IS NOT NULL THEN [1] ELSE [] END |
                SET r.validTo = row.validTo, r.closedBy = $actor, r.closedAt = $now)
            RETURN g.from AS from, row.type AS type, row.to AS to, row.props AS props, row.validTo AS validTo, mine,
                   recordedProps, recordedTo
            """;

    /** Relations whose ends were not all recorded and unretracted when written; nothing of them was written. */
    static final class EndsMissing extends RuntimeException {
        EndsMissing() {
            super(null, null, false, false);
        }
    }

    private static final String CLOSE_RELATION = """
            MATCH (a:Node {key: $from})-[r:%s]->(b:Node {key: $to})
            WHERE r.validTo IS NULL
            SET a._lock = true REMOVE a._lock
            SET r.validTo = $at, r.closedBy = $actor, r.closedAt = $now
            RETURN r.validFrom AS validFrom
            """;

    private static final String CLOSE_OPEN_FROM = """
            MATCH (a:Node {key: $from})-[r:%s]->(b:Node)
            WHERE r.validTo IS NULL
            SET r.validTo = $at, r.closedBy = $actor, r.closedAt = $now
            RETURN b.key AS to
            """;

    private final int chunkSize;

    RelationWriter(int chunkSize) {
        this.chunkSize = chunkSize;
    }

    /** Ends the open relations of {@code type} from {@code from}, answering the keys they pointed to. */
    List<String> closeOpenFrom(TransactionContext tx, NodeKey from, RelationType type, ZonedDateTime at,
                               ZonedDateTime now, String actor) {
        return tx.run(CLOSE_OPEN_FROM.formatted(type.name()), Map.of("from", from.toString(), "at", at,
                "actor", actor, "now", now)).list(r -> r.get("to").asString());
    }

    /** Ends the open relation from {@code from} to {@code to}, answering the starts of what it closed. */
    List<Record> close(TransactionContext tx, NodeKey from, RelationType type, NodeKey to, ZonedDateTime at,
                       ZonedDateTime now, String actor) {
        return tx.run(CLOSE_RELATION.formatted(type.name()), Map.of("from", from.toString(), "to", to.toString(),
                "at", at, "actor", actor, "now", now)).list();
    }

    /**
     * Writes {@code relations}; throws {@link EndsMissing} when an end is not recorded or is retracted (the caller
     * then reads the ends to say which), before any conflict with what is recorded is reported.
     */
    WriteSummary.Counts write(TransactionContext tx, List<RelationInput> relations, ZonedDateTime now, String actor) {
        // The same relation twice in a batch is written once; the repeats are unchanged.
        Map<List<Object>, Map<String, Object>> distinct = new LinkedHashMap<>();
        for (RelationInput r : relations) {
            Map<String, Object> row = new HashMap<>();
            row.put("from", r.from().toString());
            row.put("type", r.type().name());
            row.put("to", r.to().toString());
            row.put("validFrom", r.validFrom() == null ? null : r.validFrom().atZone(ZoneOffset.UTC));
            row.put("validTo", r.validTo() == null ? null : r.validTo().atZone(ZoneOffset.UTC));
            row.put("props", r.properties().toJson());
            List<Object> identity = Arrays.asList(r.from().toString(), r.type(), r.to().toString(), r.validFrom(),
                    r.validTo(), row.get("props"));
            distinct.putIfAbsent(identity, row);
        }
        List<Map<String, Object>> rows = new ArrayList<>(distinct.values());
        rows.sort(Comparator.comparing((Map<String, Object> row) -> (String) row.get("from"))
                .thenComparing(row -> (String) row.get("type")));
        int created = 0;
        int updated = 0;
        int unchanged = relations.size() - distinct.size();
        boolean missing = false;
        // Reported by type in the enum's order, then by source, as when each type had its statements.
        Map<RelationType, List<Map<String, Object>>> conflictsByType = new EnumMap<>(RelationType.class);
        for (List<Map<String, Object>> chunk : Chunks.of(rows, chunkSize)) {
            Result result = tx.run(WRITE, Map.of("groups", bySource(chunk), "now", now, "actor", actor));
            List<Record> recorded = result.list();
            int made = result.consume().counters().relationshipsCreated();
            created += made;
            missing |= made + recorded.size() < chunk.size();
            for (Record r : recorded) {
                RelationType type = RelationType.valueOf(r.get("type").asString());
                if (r.get("mine").asBoolean()) {
                    unchanged++;
                } else if (!conflict(r, type, conflictsByType.computeIfAbsent(type, t -> new ArrayList<>()))
                        && r.get("recordedTo").isNull()
                        && !r.get("validTo").isNull()) {
                    updated++;
                } else {
                    unchanged++;
                }
            }
        }
        if (missing) {
            throw new EndsMissing();
        }
        List<Map<String, Object>> conflicts = new ArrayList<>();
        conflictsByType.values().forEach(conflicts::addAll);
        if (!conflicts.isEmpty()) {
            throw new Conflict(conflicts.size() + " relation(s) already recorded otherwise, first "
                    + conflicts.get(0).get("relation") + "; nothing was written. Close the recorded relation and"
                    + " record a new interval to change it.",
                    conflicts.subList(0, Math.min(conflicts.size(), MAX_REPORTED_CONFLICTS)));
        }
        return new WriteSummary.Counts(created, updated, unchanged);
    }

    /** Consecutive rows of one source as one group: the statement finds each source once. */
    private static List<Map<String, Object>> bySource(List<Map<String, Object>> rows) {
        List<Map<String, Object>> groups = new ArrayList<>();
        List<Map<String, Object>> current = null;
        Object from = null;
        for (Map<String, Object> row : rows) {
            if (current == null || !row.get("from").equals(from)) {
                from = row.get("from");
                current = new ArrayList<>();
                groups.add(Map.of("from", from, "rows", current));
            }
            current.add(row);
        }
        return groups;
    }

    /**
     * Whether a recorded relation contradicts what was sent: other properties on the same interval, or another
     * end for an interval that is closed already (re-sending the same relation, or an end for an open one, is
     * fine); a contradiction is added to {@code conflicts}.
     */
    private static boolean conflict(Record r, RelationType type, List<Map<String, Object>> conflicts) {
        String relation = r.get("from").asString() + " -" + type.name() + "-> " + r.get("to").asString();
        String givenJson = r.get("props").asString("{}");
        String recordedJson = r.get("recordedProps").asString("{}");
        if (!givenJson.equals(recordedJson)) {
            Properties given = Properties.fromJson(givenJson);
            Properties recorded = Properties.fromJson(recordedJson);
            if (!given.equals(recorded)) {
                conflicts.add(Map.of("relation", relation, "differences", recorded.differences(given)));
                return true;
            }
        }
        if (!r.get("recordedTo").isNull() && !r.get("validTo").isNull()
                && !r.get("recordedTo").asZonedDateTime().toInstant()
                .equals(r.get("validTo").asZonedDateTime().toInstant())) {
            conflicts.add(Map.of("relation", relation, "differences", List.of(Map.of("property", "validTo",
                    "recorded", r.get("recordedTo").asZonedDateTime().toInstant().toString(),
                    "given", r.get("validTo").asZonedDateTime().toInstant().toString()))));
            return true;
        }
        return false;
    }
}
