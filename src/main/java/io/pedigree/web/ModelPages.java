package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.governance.Approval;
import io.pedigree.governance.GateReport;
import io.pedigree.governance.Gates;
import io.pedigree.governance.Lifecycle;
import io.pedigree.registry.Comparisons;
import io.pedigree.registry.Evaluation;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.Metrics;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.RegisteredModel;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registered models, one model's versions with their stage, metrics, gates and approvals, and compare. */
final class ModelPages {

    static final int MODELS_SHOWN = 200;

    /** A version as the model page lists it: its latest metrics, production gates, approvals and aliases. */
    public record VersionRow(ModelVersion version, Map<String, Evaluation.Metric> metrics, GateReport production,
                             List<Approval> approvals, List<String> aliases) {
    }

    private final Registry registry;
    private final Evaluations evaluations;
    private final Comparisons comparisons;
    private final Gates gates;
    private final Lifecycle lifecycle;
    private final VersionProduction production;

    ModelPages(Registry registry, Evaluations evaluations, Comparisons comparisons, Gates gates, Lifecycle lifecycle,
               VersionProduction production) {
        this.production = production;
        this.registry = registry;
        this.evaluations = evaluations;
        this.comparisons = comparisons;
        this.gates = gates;
        this.lifecycle = lifecycle;
    }

    void register(JavalinConfig config) {
        config.routes.get("/models", this::models, PageRole.READER);
        config.routes.get("/model", this::model, PageRole.READER);
        config.routes.get("/model/compare", this::compare, PageRole.READER);
    }

    private void models(Context ctx) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "models");
        model.put("models", registry.models(null, MODELS_SHOWN));
        ctx.render("models", model);
    }

    private void model(Context ctx) {
        ModelName name = ModelName.parse("name", ctx.queryParam("name"));
        RegisteredModel registered = registry.model(name);
        List<VersionRow> rows = registry.versions(name, null).stream().map(v -> row(registered, v)).toList();
        Map<String, Object> model = base(registered, rows);
        model.put("production", production.of(rows.stream().map(r -> r.version().key()).toList()));
        ctx.render("model", model);
    }

    private void compare(Context ctx) {
        ModelName name = ModelName.parse("name", ctx.queryParam("name"));
        RegisteredModel registered = registry.model(name);
        int a = number(ctx, "a");
        int b = number(ctx, "b");
        Map<String, Object> model = base(registered, registry.versions(name, null).stream()
                .map(v -> new VersionRow(v, Map.of(), null, List.of(), List.of())).toList());
        model.put("a", a);
        model.put("b", b);
        model.put("comparison", comparisons.compare(name, a, b));
        model.put("va", registry.version(name, a));
        model.put("vb", registry.version(name, b));
        ctx.render("compare", model);
    }

    private Map<String, Object> base(RegisteredModel registered, List<VersionRow> rows) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "models");
        model.put("model", registered);
        model.put("rows", rows);
        model.put("policy", registered.policy());
        // The compare form starts at the two newest versions unless the URL names others.
        model.put("a", rows.size() > 1 ? rows.get(1).version().number() : null);
        model.put("b", rows.isEmpty() ? null : rows.get(0).version().number());
        return model;
    }

    private VersionRow row(RegisteredModel registered, ModelVersion v) {
        ModelName name = new ModelName(v.model());
        List<String> aliases = registered.aliases().entrySet().stream()
                .filter(e -> e.getValue() == v.number()).map(Map.Entry::getKey).sorted().toList();
        // Only versions that could still move to production have a gate to show.
        GateReport production = v.stage() == Stage.ARCHIVED ? null : gates.check(name, v.number(), Stage.PRODUCTION);
        return new VersionRow(v, Metrics.of(evaluations.of(v)).latest(), production,
                lifecycle.approvals(v), aliases);
    }

    private static int number(Context ctx, String field) {
        String raw = ctx.queryParam(field);
        if (raw == null || !raw.matches("[0-9]{1,9}")) {
            throw new InvalidInput(field, field + " is a version number, like 3");
        }
        return Integer.parseInt(raw);
    }
}
