package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.Conflict;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes relations inside a transaction: creates what is new, closes open intervals re-sent with an end, and
 * refuses what contradicts the record. Relation types come only from the closed {@link RelationType} enum.
 */
final class RelationWriter {

    private static final int MAX_REPORTED_CONFLICTS = 20;

    // The lock write serializes concurrent writers of relations from one node, so two cannot both find
    // "no open relation" and both create one. The type comes from the closed RelationType enum as row.type: one
    // statement for every type, so a batch plans three queries however many types it holds.
    private static final String WRITE_RELATIONS = """
            UNWIND $rows AS row
            MATCH (a:Node {key: row.from})
            MATCH (b:Node {key: row.to})
            SET a._lock = true REMOVE a._lock
            WITH a, b, row
            WHERE NOT EXISTS {
                MATCH (a)-[r]->(b)
                WHERE type(r) = row.type
                  AND ((row.validFrom IS NULL AND r.validTo IS NULL) OR r.validFrom = row.validFrom)
            }
            CREATE (a)-[r:$(row.type)]->(b)
            SET r.validFrom = coalesce(row.validFrom, $now), r.validTo = row.validTo, r.props = row.props,
                r.recordedAt = $now, r.recordedBy = $actor
            RETURN count(*) AS created
            """;

    // What is recorded already for relations about to be written: the open one, or the one with the same start.
    private static final String RECORDED_RELATIONS = """
            UNWIND $rows AS row
            MATCH (a:Node {key: row.from})-[r]->(b:Node {key: row.to})
            WHERE type(r) = row.type
              AND ((row.validFrom IS NULL AND r.validTo IS NULL) OR r.validFrom = row.validFrom)
            RETURN row.from AS from, row.type AS type, row.to AS to, row.props AS props, row.validTo AS validTo,
                   coalesce(r.props, '{}') AS recordedProps, r.validTo AS recordedTo
            """;

    // Re-sending a recorded open interval with an end closes it: the way a feed reports "this has ended".
    private static final String CLOSE_RESENT = """
            UNWIND $rows AS row
            MATCH (a:Node {key: row.from})-[r]->(b:Node {key: row.to})
            WHERE type(r) = row.type AND r.validFrom = row.validFrom AND r.validTo IS NULL AND r.recordedAt <> $now
            SET r.validTo = row.validTo, r.closedBy = $actor, r.closedAt = $now
            RETURN count(r) AS closed
            """;

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

    WriteSummary.Counts write(TransactionContext tx, List<RelationInput> relations,
                                               ZonedDateTime now, String actor) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RelationInput r : relations) {
            Map<String, Object> row = new HashMap<>();
            row.put("from", r.from().toString());
            row.put("type", r.type().name());
            row.put("to", r.to().toString());
            row.put("validFrom", r.validFrom() == null ? null : r.validFrom().atZone(ZoneOffset.UTC));
            row.put("validTo", r.validTo() == null ? null : r.validTo().atZone(ZoneOffset.UTC));
            row.put("props", r.properties().toJson());
            rows.add(row);
        }
        // Writers lock the start nodes in one order, whatever the types, so concurrent batches do not deadlock.
        rows.sort(Comparator.comparing((Map<String, Object> row) -> (String) row.get("from"))
                .thenComparing(row -> (String) row.get("type")));
        checkRecorded(tx, rows);
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        for (List<Map<String, Object>> chunk : Chunks.of(rows, chunkSize)) {
            int c = tx.run(WRITE_RELATIONS, Map.of("rows", chunk, "now", now, "actor", actor)).single()
                    .get("created").asInt();
            created += c;
            unchanged += chunk.size() - c;
        }
        List<Map<String, Object>> ending = rows.stream().filter(r -> r.get("validTo") != null).toList();
        for (List<Map<String, Object>> chunk : Chunks.of(ending, chunkSize)) {
            int closed = tx.run(CLOSE_RESENT, Map.of("rows", chunk, "now", now, "actor", actor)).single()
                    .get("closed").asInt();
            updated += closed;
            unchanged -= closed;
        }
        return new WriteSummary.Counts(created, updated, unchanged);
    }

    /**
     * Refuses relations that contradict what is recorded: other properties on the same interval, or another end
     * for an interval that is closed already. Re-sending the same relation, or an end for an open one, is fine.
     */
    private void checkRecorded(TransactionContext tx, List<Map<String, Object>> rows) {
        List<Map<String, Object>> conflicts = new ArrayList<>();
        for (List<Map<String, Object>> chunk : Chunks.of(rows, chunkSize)) {
            for (Record r : tx.run(RECORDED_RELATIONS, Map.of("rows", chunk)).list()) {
                String relation = r.get("from").asString() + " -" + r.get("type").asString() + "-> "
                        + r.get("to").asString();
                Properties given = Properties.fromJson(r.get("props").asString("{}"));
                Properties recorded = Properties.fromJson(r.get("recordedProps").asString("{}"));
                if (!given.equals(recorded) && conflicts.size() < MAX_REPORTED_CONFLICTS) {
                    conflicts.add(Map.of("relation", relation, "differences", recorded.differences(given)));
                } else if (!r.get("recordedTo").isNull() && !r.get("validTo").isNull()
                        && !r.get("recordedTo").asZonedDateTime().toInstant()
                        .equals(r.get("validTo").asZonedDateTime().toInstant())
                        && conflicts.size() < MAX_REPORTED_CONFLICTS) {
                    conflicts.add(Map.of("relation", relation, "differences", List.of(Map.of("property", "validTo",
                            "recorded", r.get("recordedTo").asZonedDateTime().toInstant().toString(),
                            "given", r.get("validTo").asZonedDateTime().toInstant().toString()))));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new Conflict(conflicts.size() + " relation(s) already recorded otherwise, first "
                    + conflicts.get(0).get("relation") + "; nothing was written. Close the recorded relation and"
                    + " record a new interval to change it.", conflicts);
        }
    }
}
