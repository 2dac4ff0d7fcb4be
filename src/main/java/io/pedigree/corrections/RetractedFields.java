package io.pedigree.corrections;

import org.neo4j.driver.TransactionContext;

import java.time.ZonedDateTime;
import java.util.Map;

/**
 * Field-level lineage goes with a retracted node (docs/fields.md): a dataset family's fields are retracted with
 * their derivations (both ways), the features consuming them and a run's named features; a dataset version's
 * schema link ends; a model version's or run's features end. Answers as of a later instant no longer show them;
 * earlier ones still do.
 */
final class RetractedFields {

    // Fields belong to a family (Field.dataset is its key), so for a version or any other node the first part
    // matches nothing. Field relations are not between :Node nodes, so RETRACT_NODE leaves them to this.
    private static final String RETRACT = """
            MATCH (n:Node {key: $key})
            CALL (n) {
                MATCH (f:Field {dataset: n.key}) WHERE f.retractedAt IS NULL
                SET f.retractedAt = $now, f.retractedBy = $actor, f.retractionReason = $reason
                RETURN collect(f) AS fields
            }
            CALL (n, fields) {
                UNWIND [n] + fields AS x
                MATCH (x)-[r:DERIVES_FROM|CONSUMES|USED_FIELD|HAS_SCHEMA]-()
                WHERE r.retractedAt IS NULL AND (r.validTo IS NULL OR r.validTo > $now)
                WITH DISTINCT r
                SET r.recordedValidTo = r.validTo,
                    r.validTo = CASE WHEN r.validFrom > $now THEN r.validFrom ELSE $now END,
                    r.retractedAt = $now, r.retractedBy = $actor, r.retractionReason = $reason
                RETURN count(r) AS ended
            }
            RETURN size(fields) AS fields, ended
            """;

    private RetractedFields() {
    }

    /** Retracts the field-level lineage of the node {@code key}; answers how many relations ended. */
    static int retract(TransactionContext tx, String key, ZonedDateTime now, String actor, String reason) {
        return tx.run(RETRACT, Map.of("key", key, "now", now, "actor", actor, "reason", reason)).single()
                .get("ended").asInt();
    }
}
