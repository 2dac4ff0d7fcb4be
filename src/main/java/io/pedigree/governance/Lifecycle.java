package io.pedigree.governance;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.Forbidden;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.RegisteredModel;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;
import io.pedigree.registry.VersionContent;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Moves versions through their stages: approvals, gated transitions with an admin override, the one-version-in-
 * production rule, and switching deployments on promotion. Each change runs under the model's lock, so racing
 * promotions are decided one after the other against the state the first one left.
 */
public final class Lifecycle {

    private static final String RECORD_APPROVAL = """
            MATCH (s:ModelVersion {key: $key})
            CREATE (a:Approval {stage: $stage, decision: $decision, comment: $comment, by: $actor, at: $now,
                                seq: timestamp(), digest: $digest, parts: $parts})
            CREATE (a)-[:FOR]->(s)
            """;

    private static final String TRANSITIONS = """
            MATCH (t:Transition)-[:OF]->(:ModelVersion {key: $key})
            RETURN t {.*} AS t
            ORDER BY t.at
            """;

    private final Database db;
    private final Registry registry;
    private final Gates gates;
    private final Serving serving;
    private final StageChanges stages;
    private final AuditLog audit;
    private final Clock clock;

    public Lifecycle(Database db, Registry registry, Gates gates, Serving serving, AuditLog audit,
                     Clock clock) {
        this.db = db;
        this.registry = registry;
        this.gates = gates;
        this.serving = serving;
        this.stages = new StageChanges(clock);
        this.audit = audit;
        this.clock = clock;
    }

    /** What a client asks: the stage to enter and why, deployments to switch, the version it replaces. */
    public record TransitionRequest(Stage to, String reason, List<String> deployments, Integer replaces,
                                    boolean override) {
        public TransitionRequest {
            deployments = deployments == null ? List.of() : List.copyOf(deployments);
        }
    }

    /** Who asks, and whether they may override gates (admins only). */
    public record Actor(String name, boolean admin) {
    }

    /** Records an approver's decision on a version entering a gated stage. */
    public List<io.pedigree.governance.Approval> decide(ModelName name, int number, Stage stage, boolean approve,
                                                        String comment, Actor actor) {
        if (!stage.gated()) {
            throw new InvalidInput("stage", "Only entering staging or production needs approval");
        }
        if (!approve && (comment == null || comment.isBlank())) {
            throw new InvalidInput("comment", "A rejection needs a comment saying what is wrong");
        }
        ModelVersion version = registry.version(name, number);
        if (version.registeredBy() != null && version.registeredBy().equals(actor.name())) {
            throw new Forbidden("The registrant of a version cannot approve or reject it; ask another approver");
        }
        return db.write(tx -> {
            registry.lock(tx, name);
            // The decision is bound to the content as it is under the lock: a later change makes it stale.
            ModelVersion now = registry.requireVersion(tx, "version", name, number);
            VersionContent content = registry.content(tx, now);
            Map<String, Object> p = new HashMap<>();
            p.put("key", now.key());
            p.put("stage", stage.id());
            p.put("decision", approve ? "approve" : "reject");
            p.put("comment", comment == null ? "" : comment);
            p.put("actor", actor.name());
            p.put("now", now());
            p.put("digest", content.digest());
            p.put("parts", content.partsJson());
            tx.run(RECORD_APPROVAL, p).consume();
            audit.append(tx, actor.name(), new AuditEntry(approve ? "version.approve" : "version.reject",
                    now.key(), List.of(), null, Digest.of(Map.of("stage", stage.id(), "approve", approve,
                    "comment", comment == null ? "" : comment, "content", content.digest())), comment,
                    Map.of("stage", stage.id(), "content", content.digest())));
            return gates.approvals(tx, now);
        });
    }

    /**
     * Moves a version to another stage if every gate of that stage is met (or an admin overrides, with a reason);
     * otherwise refuses with every unmet gate and changes nothing.
     */
    public ModelVersion transition(ModelName name, int number, TransitionRequest request, Actor actor) {
        if (request.reason() == null || request.reason().isBlank()) {
            throw new InvalidInput("reason", "A reason is required for every transition");
        }
        if (request.override() && !actor.admin()) {
            throw new Forbidden("Only an admin may override gates");
        }
        if (!request.deployments().isEmpty() && request.to() != Stage.PRODUCTION) {
            throw new InvalidInput("deployments", "Deployments are switched only on promotion to production");
        }
        // A refusal changes nothing, but is recorded (after the refused transaction ends) for audit and webhooks.
        AtomicReference<AuditEntry> refusal = new AtomicReference<>();
        try {
            transition(name, number, request, actor, refusal);
        } catch (Conflict refused) {
            if (refusal.get() != null) {
                audit.appendAlone(actor.name(), refusal.get());
            }
            throw refused;
        }
        return registry.version(name, number);
    }

    private void transition(ModelName name, int number, TransitionRequest request, Actor actor,
                            AtomicReference<AuditEntry> refusal) {
        db.write(tx -> {
            refusal.set(null);
            registry.lock(tx, name);
            RegisteredModel model = registry.requireModel(tx, name);
            ModelVersion version = registry.requireVersion(tx, "version", name, number);
            List<AuditEntry> events = new ArrayList<>();
            Stage from = version.stage();
            if (from == request.to()) {
                throw new Conflict("Version " + number + " is in " + from.id() + " already", List.of());
            }
            if (!from.canMoveTo(request.to())) {
                throw new Conflict("A version cannot move from " + from.id() + " to " + request.to().id(), List.of());
            }
            requireNotServingProduction(tx, name, version);
            List<Gate> unmet = List.of();
            if (request.to().gated()) {
                GateReport report = gates.check(tx, model, version, request.to(), Gates.Mode.PROMOTION);
                unmet = report.unmet();
                if (!unmet.isEmpty() && !request.override()) {
                    refusal.set(new AuditEntry("version.refuse", version.key(), List.of(), null, null,
                            request.reason(), Map.of("from", from.id(), "to", request.to().id(),
                            "unmetGates", unmet.stream().map(g -> g.gate() + ": " + g.detail()).toList())));
                    throw new Conflict("Version " + number + " of " + name + " does not meet " + unmet.size()
                            + " gate(s) for " + request.to().id() + "; nothing changed", List.of(), asMaps(unmet));
                }
            }
            Integer current = model.productionVersion();
            if (request.to() == Stage.PRODUCTION && current != null && current != number) {
                if (!current.equals(request.replaces())) {
                    throw new Conflict("Version " + current + " of " + name + " is in production; to replace it,"
                            + " send replaces: " + current, List.of());
                }
                ModelVersion old = registry.requireVersion(tx, "replaces", name, current);
                List<String> left = new ArrayList<>(serving.productionServing(tx, old.key()));
                left.removeAll(request.deployments());
                if (!left.isEmpty()) {
                    throw new Conflict("Version " + current + " of " + name + " is served by production deployment(s) "
                            + String.join(", ", left) + "; name them in deployments to switch them to version "
                            + number, List.of());
                }
                events.add(stages.set(tx, old, Stage.STAGING, "replaced in production by version " + number, false, List.of(),
                        actor.name()));
            } else if (request.replaces() != null && !request.replaces().equals(current)) {
                throw new Conflict("replaces: " + request.replaces() + " is not the version in production ("
                        + (current == null ? "none" : current) + ")", List.of());
            }
            events.add(stages.set(tx, version, request.to(), request.reason(), request.override(), unmet,
                    actor.name()));
            for (int i = 0; i < request.deployments().size(); i++) {
                events.add(serving.switchTo(tx, "deployments[" + i + "]", request.deployments().get(i), version,
                        request.reason(), actor.name()));
            }
            // Last, after every other lock this transaction takes.
            events.forEach(e -> audit.append(tx, actor.name(), e));
            return null;
        });
    }

    /**
     * Archives {@code version} inside the caller's transaction, which holds the model's lock and has made its own
     * checks there (MLflow's delete does), so nothing checked changes before the version is archived. Archiving is
     * not gated; a version a production deployment serves is refused as in {@link #transition}. Answers the audit
     * event, for the caller to append last.
     */
    public AuditEntry archiveIn(TransactionContext tx, ModelName name, ModelVersion version, String reason,
                                Actor actor) {
        if (!version.stage().canMoveTo(Stage.ARCHIVED)) {
            throw new Conflict("A version cannot move from " + version.stage().id() + " to archived", List.of());
        }
        requireNotServingProduction(tx, name, version);
        return stages.set(tx, version, Stage.ARCHIVED, reason, false, List.of(), actor.name());
    }

    // A production deployment never serves a version outside production, so one may not leave it serving.
    private void requireNotServingProduction(TransactionContext tx, ModelName name, ModelVersion version) {
        if (version.stage() != Stage.PRODUCTION) {
            return;
        }
        List<String> servedBy = serving.productionServing(tx, version.key());
        if (!servedBy.isEmpty()) {
            throw new Conflict("Version " + version.number() + " of " + name + " is served by production deployment(s) "
                    + String.join(", ", servedBy) + "; roll them back or promote a replacement naming them",
                    List.of());
        }
    }

    /** The transitions of a version, oldest first. */
    public List<Transition> history(ModelName name, int number) {
        return history(registry.version(name, number));
    }

    /** The transitions of a version already read, without reading it again. */
    public List<Transition> history(ModelVersion v) {
        return db.read(tx -> tx.run(TRANSITIONS, Map.of("key", v.key())).list(r -> {
            Value t = r.get("t");
            return new Transition(t.get("from").asString(null), t.get("to").asString(null),
                    t.get("reason").asString(null), t.get("at").asZonedDateTime().toInstant(),
                    t.get("by").asString(null), t.get("override").asBoolean(false),
                    t.get("unmetGates").isNull() ? List.of() : t.get("unmetGates").asList(Value::asString));
        }));
    }

    public List<io.pedigree.governance.Approval> approvals(ModelName name, int number) {
        return approvals(registry.version(name, number));
    }

    /** The decisions on a version already read, without reading it again. */
    public List<io.pedigree.governance.Approval> approvals(ModelVersion v) {
        return db.read(tx -> gates.approvals(tx, v));
    }

    private static List<Map<String, Object>> asMaps(List<Gate> unmet) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Gate g : unmet) {
            out.add(Map.of("gate", g.gate(), "detail", g.detail()));
        }
        return out;
    }

    private ZonedDateTime now() {
        return clock.instant().atZone(ZoneOffset.UTC);
    }
}
