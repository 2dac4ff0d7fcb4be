package io.pedigree.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.openlineage.OpenLineage;
import io.pedigree.openlineage.Views;

import java.util.LinkedHashMap;
import java.util.Map;

/** Pages of jobs and runs reported through OpenLineage: a job's runs, failures first; a run's facets and events. */
final class OpenLineagePages {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int RUNS_SHOWN = 100;
    private static final int EVENTS_SHOWN = 200;
    /** Longest facet text shown on a page; the API returns them whole. */
    private static final int FACETS_SHOWN = 200_000;

    private final OpenLineage ol;

    OpenLineagePages(OpenLineage ol) {
        this.ol = ol;
    }

    void register(JavalinConfig config) {
        config.routes.get("/openlineage/job", this::job, PageRole.READER);
        config.routes.get("/openlineage/run", this::run, PageRole.READER);
    }

    private void job(Context ctx) {
        String namespace = required(ctx, "namespace");
        String name = required(ctx, "name");
        Views.JobView job = ol.job(OpenLineage.jobKey(namespace, name), RUNS_SHOWN);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "openlineage");
        model.put("job", job);
        model.put("facets", pretty(job.facets()));
        ctx.render("job", model);
    }

    private void run(Context ctx) {
        Views.RunView run = ol.run(ol.runKey(required(ctx, "runId")), EVENTS_SHOWN);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "openlineage");
        model.put("run", run);
        model.put("facets", pretty(run.facets()));
        ctx.render("run", model);
    }

    private static String required(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw new InvalidInput(name, "The '" + name + "' parameter is required");
        }
        return v;
    }

    private static String pretty(Object facets) {
        try {
            String s = PRETTY.writeValueAsString(facets);
            return s.length() > FACETS_SHOWN ? s.substring(0, FACETS_SHOWN) + "\n… (the API returns them whole)" : s;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
