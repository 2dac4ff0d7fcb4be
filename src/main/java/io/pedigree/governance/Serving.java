package io.pedigree.governance;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.Environments;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Switches what a deployment serves: directly, on promotion to production, or for a rollback. The open period
 * closes and a new one opens at the same instant, under the deployment's lock.
 */
public final class Serving {

    private static final String LOCK = """
            MATCH (d:Node:Deployment {key: $key})
            SET d._lock = true
            REMOVE d._lock
            RETURN d.`p.environment` AS environment
            """;

    private static final String SERVED_BY = """
            MATCH (d:Node:Deployment)-[r:SERVES]->(:Node {key: $key})
            WHERE r.validTo IS NULL
            RETURN d.key AS key, d.`p.environment` AS environment
            ORDER BY key
            """;

    private final Database db;
    private final Registry registry;
    private final Deployments deployments;
    private final Quarantines quarantines;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Clock clock;

    public Serving(Database db, Registry registry, Deployments deployments, Quarantines quarantines,
                   GraphWriter writer, AuditLog audit, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.deployments = deployments;
        this.quarantines = quarantines;
        this.writer = writer;
        this.audit = audit;
        this.clock = clock;
    }

    /** Points a deployment at a version, checked as a rollback would be; the reason is required. */
    public Deployment serve(String name, NodeKey versionKey, String reason, String actor) {
        requireReason(reason);
        if (versionKey.kind() != Kind.MODEL || !versionKey.isVersion()) {
            throw new InvalidInput("version", "version names a model version, like model:fraud-detector@3");
        }
        db.write(tx -> {
            Deployments.requireDeployment(tx, name);
            // The model's lock first, in the order promotions take them: an archive or delete of the version is
            // then wholly before this switch (which finds it archived) or after it (and sees it serving).
            if (!registry.tryLock(tx, new ModelName(versionKey.name()))) {
                throw new InvalidInput("version", versionKey + " is not a registered model version");
            }
            String environment = lock(tx, "name", name);
            // Read under the deployment's lock: the stage may change until it is held.
            ModelVersion version = registry.readVersion(tx, versionKey).orElseThrow(() -> new InvalidInput("version",
                    versionKey + " is not a registered model version"));
            if (version.stage() == Stage.ARCHIVED) {
                throw new Conflict(version.key() + " is archived and cannot serve", List.of());
            }
            if (Environments.isProduction(environment) && version.stage() != Stage.PRODUCTION) {
                throw new Conflict(name + " is a production deployment; " + version.key() + " is in "
                        + version.stage().id() + ". Promote it first (or roll back, which checks its gates)",
                        List.of());
            }
            List<Taint> taint = quarantines.taint(tx, version.key());
            if (!taint.isEmpty()) {
                throw new Conflict(version.key() + " has a quarantined asset upstream: " + taint.get(0).asset(),
                        List.of());
            }
            audit.append(tx, actor, switchTo(tx, "name", name, version, reason, actor));
            return null;
        });
        return deployments.get(name, null);
    }

    /**
     * Switches what a deployment serves inside the caller's transaction: the open period closes now and a new one
     * opens at the same instant. Answers the audit event, for the caller to append last.
     */
    AuditEntry switchTo(TransactionContext tx, String field, String name, ModelVersion version, String reason,
                        String actor) {
        NodeKey key = Deployments.key(field, name);
        lock(tx, field, name);
        ZonedDateTime now = clock.instant().atZone(ZoneOffset.UTC);
        NodeKey versionKey = NodeKey.parse("version", version.key());
        List<String> before = writer.closeOpenIn(tx, key, RelationType.SERVES, now, actor);
        writer.writeIn(tx, new Batch(List.of(), List.of(new RelationInput(key, RelationType.SERVES, versionKey,
                now.toInstant(), null, Properties.EMPTY))), actor, i -> field + ".");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("from", before.isEmpty() ? null : before.get(0));
        details.put("to", version.key());
        List<String> targets = new ArrayList<>(before);
        targets.add(version.key());
        return new AuditEntry("deployment.serve", key.toString(), targets,
                Digest.of(before.isEmpty() ? null : Map.of("serves", before.get(0))),
                Digest.of(Map.of("serves", version.key())), reason, nonNull(details));
    }

    /** The names of the production deployments serving {@code versionKey} now. */
    List<String> productionServing(TransactionContext tx, String versionKey) {
        List<String> out = new ArrayList<>();
        for (Record r : tx.run(SERVED_BY, Map.of("key", versionKey)).list()) {
            Value env = r.get("environment");
            if (Environments.isProduction(env.isNull() ? null : env.asObject())) {
                out.add(NodeKey.parse("key", r.get("key").asString()).name());
            }
        }
        return out;
    }

    /** Takes the deployment's lock and answers its environment. */
    String lock(TransactionContext tx, String field, String name) {
        NodeKey key = Deployments.key(field, name);
        List<Record> rows = tx.run(LOCK, Map.of("key", key.toString())).list();
        if (rows.isEmpty()) {
            throw new InvalidInput(field, "No deployment named " + name + "; record it first");
        }
        return rows.get(0).get("environment").isNull() ? null : String.valueOf(rows.get(0).get("environment")
                .asObject());
    }

    static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A reason is required");
        }
    }

    private static Map<String, Object> nonNull(Map<String, Object> m) {
        Map<String, Object> out = new HashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }
}
