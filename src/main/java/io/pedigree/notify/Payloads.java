package io.pedigree.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.audit.AuditEvent;
import io.pedigree.error.PedigreeException;
import io.pedigree.governance.QuarantineImpact;
import io.pedigree.governance.Quarantines;
import io.pedigree.lineage.Impact;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeKey;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON body of each event, schema version 1 (docs/webhooks.md): the audit event it comes from, in stable
 * names, and for a quarantine the versions and production deployments it affects, with their owners, as the
 * graph stood when the quarantine was made.
 */
final class Payloads {

    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Quarantines quarantines;
    private final LineageService lineage;
    private final Limits limits;

    Payloads(Quarantines quarantines, LineageService lineage, Limits limits) {
        this.quarantines = quarantines;
        this.lineage = lineage;
        this.limits = limits;
    }

    String body(EventType type, AuditEvent e) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("schemaVersion", SCHEMA_VERSION);
        out.put("id", eventId(e));
        out.put("type", type.id());
        out.put("occurredAt", e.at().toString());
        out.put("actor", e.actor());
        out.put("action", e.action());
        out.put("subject", e.target());
        out.put("related", e.targets());
        out.put("reason", e.reason());
        out.put("details", e.details());
        out.put("auditSeq", e.seq());
        if (type == EventType.QUARANTINE_CREATED) {
            try {
                out.put("impact", impact(e));
            } catch (PedigreeException ex) {
                // A quarantine retracted or erased since: the event is still sent, saying why it has no impact,
                // rather than holding up every event after it.
                out.put("impact", Map.of("error", ex.getMessage()));
            }
        }
        try {
            return JSON.writeValueAsString(out);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("An audit event's details are JSON already", ex);
        }
    }

    /** The event's id: the same for every delivery and redelivery of it, so a receiver can drop repeats. */
    static String eventId(AuditEvent e) {
        return "evt-" + e.seq();
    }

    private Map<String, Object> impact(AuditEvent e) {
        Object id = e.details().get("quarantine");
        QuarantineImpact qi = quarantines.withImpact(String.valueOf(id));
        List<String> versions = qi.affectedVersions();
        List<Impact.AffectedDeployment> deployments = qi.affectedDeployments();
        if (qi.quarantine().field() == null) {
            // A node's impact as of the event, not as of whenever the outbox got to it.
            Impact asOf = lineage.impact(NodeKey.parse("key", qi.quarantine().key()), limits.maxDepth(), e.at());
            deployments = asOf.deployments();
        }
        List<Map<String, Object>> production = new ArrayList<>();
        for (Impact.AffectedDeployment d : deployments) {
            if ("production".equals(d.environment())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("deployment", d.deployment().key());
                m.put("environment", d.environment());
                m.put("serves", d.serves());
                m.put("owners", d.owners());
                production.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("quarantine", qi.quarantine().id());
        out.put("asset", qi.quarantine().field() == null ? qi.quarantine().key()
                : qi.quarantine().key() + "#" + qi.quarantine().field());
        out.put("affectedVersions", versions);
        out.put("productionDeployments", production);
        return out;
    }
}
