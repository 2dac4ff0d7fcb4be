package io.pedigree.corrections;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditEvent;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.RelationType;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Takes back a node or a relation that was recorded in error. Nothing is deleted: what is retracted stops being
 * valid at the retraction instant and carries who retracted it and why, so answers as of now no longer show it,
 * answers as of an earlier instant still do, and the audit log says who and why. Retracting what a registered
 * model version or a deployment depends on is refused, naming them.
 */
public final class Retractions {

    // A node's validity has no end of its own; it ends through its retraction marker, and its relations end with
    // it so no traversal reaches it as of a later instant. The lock keeps concurrent writers of its relations out.
    private static final String RETRACT_NODE = """
            MATCH (n:Node {key: $key})
            SET n._lock = true REMOVE n._lock
            SET n.retractedAt = $now, n.retractedBy = $actor, n.retractionReason = $reason
            WITH n
            CALL (n) {
                MATCH (n)-[r]-(:Node)
                WHERE r.retractedAt IS NULL AND (r.validTo IS NULL OR r.validTo > $now)
                SET r.recordedValidTo = r.validTo, r.validTo = CASE WHEN r.validFrom > $now THEN r.validFrom ELSE $now END,
                    r.retractedAt = $now, r.retractedBy = $actor, r.retractionReason = $reason
                RETURN count(r) AS ended
            }
            RETURN ended
            """;

    private static final String NODE_STATE = """
            MATCH (n:Node {key: $key})
            RETURN n.retractedAt AS retractedAt, n.kind AS kind
            """;

    private static final String FIND_RELATION = """
            MATCH (a:Node {key: $from})-[r:%s]->(b:Node {key: $to})
            WHERE CASE WHEN $validFrom IS NULL THEN r.validTo IS NULL ELSE r.validFrom = $validFrom END
              AND r.retractedAt IS NULL
            SET a._lock = true REMOVE a._lock
            RETURN elementId(r) AS id, r.validFrom AS validFrom, r.validTo AS validTo
            """;

    // A relation that ended before the retraction keeps its end; one still valid ends now.
    private static final String RETRACT_RELATION = """
            MATCH ()-[r]->() WHERE elementId(r) = $id
            SET r.recordedValidTo = r.validTo,
                r.validTo = CASE WHEN r.validTo IS NOT NULL AND r.validTo <= $now THEN r.validTo
                                 WHEN r.validFrom > $now THEN r.validFrom ELSE $now END,
                r.retractedAt = $now, r.retractedBy = $actor, r.retractionReason = $reason
            """;

    private final Database db;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;

    public Retractions(Database db, AuditLog audit, Limits limits, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    /** Retracts the node {@code key}, and with it every relation it has that is still valid. */
    public Retraction retractNode(NodeKey key, String reason, String actor) {
        String why = reason(reason);
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        return db.write(tx -> {
            List<Record> state = tx.run(NODE_STATE, Map.of("key", key.toString())).list();
            if (state.isEmpty()) {
                throw new NotFound("key", "No node with key " + key);
            }
            if (!state.get(0).get("retractedAt").isNull()) {
                throw new Conflict(key + " was retracted already, at "
                        + state.get(0).get("retractedAt").asZonedDateTime().toInstant(), List.of());
            }
            refuseIfDepended(tx, key.toString(), key.toString());
            int ended = tx.run(RETRACT_NODE, Map.of("key", key.toString(), "now", now, "actor", actor,
                    "reason", why)).single().get("ended").asInt();
            ended += RetractedFields.retract(tx, key.toString(), now, actor, why);
            Map<String, Object> details = Map.of("retractedAt", now.toInstant().toString(), "relationsEnded", ended);
            AuditEvent e = audit.append(tx, actor, new AuditEntry("node.retract", key.toString(), List.of(), null,
                    null, why, details));
            return new Retraction(key.toString(), null, null, null, null, now.toInstant(), actor, why, ended,
                    e.seq());
        });
    }

    /**
     * Retracts the relation of {@code type} from {@code from} to {@code to} that became valid at {@code validFrom},
     * or, without it, the open one.
     */
    public Retraction retractRelation(NodeKey from, RelationType type, NodeKey to, Instant validFrom, String reason,
                                      String actor) {
        if (type == RelationType.VERSION_OF) {
            throw new InvalidInput("relation.type", "VERSION_OF is maintained by Pedigree; retract the version"
                    + " itself instead");
        }
        String why = reason(reason);
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        return db.write(tx -> {
            Map<String, Object> find = new HashMap<>();
            find.put("from", from.toString());
            find.put("to", to.toString());
            find.put("validFrom", validFrom == null ? null : validFrom.atZone(ZoneOffset.UTC));
            List<Record> found = tx.run(FIND_RELATION.formatted(type.name()), find).list();
            if (found.isEmpty()) {
                throw new NotFound("relation", "No " + (validFrom == null ? "open " : "") + type.name()
                        + " relation from " + from + " to " + to + (validFrom == null ? "" : " valid from "
                        + validFrom) + " that is not retracted already");
            }
            // The relation is part of the lineage of whatever depends on its dependent end.
            refuseIfDepended(tx, from.toString(), from + " -" + type.name() + "-> " + to);
            Record r = found.get(0);
            tx.run(RETRACT_RELATION, Map.of("id", r.get("id").asString(), "now", now, "actor", actor,
                    "reason", why)).consume();
            Instant start = r.get("validFrom").asZonedDateTime().toInstant();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("type", type.name());
            details.put("validFrom", start.toString());
            details.put("retractedAt", now.toInstant().toString());
            AuditEvent e = audit.append(tx, actor, new AuditEntry("relation.retract", from.toString(),
                    List.of(to.toString()), null, null, why, details));
            return new Retraction(null, from.toString(), type.name(), to.toString(), start, now.toInstant(), actor,
                    why, 1, e.seq());
        });
    }

    private void refuseIfDepended(TransactionContext tx, String key, String what) {
        List<Dependents.Dependent> dependents = Dependents.of(tx, key, limits.maxDepth());
        if (!dependents.isEmpty()) {
            throw new Conflict(what + " cannot be retracted: " + dependents.size() + " governed record(s) depend on"
                    + " it: " + dependents.stream().map(d -> d.kind() + " " + d.key())
                    .collect(Collectors.joining(", ")),
                    dependents.stream().map(Dependents.Dependent::asMap).toList());
        }
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A retraction needs a reason");
        }
        return reason.strip();
    }
}
