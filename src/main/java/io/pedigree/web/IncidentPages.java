package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.observability.Incidents;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The incidents list, newest first, filtered by state, severity, deployment and model through a plain form. */
final class IncidentPages {

    static final int SHOWN = 200;

    private final Incidents incidents;

    IncidentPages(Incidents incidents) {
        this.incidents = incidents;
    }

    void register(JavalinConfig config) {
        config.routes.get("/incidents", this::list, PageRole.READER);
    }

    private void list(Context ctx) {
        String status = blankToNull(ctx.queryParam("status"));
        String severity = blankToNull(ctx.queryParam("severity"));
        String deployment = blankToNull(ctx.queryParam("deployment"));
        String model = blankToNull(ctx.queryParam("model"));
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("section", "incidents");
        page.put("statuses", List.of("open", "acknowledged", "resolved"));
        page.put("severities", List.of("critical", "high", "medium", "low"));
        page.put("status", status);
        page.put("severity", severity);
        page.put("deployment", deployment);
        page.put("model", model);
        page.put("incidents", incidents.list(status, deployment, severity, null, model, SHOWN));
        page.put("shown", SHOWN);
        ctx.render("incidents", page);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
