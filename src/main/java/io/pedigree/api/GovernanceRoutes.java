package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.fields.FieldRef;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Quarantines;
import io.pedigree.governance.Rollbacks;
import io.pedigree.governance.Serving;
import io.pedigree.lineage.NodeKey;

import static io.pedigree.api.RequestRules.params;

/** Quarantines and deployments: what serves where, its history, and rollback plans and their execution. */
final class GovernanceRoutes {

    private static final String DEPLOYMENT = "/api/v1/deployments/{name}";

    private final Quarantines quarantines;
    private final Deployments deployments;
    private final Serving serving;
    private final Rollbacks rollbacks;
    private final JsonBody body;
    private final Consistency consistency;

    GovernanceRoutes(Quarantines quarantines, Deployments deployments, Serving serving, Rollbacks rollbacks,
                     JsonBody body, Consistency consistency) {
        this.quarantines = quarantines;
        this.deployments = deployments;
        this.serving = serving;
        this.rollbacks = rollbacks;
        this.body = body;
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        Access.Needs reader = Access.READER;
        Access.Needs writer = Access.WRITER;
        Access.Needs approver = Access.APPROVER;

        r.get("/api/v1/quarantines", c.wrap(this::listQuarantines), reader, params("active", "key"));
        r.post("/api/v1/quarantines", c.wrap(this::quarantine), writer);
        r.get("/api/v1/quarantines/{id}", c.wrap(ctx -> ctx.json(quarantines.withImpact(ctx.pathParam("id")))),
                reader);
        r.post("/api/v1/quarantines/{id}/release", c.wrap(this::release), approver);

        r.put(DEPLOYMENT, c.wrap(this::saveDeployment), writer);
        r.get(DEPLOYMENT, c.wrap(ctx -> ctx.json(deployments.get(ctx.pathParam("name"),
                Params.instant(ctx, "asOf")))), reader, params("asOf"));
        r.get(DEPLOYMENT + "/history", c.wrap(ctx -> ctx.json(deployments.history(ctx.pathParam("name")))), reader);
        r.post(DEPLOYMENT + "/serve", c.wrap(this::serve), writer);
        r.get(DEPLOYMENT + "/rollback-plan", c.wrap(ctx -> JsonAnswers.write(ctx, rollbacks.plan(ctx.pathParam("name")))),
                reader);
        r.post(DEPLOYMENT + "/rollback", c.wrap(this::rollback), writer);
    }

    private void listQuarantines(Context ctx) {
        String active = Params.optional(ctx, "active");
        if (active != null && !active.equals("true") && !active.equals("false")) {
            throw new InvalidInput("active", "active is true or false");
        }
        ctx.json(quarantines.list(!"false".equals(active), Params.optionalKey(ctx, "key")));
    }

    private void quarantine(Context ctx) throws Exception {
        RegistryBodies.QuarantineBody b = body.read(ctx, RegistryBodies.QuarantineBody.class);
        if (b.key() == null) {
            throw new InvalidInput("key", "key names the asset to quarantine");
        }
        NodeKey key = NodeKey.parse("key", b.key());
        if (b.field() != null && key.kind() != io.pedigree.lineage.Kind.DATASET) {
            throw new InvalidInput("key", "A quarantined field belongs to a dataset: key names the dataset");
        }
        var q = b.field() == null ? quarantines.create(key, b.reason(), actor(ctx))
                : quarantines.create(new FieldRef(key, b.field()), b.reason(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.status(201).json(q);
    }

    private void release(Context ctx) throws Exception {
        RegistryBodies.ReasonBody b = body.read(ctx, RegistryBodies.ReasonBody.class);
        var q = quarantines.release(ctx.pathParam("id"), b.reason(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(q);
    }

    private void saveDeployment(Context ctx) throws Exception {
        RegistryBodies.DeploymentBody b = body.read(ctx, RegistryBodies.DeploymentBody.class);
        var d = deployments.save(ctx.pathParam("name"), b.environment(), b.endpoint(), b.description(),
                RegistryBodies.key("owner", b.owner()), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(d);
    }

    private void serve(Context ctx) throws Exception {
        RegistryBodies.ServeBody b = body.read(ctx, RegistryBodies.ServeBody.class);
        if (b.version() == null) {
            throw new InvalidInput("version", "version names the model version to serve");
        }
        var d = serving.serve(ctx.pathParam("name"), NodeKey.parse("version", b.version()), b.reason(),
                actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(d);
    }

    private void rollback(Context ctx) throws Exception {
        RegistryBodies.ServeBody b = body.read(ctx, RegistryBodies.ServeBody.class);
        var done = rollbacks.rollback(ctx.pathParam("name"), RegistryBodies.key("version", b.version()),
                b.reason(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(done);
    }

    private static String actor(Context ctx) {
        return Access.principal(ctx).name();
    }
}
