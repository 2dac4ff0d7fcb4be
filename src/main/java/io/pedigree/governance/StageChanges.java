package io.pedigree.governance;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.Digest;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.Stage;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets a version's stage inside a transaction and records the transition; answers the audit event for the caller
 * to append last, after every lock its transaction takes.
 */
final class StageChanges {

    private static final String SET_STAGE = """
            MATCH (s:ModelVersion {key: $key})
            SET s.stage = $to, s.stageChangedAt = $now
            CREATE (t:Transition {from: $from, to: $to, reason: $reason, at: $now, by: $actor, override: $override,
                                  unmetGates: $unmet})
            CREATE (t)-[:OF]->(s)
            """;

    private final Clock clock;

    StageChanges(Clock clock) {
        this.clock = clock;
    }

    AuditEntry set(TransactionContext tx, ModelVersion version, Stage to, String reason, boolean override,
             List<Gate> unmet, String actor) {
        Map<String, Object> p = new HashMap<>();
        p.put("key", version.key());
        p.put("from", version.stage().id());
        p.put("to", to.id());
        p.put("reason", reason);
        p.put("override", override);
        p.put("unmet", unmet.stream().map(g -> g.gate() + ": " + g.detail()).toList());
        p.put("now", clock.instant().atZone(ZoneOffset.UTC));
        p.put("actor", actor);
        tx.run(SET_STAGE, p).consume();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", version.stage().id());
        details.put("to", to.id());
        if (override) {
            details.put("override", true);
            details.put("unmetGates", p.get("unmet"));
        }
        return (new AuditEntry(override ? "version.override" : "version.transition", version.key(),
                List.of(), Digest.of(Map.of("stage", version.stage().id())), Digest.of(Map.of("stage", to.id())),
                reason, details));
    }
}
