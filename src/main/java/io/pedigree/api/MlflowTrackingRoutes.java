package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.mlflow.Experiments;
import io.pedigree.mlflow.Ml;
import io.pedigree.mlflow.Runs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.api.MlflowRoutes.BASE;
import static io.pedigree.api.MlflowRoutes.actor;
import static io.pedigree.api.MlflowRoutes.answer;
import static io.pedigree.api.RequestRules.params;

/**
 * The tracking half of the MLflow-compatible API that registration flows touch: experiments, runs (as run nodes of
 * the lineage graph), their parameters, metrics, tags and dataset inputs, and metric history.
 */
final class MlflowTrackingRoutes {

    private final Experiments experiments;
    private final Runs runs;
    private final MlflowArgs args;
    private final Consistency consistency;

    MlflowTrackingRoutes(Experiments experiments, Runs runs, MlflowArgs args, Consistency consistency) {
        this.experiments = experiments;
        this.runs = runs;
        this.args = args;
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        Access.Needs reader = Access.READER;
        Access.Needs writer = Access.WRITER;
        String ex = BASE + "experiments/";
        String ru = BASE + "runs/";

        r.post(ex + "create", c.wrap(this::createExperiment), writer);
        r.get(ex + "get", c.wrap(ctx -> answer(ctx, "experiment", experiments.get(exp(ctx).experimentId()))),
                reader, params("experiment_id"));
        r.get(ex + "get-by-name", c.wrap(ctx -> answer(ctx, "experiment",
                experiments.byName(exp(ctx).experimentName()))), reader, params("experiment_name"));
        r.post(ex + "search", c.wrap(this::searchExperiments), reader);
        r.get(ex + "search", c.wrap(this::searchExperiments), reader,
                params("max_results", "page_token", "filter", "order_by", "view_type"));
        r.post(ex + "set-experiment-tag", c.wrap(this::tagExperiment), writer);

        r.post(ru + "create", c.wrap(this::createRun), writer);
        r.get(ru + "get", c.wrap(ctx -> answer(ctx, "run", runs.get(run(ctx).id()))), reader,
                params("run_id", "run_uuid"));
        r.post(ru + "update", c.wrap(this::updateRun), writer);
        r.post(ru + "search", c.wrap(this::searchRuns), reader);
        r.post(ru + "set-tag", c.wrap(ctx -> log(ctx, List.of(), List.of(), List.of(tag(run(ctx))))), writer);
        r.post(ru + "log-parameter", c.wrap(ctx -> {
            MlflowBodies.RunArgs a = run(ctx);
            log(ctx, List.of(), List.of(new Ml.Param(a.key(), a.value())), List.of());
        }), writer);
        r.post(ru + "log-metric", c.wrap(ctx -> log(ctx, List.of(metric(run(ctx))), List.of(), List.of())),
                writer);
        r.post(ru + "log-batch", c.wrap(ctx -> {
            MlflowBodies.RunArgs a = run(ctx);
            log(ctx, a.metrics() == null ? List.of() : a.metrics(), a.params() == null ? List.of() : a.params(),
                    a.tags() == null ? List.of() : a.tags());
        }), writer);
        r.post(ru + "log-inputs", c.wrap(this::logInputs), writer);
        r.get(BASE + "metrics/get-history", c.wrap(this::history), reader,
                params("run_id", "run_uuid", "metric_key", "max_results", "page_token"));
    }

    private void createExperiment(Context ctx) {
        MlflowBodies.ExperimentArgs a = exp(ctx);
        String id = experiments.create(a.name(), a.artifactLocation(), MlflowBodies.tags(a.tags()), actor(ctx));
        consistency.bookmark(ctx);
        answer(ctx, "experiment_id", id);
    }

    private void searchExperiments(Context ctx) {
        MlflowBodies.ExperimentArgs a = exp(ctx);
        var page = experiments.search(a.filter(), a.maxResults(), a.pageToken(), a.orderBy());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("experiments", page.items());
        if (page.nextPageToken() != null) {
            out.put("next_page_token", page.nextPageToken());
        }
        ctx.json(out);
    }

    private void tagExperiment(Context ctx) {
        MlflowBodies.ExperimentArgs a = exp(ctx);
        experiments.tag(a.experimentId(), a.key(), a.value(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }

    private void createRun(Context ctx) {
        MlflowBodies.RunArgs a = run(ctx);
        var run = runs.create(a.experimentId(), a.runName(), a.startTime(), MlflowBodies.tags(a.tags()), actor(ctx));
        consistency.bookmark(ctx);
        answer(ctx, "run", run);
    }

    private void updateRun(Context ctx) {
        MlflowBodies.RunArgs a = run(ctx);
        var info = runs.update(a.id(), a.status(), a.endTime(), a.runName(), actor(ctx));
        consistency.bookmark(ctx);
        answer(ctx, "run_info", info);
    }

    private void searchRuns(Context ctx) {
        MlflowBodies.RunArgs a = run(ctx);
        var page = runs.search(a.experimentIds(), a.filter(), a.maxResults(), a.pageToken(), a.orderBy());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("runs", page.items());
        if (page.nextPageToken() != null) {
            out.put("next_page_token", page.nextPageToken());
        }
        ctx.json(out);
    }

    private void log(Context ctx, List<Ml.Metric> metrics, List<Ml.Param> params, List<Ml.Tag> tags) {
        MlflowBodies.RunArgs a = run(ctx);
        runs.log(a.id(), metrics, params, tags, actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }

    private void logInputs(Context ctx) {
        MlflowBodies.RunArgs a = run(ctx);
        runs.logInputs(a.id(), a.datasets() == null ? List.of() : a.datasets(), actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }

    private void history(Context ctx) {
        MlflowBodies.RunArgs a = run(ctx);
        answer(ctx, "metrics", runs.history(a.id(), a.metricKey()));
    }

    private static Ml.Tag tag(MlflowBodies.RunArgs a) {
        return new Ml.Tag(a.key(), a.value());
    }

    private static Ml.Metric metric(MlflowBodies.RunArgs a) {
        double value;
        try {
            value = Double.parseDouble(a.value());
        } catch (NullPointerException | NumberFormatException e) {
            throw new InvalidInput("value", "value is the metric's number");
        }
        return new Ml.Metric(a.key(), value, a.timestamp() == null ? 0 : a.timestamp(),
                a.step() == null ? 0 : a.step());
    }

    private MlflowBodies.ExperimentArgs exp(Context ctx) {
        return args.read(ctx, MlflowBodies.ExperimentArgs.class);
    }

    private MlflowBodies.RunArgs run(Context ctx) {
        return args.read(ctx, MlflowBodies.RunArgs.class);
    }
}
