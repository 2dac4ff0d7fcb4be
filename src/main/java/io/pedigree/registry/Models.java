package io.pedigree.registry;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Changes of registered models: registration, description, owner and tags, policy, and aliases. Each is read,
 * decided and written with its audit event in one transaction under the model's lock.
 */
public final class Models {

    private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_\\-]{0,63}");

    // A deleted (retired) model's name may be registered again: the same node starts afresh, but keeps counting
    // versions after the highest it ever had, since model:<name>@1... belong to the retired history.
    private static final String CREATE_MODEL = """
            MERGE (m:RegisteredModel {name: $name})
            ON CREATE SET m._new = true, m.nextVersion = 1
            WITH m, coalesce(m._new, false) AS created, m.retiredAt IS NOT NULL AS revived
            FOREACH (_ IN CASE WHEN created OR revived THEN [1] ELSE [] END |
                SET m.description = $description, m.tags = $tags, m.policy = $policy, m.owner = $owner,
                    m.createdAt = $now, m.createdBy = $actor, m.retiredAt = null, m.retiredBy = null,
                    m.formerNames = null, m.formerUntil = null,
                    m.updatedAt = null, m.updatedBy = null, m.policyChangedAt = null, m.policyChangedBy = null)
            REMOVE m._new
            RETURN created OR revived AS fresh, revived
            """;

    private static final String NODE_PROPS = """
            MATCH (n:Node {key: $key})
            RETURN n.props AS props
            """;

    private static final String UPDATE_MODEL = """
            MATCH (m:RegisteredModel {name: $name})
            SET m.description = $description, m.tags = $tags, m.owner = $owner, m.updatedAt = $now,
                m.updatedBy = $actor
            """;

    private static final String SET_POLICY = """
            MATCH (m:RegisteredModel {name: $name})
            SET m.policy = $policy, m.policyChangedAt = $now, m.policyChangedBy = $actor
            """;

    private static final String MOVE_ALIAS = """
            MERGE (a:Alias {id: $id})
            ON CREATE SET a.model = $model, a.name = $alias
            WITH a, a.number AS before
            SET a.number = $number, a.movedAt = $now, a.movedBy = $actor
            RETURN before
            """;

    private static final String DELETE_ALIAS = """
            MATCH (a:Alias {id: $id})
            WITH a, a.number AS before
            DELETE a
            RETURN before
            """;

    private final Database db;
    private final Registry registry;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Clock clock;
    private final ModelRenames renames;
    private final ModelRetirements retirements;

    public Models(Database db, Registry registry, GraphWriter writer, AuditLog audit, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.writer = writer;
        this.audit = audit;
        this.clock = clock;
        this.renames = new ModelRenames(db, registry, audit, clock);
        this.retirements = new ModelRetirements(db, registry, audit, clock);
    }

    /**
     * Renames a model: afterwards it, its versions, aliases and everything governing them answer under {@code to}
     * only. A name in use (or held by a deleted model's history) is refused; see {@link ModelRenames}.
     */
    public RegisteredModel rename(ModelName from, ModelName to, String reason, String actor) {
        return renames.rename(from, to, reason, actor, null);
    }

    /**
     * Renames a model, and answers the renamed model when the same actor renamed {@code from} to {@code to} at or
     * after {@code repeatSince}: a client's retry of a rename whose answer was lost.
     */
    public RegisteredModel rename(ModelName from, ModelName to, String reason, String actor, Instant repeatSince) {
        return renames.rename(from, to, reason, actor, repeatSince);
    }

    /**
     * Refuses (409) deleting a version that serves a deployment or holds a governed alias; inside the caller's
     * transaction, which must hold the model's lock.
     */
    public void requireVersionDeletable(TransactionContext tx, ModelName name, int number) {
        retirements.requireVersionDeletable(tx, name, number);
    }

    /** Deletes (retires) a model and its versions; see {@link ModelRetirements} for what is kept and refused. */
    public void delete(ModelName name, String reason, String actor) {
        retirements.delete(name, reason, actor, null);
    }

    /**
     * Deletes a model, and answers success without a change when the same actor deleted it at or after
     * {@code repeatSince}: a client's retry of a delete whose answer was lost.
     */
    public void delete(ModelName name, String reason, String actor, Instant repeatSince) {
        retirements.delete(name, reason, actor, repeatSince);
    }

    /** Registers a model; its family node joins the lineage graph, owned by {@code owner} when given. */
    public RegisteredModel createModel(ModelName name, String description, NodeKey owner, Map<String, String> tags,
                                       Policy policy, String actor) {
        checkOwner(owner);
        Policy effective = policy == null ? Policy.DEFAULT : policy.validated("policy.");
        db.write(tx -> {
            Map<String, Object> p = new HashMap<>();
            p.put("name", name.value());
            p.put("description", description == null ? "" : description);
            p.put("tags", Json.write(tags == null ? Map.of() : tags));
            p.put("policy", Json.write(effective));
            p.put("owner", owner == null ? null : owner.toString());
            p.put("now", now());
            p.put("actor", actor);
            Record created = tx.run(CREATE_MODEL, p).single();
            if (!created.get("fresh").asBoolean()) {
                throw new Conflict("A model named " + name + " is registered already", List.of());
            }
            if (created.get("revived").asBoolean()) {
                p.put("afterDeletedModel", true);
            }
            recordFamily(tx, name, owner, actor);
            audit.append(tx, actor, AuditEntry.of("model.register", name.key().toString(), null, p, null));
            return null;
        });
        return registry.model(name);
    }

    /**
     * Changes a model's description, owner and tags; fields left null keep their value, and tags merge (a tag set
     * to null is removed). Read, decided and written under the model's lock, so concurrent edits are not lost.
     */
    public RegisteredModel updateModel(ModelName name, String description, NodeKey owner, Map<String, String> tags,
                                       String actor) {
        checkOwner(owner);
        return db.write(tx -> {
            registry.lock(tx, name);
            RegisteredModel before = registry.requireModel(tx, name);
            Map<String, Object> p = new HashMap<>();
            p.put("name", name.value());
            p.put("description", description == null ? before.description() : description);
            p.put("tags", Json.write(mergeTags(before.tags(), tags)));
            p.put("owner", owner == null ? before.owner() : owner.toString());
            p.put("now", now());
            p.put("actor", actor);
            tx.run(UPDATE_MODEL, p).consume();
            if (owner != null) {
                recordFamily(tx, name, owner, actor);
            }
            RegisteredModel after = registry.requireModel(tx, name);
            audit.append(tx, actor, AuditEntry.of("model.update", name.key().toString(), state(before),
                    state(after), null));
            return after;
        });
    }

    /** Replaces a model's policy; the reason is required and the change audited, under the model's lock. */
    public RegisteredModel setPolicy(ModelName name, Policy policy, String reason, String actor) {
        requireReason(reason);
        policy.validated();
        return db.write(tx -> {
            registry.lock(tx, name);
            RegisteredModel before = registry.requireModel(tx, name);
            tx.run(SET_POLICY, Map.of("name", name.value(), "policy", Json.write(policy), "now", now(),
                    "actor", actor)).consume();
            RegisteredModel after = registry.requireModel(tx, name);
            audit.append(tx, actor, AuditEntry.of("model.policy", name.key().toString(), before.policy(),
                    after.policy(), reason));
            return after;
        });
    }

    /** Points {@code alias} at version {@code number}, creating or moving it. */
    public RegisteredModel moveAlias(ModelName name, String alias, int number, String reason, String actor) {
        return moveAlias(name, alias, number, reason, actor, (tx, model, target) -> { });
    }

    /** A check made inside the alias move's transaction under the model's lock, such as a governed alias's gates. */
    @FunctionalInterface
    public interface AliasGuard {
        void check(TransactionContext tx, RegisteredModel model, ModelVersion target);
    }

    /**
     * Points {@code alias} at version {@code number} once {@code guard} passes; the guard's reads, the decision and
     * the move happen in one transaction under the model's lock, so nothing the guard checked changes in between.
     */
    public RegisteredModel moveAlias(ModelName name, String alias, int number, String reason, String actor,
                                     AliasGuard guard) {
        checkAlias(alias);
        db.write(tx -> {
            registry.lock(tx, name);
            RegisteredModel model = registry.requireModel(tx, name);
            ModelVersion target = registry.requireVersion(tx, "version", name, number);
            guard.check(tx, model, target);
            Record r = tx.run(MOVE_ALIAS, Map.of("id", name.value() + "/" + alias, "model", name.value(),
                    "alias", alias, "number", number, "now", now(), "actor", actor)).single();
            Integer before = r.get("before").isNull() ? null : r.get("before").asInt();
            audit.append(tx, actor, new AuditEntry("alias.move", name.key().toString(), List.of(target.key()),
                    Digest.of(before == null ? null : Map.of("alias", alias, "number", before)),
                    Digest.of(Map.of("alias", alias, "number", number)), reason,
                    Registry.nullable("alias", alias, "from", before, "to", number)));
            return null;
        });
        return registry.model(name);
    }

    public RegisteredModel deleteAlias(ModelName name, String alias, String reason, String actor) {
        checkAlias(alias);
        registry.model(name);
        db.write(tx -> {
            List<Record> r = tx.run(DELETE_ALIAS, Map.of("id", name.value() + "/" + alias)).list();
            if (r.isEmpty()) {
                throw new NotFound("alias", "Model " + name + " has no alias '" + alias + "'");
            }
            int before = r.get(0).get("before").asInt();
            audit.append(tx, actor, new AuditEntry("alias.delete", name.key().toString(), List.of(),
                    Digest.of(Map.of("alias", alias, "number", before)), null, reason,
                    Map.of("alias", alias, "from", before)));
            return null;
        });
        return registry.model(name);
    }

    /** What a model edit changes, the state its audit events digest before and after. */
    private static Map<String, Object> state(RegisteredModel m) {
        return Registry.nullable("description", m.description(), "owner", m.owner(), "tags", m.tags());
    }

    /** JSON merge patch of tags (RFC 7396): a tag given is set, a tag given as null is removed, others stay. */
    static Map<String, String> mergeTags(Map<String, String> current, Map<String, String> patch) {
        Map<String, String> out = new java.util.TreeMap<>(current == null ? Map.of() : current);
        if (patch != null) {
            patch.forEach((k, v) -> {
                if (v == null) {
                    out.remove(k);
                } else {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private void recordFamily(TransactionContext tx, ModelName name, NodeKey owner, String actor) {
        Properties existing = tx.run(NODE_PROPS, Map.of("key", name.key().toString())).stream().findFirst()
                .map(r -> Properties.fromJson(r.get("props").asString(null))).orElse(Properties.EMPTY);
        writer.writeIn(tx, new Batch(List.of(new NodeInput(name.key(), existing, owner, null)), List.of()), actor,
                i -> "");
    }

    private static void checkOwner(NodeKey owner) {
        if (owner != null && owner.kind() != Kind.PERSON) {
            throw new InvalidInput("owner", "owner names a person, like person:ana");
        }
    }

    private static void checkAlias(String alias) {
        if (alias == null || !ALIAS.matcher(alias).matches()) {
            throw new InvalidInput("alias", "An alias is a lowercase word of letters, digits, '_' or '-', like"
                    + " champion");
        }
    }

    static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A reason is required");
        }
    }

    private java.time.ZonedDateTime now() {
        return clock.instant().atZone(ZoneOffset.UTC);
    }
}
