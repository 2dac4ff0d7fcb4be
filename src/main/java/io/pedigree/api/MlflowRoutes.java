package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.auth.Role;
import io.pedigree.governance.Lifecycle;
import io.pedigree.mlflow.ModelVersions;
import io.pedigree.mlflow.RegisteredModels;
import io.pedigree.mlflow.Stages;
import io.pedigree.registry.ModelName;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.pedigree.api.RequestRules.params;

/**
 * The model-registry half of the MLflow-compatible API under {@code /api/2.0/mlflow/}: registered models, aliases
 * and model versions on Pedigree's registry, with roles as on {@code /api/v1}. Errors take MLflow's shape
 * ({@link MlflowErrors}). See docs/mlflow.md.
 */
final class MlflowRoutes {

    static final String BASE = "/api/2.0/mlflow/";
    private static final String[] SEARCH = {"filter", "max_results", "order_by", "page_token"};

    private final RegisteredModels models;
    private final ModelVersions versions;
    private final MlflowArgs args;
    private final Consistency consistency;

    MlflowRoutes(RegisteredModels models, ModelVersions versions, MlflowArgs args, Consistency consistency) {
        this.models = models;
        this.versions = versions;
        this.args = args;
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        Access.Needs reader = Access.READER;
        Access.Needs writer = Access.WRITER;
        String rm = BASE + "registered-models/";
        String mv = BASE + "model-versions/";

        r.post(rm + "create", c.wrap(this::createModel), writer);
        r.get(rm + "get", c.wrap(ctx -> answer(ctx, "registered_model", models.get(model(ctx).model()))), reader,
                params("name"));
        r.get(rm + "search", c.wrap(this::searchModels), reader, params(SEARCH));
        r.patch(rm + "update", c.wrap(this::updateModel), writer);
        // Renaming or deleting a model changes what its governance is bound to: an approver's call, as on /api/v1.
        r.post(rm + "rename", c.wrap(this::rename), Access.APPROVER);
        r.delete(rm + "delete", c.wrap(this::deleteModel), Access.APPROVER, params("name"));
        r.post(rm + "set-tag", c.wrap(ctx -> modelTag(ctx, true)), writer);
        r.delete(rm + "delete-tag", c.wrap(ctx -> modelTag(ctx, false)), writer, params("name", "key"));
        r.get(rm + "get-latest-versions", c.wrap(this::latest), reader, params("name", "stages"));
        r.post(rm + "get-latest-versions", c.wrap(this::latest), reader);
        r.post(rm + "alias", c.wrap(this::setAlias), writer);
        r.get(rm + "alias", c.wrap(this::getAlias), reader, params("name", "alias"));
        r.delete(rm + "alias", c.wrap(this::deleteAlias), writer, params("name", "alias"));

        r.post(mv + "create", c.wrap(this::createVersion), writer);
        r.get(mv + "get", c.wrap(ctx -> {
            MlflowBodies.VersionArgs a = version(ctx);
            answer(ctx, "model_version", versions.get(a.model(), a.number()));
        }), reader, params("name", "version"));
        r.get(mv + "search", c.wrap(this::searchVersions), reader, params(SEARCH));
        r.patch(mv + "update", c.wrap(this::updateVersion), writer);
        r.delete(mv + "delete", c.wrap(this::deleteVersion), writer, params("name", "version"));
        r.post(mv + "set-tag", c.wrap(ctx -> versionTag(ctx, true)), writer);
        r.delete(mv + "delete-tag", c.wrap(ctx -> versionTag(ctx, false)), writer, params("name", "version", "key"));
        r.post(mv + "transition-stage", c.wrap(this::transition), writer);
        r.get(mv + "get-download-uri", c.wrap(ctx -> {
            MlflowBodies.VersionArgs a = version(ctx);
            answer(ctx, "artifact_uri", versions.downloadUri(a.model(), a.number()));
        }), reader, params("name", "version"));
    }

    private void createModel(Context ctx) {
        MlflowBodies.ModelArgs a = model(ctx);
        var m = models.create(a.model(), a.description(), MlflowBodies.tags(a.tags()), actor(ctx));
        consistency.bookmark(ctx);
        answer(ctx, "registered_model", m);
    }

    private void searchModels(Context ctx) {
        MlflowBodies.ModelArgs a = model(ctx);
        var page = models.search(a.filter(), a.maxResults(), a.pageToken(), a.orderBy());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("registered_models", page.items());
        if (page.nextPageToken() != null) {
            out.put("next_page_token", page.nextPageToken());
        }
        ctx.json(out);
    }

    private void updateModel(Context ctx) {
        MlflowBodies.ModelArgs a = model(ctx);
        var m = models.update(a.model(), a.description(), actor(ctx));
        consistency.bookmark(ctx);
        answer(ctx, "registered_model", m);
    }

    private void rename(Context ctx) {
        MlflowBodies.ModelArgs a = model(ctx);
        var m = models.rename(a.model(), ModelName.parse("new_name", a.newName()), actor(ctx));
        consistency.bookmark(ctx);
        answer(ctx, "registered_model", m);
    }

    private void deleteModel(Context ctx) {
        MlflowBodies.ModelArgs a = model(ctx);
        models.delete(a.model(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }

    private void modelTag(Context ctx, boolean set) {
        MlflowBodies.ModelArgs a = model(ctx);
        models.tag(a.model(), a.key(), set ? (a.value() == null ? "" : a.value()) : null, actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }

    private void latest(Context ctx) {
        MlflowBodies.ModelArgs a = model(ctx);
        answer(ctx, "model_versions", models.latest(a.model(), a.stages()));
    }

    private void setAlias(Context ctx) {
        MlflowBodies.ModelArgs a = model(ctx);
        models.setAlias(a.model(), a.alias(), a.number(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }

    private void getAlias(Context ctx) {
        MlflowBodies.ModelArgs a = model(ctx);
        answer(ctx, "model_version", versions.get(a.model(), models.resolveAlias(a.model(), a.alias())));
    }

    private void deleteAlias(Context ctx) {
        MlflowBodies.ModelArgs a = model(ctx);
        models.deleteAlias(a.model(), a.alias(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }

    private void createVersion(Context ctx) {
        MlflowBodies.VersionArgs a = version(ctx);
        var v = versions.create(a.model(), new ModelVersions.Create(a.source(), a.runId(),
                MlflowBodies.tags(a.tags()), a.runLink(), a.description()), actor(ctx));
        consistency.bookmark(ctx);
        answer(ctx, "model_version", v);
    }

    private void searchVersions(Context ctx) {
        MlflowBodies.VersionArgs a = version(ctx);
        var page = versions.search(a.filter(), a.maxResults(), a.pageToken(), a.orderBy());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_versions", page.items());
        if (page.nextPageToken() != null) {
            out.put("next_page_token", page.nextPageToken());
        }
        ctx.json(out);
    }

    private void updateVersion(Context ctx) {
        MlflowBodies.VersionArgs a = version(ctx);
        var v = versions.update(a.model(), a.number(), a.description(), actor(ctx));
        consistency.bookmark(ctx);
        answer(ctx, "model_version", v);
    }

    private void deleteVersion(Context ctx) {
        MlflowBodies.VersionArgs a = version(ctx);
        versions.delete(a.model(), a.number(), lifecycleActor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }

    private void versionTag(Context ctx, boolean set) {
        MlflowBodies.VersionArgs a = version(ctx);
        versions.tag(a.model(), a.number(), a.key(), set ? (a.value() == null ? "" : a.value()) : null, actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }

    private void transition(Context ctx) {
        MlflowBodies.VersionArgs a = version(ctx);
        var v = versions.transition(a.model(), a.number(), Stages.parse("stage", a.stage()),
                Boolean.TRUE.equals(a.archiveExistingVersions()), lifecycleActor(ctx));
        consistency.bookmark(ctx);
        answer(ctx, "model_version", v);
    }

    private MlflowBodies.ModelArgs model(Context ctx) {
        return args.read(ctx, MlflowBodies.ModelArgs.class);
    }

    private MlflowBodies.VersionArgs version(Context ctx) {
        return args.read(ctx, MlflowBodies.VersionArgs.class);
    }

    static void answer(Context ctx, String field, Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(field, value);
        ctx.json(out);
    }

    static String actor(Context ctx) {
        return Access.principal(ctx).name();
    }

    private static Lifecycle.Actor lifecycleActor(Context ctx) {
        var p = Access.principal(ctx);
        return new Lifecycle.Actor(p.name(), p.has(Role.ADMIN));
    }
}
