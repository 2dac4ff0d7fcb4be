package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.auth.Role;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.governance.Gates;
import io.pedigree.governance.Lifecycle;
import io.pedigree.governance.Quarantines;
import io.pedigree.registry.Comparisons;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.ModelCard;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.Models;
import io.pedigree.registry.RegisteredModel;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;
import io.pedigree.registry.Versions;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.pedigree.api.RequestRules.params;

/** The model registry under {@code /api/v1/models}: models, versions, aliases, evaluations, approvals, stages. */
final class RegistryRoutes {

    private static final String MODEL = "/api/v1/models/{name}";
    private static final String VERSION = MODEL + "/versions/{version}";

    private final Registry registry;
    private final Models models;
    private final Versions versions;
    private final Evaluations evaluations;
    private final Comparisons comparisons;
    private final Gates gates;
    private final Lifecycle lifecycle;
    private final Quarantines quarantines;
    private final JsonBody body;
    private final Consistency consistency;

    RegistryRoutes(Registry registry, Models models, Versions versions, Evaluations evaluations,
                   Comparisons comparisons, Gates gates, Lifecycle lifecycle, Quarantines quarantines, JsonBody body,
                   Consistency consistency) {
        this.registry = registry;
        this.models = models;
        this.versions = versions;
        this.evaluations = evaluations;
        this.comparisons = comparisons;
        this.gates = gates;
        this.lifecycle = lifecycle;
        this.quarantines = quarantines;
        this.body = body;
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        Access.Needs reader = Access.READER;
        Access.Needs writer = Access.WRITER;
        Access.Needs approver = Access.APPROVER;
        Access.Needs admin = Access.ADMIN;

        r.get("/api/v1/models", c.wrap(this::models), reader, params("after", "limit"));
        r.post("/api/v1/models", c.wrap(this::createModel), writer);
        r.get(MODEL, c.wrap(ctx -> ctx.json(registry.model(name(ctx)))), reader);
        r.patch(MODEL, c.wrap(this::updateModel), writer);
        r.delete(MODEL, c.wrap(this::deleteModel), approver, params("reason"));
        r.post(MODEL + "/rename", c.wrap(this::renameModel), approver);
        r.put(MODEL + "/policy", c.wrap(this::setPolicy), admin);
        r.get(MODEL + "/compare", c.wrap(this::compare), reader, params("a", "b"));
        r.get(MODEL + "/aliases/{alias}", c.wrap(ctx -> ctx.json(registry.version("alias", name(ctx),
                ctx.pathParam("alias")))), reader);
        r.put(MODEL + "/aliases/{alias}", c.wrap(this::moveAlias), writer);
        r.delete(MODEL + "/aliases/{alias}", c.wrap(this::deleteAlias), writer, params("reason"));

        r.get(MODEL + "/versions", c.wrap(this::versions), reader, params("stage"));
        r.post(MODEL + "/versions", c.wrap(this::registerVersion), writer);
        r.post(MODEL + "/adoptions", c.wrap(this::adopt), writer);
        r.get(VERSION, c.wrap(this::version), reader);
        r.patch(VERSION, c.wrap(this::updateVersion), writer);
        r.get(VERSION + "/gates", c.wrap(this::gates), reader, params("stage"));
        r.get(VERSION + "/regression", c.wrap(this::regression), reader);
        r.get(VERSION + "/evaluations", c.wrap(ctx -> ctx.json(evaluations.list(name(ctx), number(ctx)))), reader);
        r.post(VERSION + "/evaluations", c.wrap(this::evaluate), writer);
        r.get(VERSION + "/approvals", c.wrap(ctx -> ctx.json(lifecycle.approvals(name(ctx), number(ctx)))), reader);
        r.post(VERSION + "/approvals", c.wrap(this::decide), approver);
        r.get(VERSION + "/transitions", c.wrap(ctx -> ctx.json(lifecycle.history(name(ctx), number(ctx)))), reader);
        r.post(VERSION + "/transitions", c.wrap(this::transition), writer);
    }

    private void models(Context ctx) {
        ctx.json(registry.models(Params.optional(ctx, "after"), Params.bounded(ctx, "limit", 100, 1, 1000)));
    }

    private void createModel(Context ctx) throws Exception {
        RegistryBodies.ModelBody b = body.read(ctx, RegistryBodies.ModelBody.class);
        RegisteredModel m = models.createModel(ModelName.parse("name", b.name()), b.description(),
                RegistryBodies.key("owner", b.owner()), b.tags(), b.policy(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.status(201).json(m);
    }

    private void updateModel(Context ctx) throws Exception {
        RegistryBodies.ModelPatch b = body.read(ctx, RegistryBodies.ModelPatch.class);
        RegisteredModel m = models.updateModel(name(ctx), b.description(), RegistryBodies.key("owner", b.owner()),
                b.tags(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(m);
    }

    private void renameModel(Context ctx) throws Exception {
        RegistryBodies.RenameBody b = body.read(ctx, RegistryBodies.RenameBody.class);
        requireReason(b.reason());
        RegisteredModel m = models.rename(name(ctx), ModelName.parse("newName", b.newName()), b.reason(),
                actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(m);
    }

    private void deleteModel(Context ctx) {
        String reason = Params.optional(ctx, "reason");
        requireReason(reason);
        models.delete(name(ctx), reason, actor(ctx));
        consistency.bookmark(ctx);
        ctx.status(204);
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A reason is required: it is kept in the audit log");
        }
    }

    private void setPolicy(Context ctx) throws Exception {
        RegistryBodies.PolicyBody b = body.read(ctx, RegistryBodies.PolicyBody.class);
        RegisteredModel m = models.setPolicy(name(ctx), b.policy(), b.reason(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(m);
    }

    private void compare(Context ctx) {
        ModelName name = name(ctx);
        int a = registry.resolve("a", name, Params.required(ctx, "a"));
        int b = registry.resolve("b", name, Params.required(ctx, "b"));
        ctx.json(comparisons.compare(name, a, b));
    }

    private void moveAlias(Context ctx) throws Exception {
        RegistryBodies.AliasBody b = body.read(ctx, RegistryBodies.AliasBody.class);
        if (b.version() == null) {
            throw new InvalidInput("version", "version is the number the alias should point at");
        }
        String alias = ctx.pathParam("alias");
        // The gates are checked under the model's lock in the move's own transaction, so nothing slips in between.
        RegisteredModel m = models.moveAlias(name(ctx), alias, b.version(), b.reason(), actor(ctx),
                (tx, model, target) -> gates.requireForAlias(tx, model, target, alias));
        consistency.bookmark(ctx);
        ctx.json(m);
    }

    private void deleteAlias(Context ctx) {
        RegisteredModel m = models.deleteAlias(name(ctx), ctx.pathParam("alias"), Params.optional(ctx, "reason"),
                actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(m);
    }

    private void versions(Context ctx) {
        String stage = Params.optional(ctx, "stage");
        ctx.json(registry.versions(name(ctx), stage == null ? null : Stage.parse("stage", stage)));
    }

    private void registerVersion(Context ctx) throws Exception {
        RegistryBodies.VersionBody b = body.read(ctx, RegistryBodies.VersionBody.class);
        ModelVersion v = versions.register(name(ctx), b.toInput(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.status(201).header("Location", "/api/v1/models/" + v.model() + "/versions/" + v.number()).json(v);
    }

    private void adopt(Context ctx) throws Exception {
        RegistryBodies.AdoptBody b = body.read(ctx, RegistryBodies.AdoptBody.class);
        if (b.version() == null) {
            throw new InvalidInput("version", "version is the number of the recorded version to adopt");
        }
        ModelVersion v = versions.adopt(name(ctx), b.version(), b.description(), b.tags(),
                b.card() == null ? null : ModelCard.parse("card", b.card()), actor(ctx));
        consistency.bookmark(ctx);
        ctx.status(201).header("Location", "/api/v1/models/" + v.model() + "/versions/" + v.number()).json(v);
    }

    /** A version with everything a reviewer looks at: evaluations, approvals, transitions, quarantines upstream. */
    private void version(Context ctx) {
        ModelName name = name(ctx);
        int number = number(ctx);
        ModelVersion v = registry.version(name, number);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", v);
        out.put("evaluations", evaluations.of(v));
        out.put("approvals", lifecycle.approvals(v));
        out.put("transitions", lifecycle.history(v));
        out.put("quarantinedUpstream", quarantines.taint(v.key()));
        ctx.json(out);
    }

    private void updateVersion(Context ctx) throws Exception {
        RegistryBodies.VersionPatch b = body.read(ctx, RegistryBodies.VersionPatch.class);
        ModelVersion v = versions.update(name(ctx), number(ctx), b.description(), b.tags(),
                b.card() == null ? null : ModelCard.parse("card", b.card()), b.reason(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(v);
    }

    private void gates(Context ctx) {
        String stage = Params.optional(ctx, "stage");
        ctx.json(gates.check(name(ctx), number(ctx), stage == null ? Stage.PRODUCTION : Stage.parse("stage", stage)));
    }

    private void regression(Context ctx) {
        ModelName name = name(ctx);
        int number = registry.version(name, number(ctx)).number();
        Integer production = registry.model(name).productionVersion();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", number);
        out.put("production", production);
        out.put("comparison", production == null || production == number ? null
                : comparisons.compare(name, production, number));
        ctx.json(out);
    }

    private void evaluate(Context ctx) throws Exception {
        RegistryBodies.EvaluationBody b = body.read(ctx, RegistryBodies.EvaluationBody.class);
        var e = evaluations.record(name(ctx), number(ctx), b.toInput(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.status(201).json(e);
    }

    private void decide(Context ctx) throws Exception {
        RegistryBodies.DecisionBody b = body.read(ctx, RegistryBodies.DecisionBody.class);
        boolean approve;
        if ("approve".equals(b.decision())) {
            approve = true;
        } else if ("reject".equals(b.decision())) {
            approve = false;
        } else {
            throw new InvalidInput("decision", "decision is approve or reject");
        }
        if (b.stage() == null) {
            throw new InvalidInput("stage", "stage is the stage the decision is about: staging or production");
        }
        var approvals = lifecycle.decide(name(ctx), number(ctx), Stage.parse("stage", b.stage()), approve,
                b.comment(), lifecycleActor(ctx));
        consistency.bookmark(ctx);
        ctx.status(201).json(approvals);
    }

    private void transition(Context ctx) throws Exception {
        RegistryBodies.TransitionBody b = body.read(ctx, RegistryBodies.TransitionBody.class);
        if (b.to() == null) {
            throw new InvalidInput("to", "to is the stage to enter");
        }
        ModelVersion v = lifecycle.transition(name(ctx), number(ctx), new Lifecycle.TransitionRequest(
                Stage.parse("to", b.to()), b.reason(), b.deployments(), b.replaces(),
                Boolean.TRUE.equals(b.override())), lifecycleActor(ctx));
        consistency.bookmark(ctx);
        ctx.json(v);
    }

    private static ModelName name(Context ctx) {
        return ModelName.parse("name", ctx.pathParam("name"));
    }

    private int number(Context ctx) {
        return registry.resolve("version", name(ctx), ctx.pathParam("version"));
    }

    private static String actor(Context ctx) {
        return Access.principal(ctx).name();
    }

    private static Lifecycle.Actor lifecycleActor(Context ctx) {
        var p = Access.principal(ctx);
        return new Lifecycle.Actor(p.name(), p.has(Role.ADMIN));
    }
}
