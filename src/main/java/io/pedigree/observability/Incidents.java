package io.pedigree.observability;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.ServingPeriod;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.registry.ModelName;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pedigree.observability.Triage.put;
import static io.pedigree.observability.Triage.s;
import static io.pedigree.observability.Triage.t;

/**
 * Production incidents: opened on a deployment, acknowledged and resolved. Each is an {@code incident:} node in the
 * lineage graph that {@code CONCERNS} its deployment and the version serving when it started, so impact from a
 * dataset or a version reaches it and lineage from it reaches the data and code behind that version.
 */
public final class Incidents {

    private static final String LIST = """
            MATCH (i:Node:Incident)
            WHERE ($status IS NULL OR i.`p.status` = $status)
              AND ($deployment IS NULL OR i.`p.deployment` = $deployment)
              AND ($severity IS NULL OR i.`p.severity` = $severity)
              AND ($version IS NULL OR i.`p.version` = $version)
              AND ($versionsOf IS NULL OR i.`p.version` STARTS WITH $versionsOf)
            RETURN i.key AS key, i.props AS props
            ORDER BY i.`p.startedAt` DESC, key
            LIMIT $limit
            """;

    private static final String READ = """
            MATCH (i:Node:Incident {key: $key})
            SET i._lock = true
            REMOVE i._lock
            RETURN i.key AS key, i.props AS props
            """;

    private final Database db;
    private final Deployments deployments;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;

    public Incidents(Database db, Deployments deployments, GraphWriter writer, AuditLog audit, Limits limits,
                     Clock clock) {
        this.db = db;
        this.deployments = deployments;
        this.writer = writer;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    /** Opens an incident on a deployment, attributed to the version serving at its start (default now). */
    public Incident open(String deploymentName, IncidentInput in, String actor) {
        Instant now = clock.instant();
        Instant start = in.start() == null ? now : in.start();
        if (start.isAfter(now)) {
            throw new InvalidInput("start", "start is not in the future");
        }
        NodeKey deployment = Deployments.key("name", deploymentName);
        // Periods before now never change again, so the attribution made here holds for good.
        List<ServingPeriod> periods = deployments.history(deploymentName);
        String version = new Attribution(periods).versionAt(start);
        String previous = previous(periods, version, start);
        String id = "inc-" + UUID.randomUUID().toString().substring(0, 13);
        NodeKey key = NodeKey.of(Kind.INCIDENT, id);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("deployment", deploymentName);
        put(props, "version", version);
        put(props, "previousVersion", previous);
        props.put("severity", in.severity());
        props.put("title", in.title());
        put(props, "description", in.description());
        if (!in.links().isEmpty()) {
            props.put("links", in.links());
        }
        props.put("status", "open");
        props.put("startedAt", start.toString());
        props.put("openedBy", actor);
        List<RelationInput> relations = new ArrayList<>();
        relations.add(new RelationInput(key, RelationType.CONCERNS, deployment, start, null, Properties.EMPTY));
        if (version != null) {
            relations.add(new RelationInput(key, RelationType.CONCERNS, NodeKey.parse("version", version), start,
                    null, Properties.EMPTY));
        }
        return db.write(tx -> {
            writer.writeIn(tx, new Batch(List.of(new NodeInput(key, Properties.of("", props, limits), null, start)),
                    relations), actor, i -> "");
            List<String> targets = new ArrayList<>(List.of(deployment.toString()));
            if (version != null) {
                targets.add(version);
            }
            audit.append(tx, actor, new AuditEntry("incident.open", key.toString(), targets, null,
                    Digest.of(props), in.title(), Map.of("severity", in.severity())));
            return incident(key.toString(), props);
        });
    }

    /** Marks an incident acknowledged; acknowledging twice or after resolution is a conflict. */
    public Incident acknowledge(String id, String comment, String actor) {
        return change(id, "acknowledged", comment, actor);
    }

    /** Resolves an incident, with what resolved it. */
    public Incident resolve(String id, String resolution, String actor) {
        if (resolution == null || resolution.isBlank()) {
            throw new InvalidInput("resolution", "resolution says what fixed it");
        }
        return change(id, "resolved", resolution, actor);
    }

    public Incident get(String id) {
        NodeKey key = key(id);
        return db.read(tx -> read(tx, key, false));
    }

    /** Incidents newest first, filtered by any of status, deployment, severity and version; at most {@code limit}. */
    public List<Incident> list(String status, String deploymentName, String severity, String version, int limit) {
        return list(status, deploymentName, severity, version, null, limit);
    }

    /** As {@link #list(String, String, String, String, int)}, also only those of versions of {@code model}. */
    public List<Incident> list(String status, String deploymentName, String severity, String version, String model,
                               int limit) {
        if (status != null && !List.of("open", "acknowledged", "resolved").contains(status)) {
            throw new InvalidInput("status", "status is open, acknowledged or resolved");
        }
        if (severity != null && !IncidentInput.SEVERITIES.contains(severity)) {
            throw new InvalidInput("severity", "severity is critical, high, medium or low");
        }
        if (deploymentName != null) {
            Deployments.key("deployment", deploymentName);
        }
        Map<String, Object> p = new HashMap<>();
        p.put("status", status);
        p.put("deployment", deploymentName);
        p.put("severity", severity);
        p.put("version", version);
        // Version keys of one model share the family key and an @ before the number.
        p.put("versionsOf", model == null ? null : ModelName.parse("model", model).key() + "@");
        p.put("limit", limit);
        return db.read(tx -> tx.run(LIST, p).list(r -> incident(r.get("key").asString(),
                Properties.fromJson(r.get("props").asString(null)).values())));
    }

    private Incident change(String id, String to, String text, String actor) {
        NodeKey key = key(id);
        return db.write(tx -> {
            Map<String, Object> props = new LinkedHashMap<>(props(tx, key, true));
            String before = Digest.of(props);
            Triage.move(key.toString(), props, to, text, actor, clock.instant());
            writer.writeIn(tx, new Batch(List.of(new NodeInput(key, Properties.of("", props, limits), null, null)),
                    List.of()), actor, i -> "");
            audit.append(tx, actor, new AuditEntry(to.equals("resolved") ? "incident.resolve" : "incident.acknowledge",
                    key.toString(), List.of(), before, Digest.of(props), text, Map.of("status", to)));
            return incident(key.toString(), props);
        });
    }

    private static Incident read(TransactionContext tx, NodeKey key, boolean lock) {
        return incident(key.toString(), props(tx, key, lock));
    }

    private static Map<String, Object> props(TransactionContext tx, NodeKey key, boolean lock) {
        var rows = tx.run(lock ? READ : "MATCH (i:Node:Incident {key: $key}) RETURN i.key AS key, i.props AS props",
                Map.of("key", key.toString())).list();
        if (rows.isEmpty()) {
            throw new NotFound("id", "No incident " + key.name());
        }
        return Properties.fromJson(rows.get(0).get("props").asString(null)).values();
    }

    private static NodeKey key(String id) {
        if (id == null || !id.matches("inc-[0-9a-f\\-]{1,40}")) {
            throw new NotFound("id", "No incident " + id);
        }
        return NodeKey.of(Kind.INCIDENT, id);
    }

    /** The version that served before {@code version} in the period holding {@code at}. */
    private static String previous(List<ServingPeriod> newestFirst, String version, Instant at) {
        boolean past = false;
        for (ServingPeriod p : newestFirst) {
            if (past && !p.version().equals(version)) {
                return p.version();
            }
            if (!p.validFrom().isAfter(at) && (p.validTo() == null || p.validTo().isAfter(at))) {
                past = true;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static Incident incident(String key, Map<String, Object> p) {
        return new Incident(NodeKey.parse("key", key).name(), key, s(p, "deployment"), s(p, "version"),
                s(p, "previousVersion"), s(p, "severity"), s(p, "title"), s(p, "description"),
                (List<String>) p.get("links"), s(p, "status"), t(p, "startedAt"), s(p, "openedBy"),
                t(p, "acknowledgedAt"), s(p, "acknowledgedBy"), t(p, "resolvedAt"), s(p, "resolvedBy"),
                s(p, "resolution"));
    }

}
