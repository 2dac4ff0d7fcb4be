package io.pedigree.registry;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes a registered model the way Pedigree deletes anything: it is retired, not destroyed. The model and its
 * versions leave the registry's reads (and MLflow's), while their lineage nodes, approvals, evaluations, serving
 * history and audit events stay, so evidence and lineage as of any moment still show them.
 */
final class ModelRetirements {

    // What a delete would silently drop: a deployment served by a version, or a governed alias on one.
    private static final String IN_USE = """
            MATCH (m:RegisteredModel {name: $name})-[:HAS_VERSION]->(s:ModelVersion)-[:FOR]->(v:Node)
            WHERE s.retiredAt IS NULL AND ($number IS NULL OR s.number = $number)
            OPTIONAL MATCH (d:Node:Deployment)-[r:SERVES]->(v) WHERE r.validTo IS NULL
            WITH s, collect(d.key) AS deployments
            WHERE size(deployments) > 0 OR ($number IS NULL AND s.stage = 'production')
            RETURN s.key AS version, s.stage AS stage, deployments
            ORDER BY version
            """;

    private static final String RETIRE = """
            MATCH (m:RegisteredModel {name: $name})
            SET m.retiredAt = $now, m.retiredBy = $actor
            WITH m
            CALL (m) {
                MATCH (m)-[:HAS_VERSION]->(s:ModelVersion) WHERE s.retiredAt IS NULL
                SET s.retiredAt = $now, s.retiredBy = $actor
                RETURN collect(s.number) AS versions
            }
            CALL () {
                OPTIONAL MATCH (a:Alias {model: $name})
                WITH a, a.name AS alias, a.number AS number
                DELETE a
                RETURN collect(CASE WHEN alias IS NULL THEN null ELSE alias + '=' + number END) AS aliases
            }
            RETURN versions, aliases
            """;

    // A delete of the model by this actor since $since: what a client's retry of it finds.
    private static final String DELETED_ALREADY = """
            MATCH (m:RegisteredModel {name: $name})
            WHERE m.retiredAt >= $since AND m.retiredBy = $actor
            RETURN count(m) > 0 AS repeat
            """;

    private final Database db;
    private final Registry registry;
    private final AuditLog audit;
    private final Clock clock;

    ModelRetirements(Database db, Registry registry, AuditLog audit, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Refuses deleting version {@code number} (MLflow's model-versions/delete) while it serves a deployment or holds
     * a governed alias, the same rule a model's delete follows. Checked in the caller's transaction, which holds the
     * model's lock and archives the version in it, so a deploy or alias move cannot slip in between.
     */
    void requireVersionDeletable(TransactionContext tx, ModelName name, int number) {
        List<String> refusals = refusals(tx, name, number);
        if (!refusals.isEmpty()) {
            throw new Conflict("Version " + number + " of " + name + " cannot be deleted while "
                    + String.join("; ", refusals), List.of());
        }
    }

    private static boolean deletedAlready(TransactionContext tx, ModelName name, String actor, Instant since) {
        return since != null && tx.run(DELETED_ALREADY, Map.of("name", name.value(), "actor", actor, "since",
                since.atZone(ZoneOffset.UTC))).single().get("repeat").asBoolean();
    }

    /** What keeps the model (or its version {@code number}) from being deleted, one phrase each. */
    private List<String> refusals(TransactionContext tx, ModelName name, Integer number) {
        RegisteredModel model = registry.requireModel(tx, name);
        List<String> refusals = new ArrayList<>();
        Map<String, Object> p = new HashMap<>();
        p.put("name", name.value());
        p.put("number", number);
        tx.run(IN_USE, p).forEachRemaining(r -> {
            List<String> deployments = r.get("deployments").asList(Value::asString);
            if (!deployments.isEmpty()) {
                refusals.add(r.get("version").asString() + " serves " + String.join(", ", deployments));
            } else {
                refusals.add(r.get("version").asString() + " is in production");
            }
        });
        model.aliases().forEach((alias, n) -> {
            if (model.policy().governedAliases().contains(alias) && (number == null || number.equals(n))) {
                refusals.add("governed alias '" + alias + "' points at " + name.version(n));
            }
        });
        return refusals;
    }

    /**
     * Retires the model and its versions under the model's lock, refused while a version serves a deployment, is
     * in production or holds an alias the policy governs: deleting must not be a way around governance. Plain
     * aliases go with the model (each named in the audit event).
     */
    void delete(ModelName name, String reason, String actor, Instant repeatSince) {
        db.write(tx -> {
            if (deletedAlready(tx, name, actor, repeatSince)) {
                return null;
            }
            // A retry that waited for the first delete's lock finds the model retired once it holds it; one that
            // came just after the first delete committed finds no model to lock, and is a retry all the same.
            boolean locked = registry.tryLock(tx, name);
            if (deletedAlready(tx, name, actor, repeatSince)) {
                return null;
            }
            if (!locked) {
                throw new NotFound("name", "No registered model named " + name);
            }
            List<String> refusals = refusals(tx, name, null);
            if (!refusals.isEmpty()) {
                throw new Conflict("Model " + name + " cannot be deleted while " + String.join("; ", refusals)
                        + ". Move what serves elsewhere, archive the production version and delete governed aliases"
                        + " first", List.of());
            }
            var r = tx.run(RETIRE, Map.of("name", name.value(), "now", clock.instant().atZone(ZoneOffset.UTC),
                    "actor", actor)).single();
            List<Object> versions = r.get("versions").asList(Value::asObject);
            List<Object> aliases = r.get("aliases").asList(Value::asObject);
            audit.append(tx, actor, new AuditEntry("model.deleted", name.key().toString(),
                    versions.stream().map(n -> name.version(((Number) n).intValue()).toString()).toList(), null,
                    null, reason, Map.of("versions", versions.size(), "aliasesRemoved", aliases)));
            return null;
        });
    }
}
