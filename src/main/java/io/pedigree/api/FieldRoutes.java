package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.fields.FieldQueries;
import io.pedigree.fields.FieldRef;
import io.pedigree.fields.FieldView;
import io.pedigree.fields.FieldWriter;
import io.pedigree.fields.ImpactCsv;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeKey;

import static io.pedigree.api.RequestRules.params;

/** Field-level lineage: declare fields, derivations and features; ask a field's upstream and impact. */
final class FieldRoutes {

    private static final String[] TRAVERSAL = {"dataset", "field", "view", "depth", "maxNodes", "asOf"};

    private final FieldWriter writer;
    private final FieldQueries queries;
    private final Limits limits;
    private final JsonBody body;
    private final Consistency consistency;

    FieldRoutes(FieldWriter writer, FieldQueries queries, Limits limits, JsonBody body, Consistency consistency) {
        this.writer = writer;
        this.queries = queries;
        this.limits = limits;
        this.body = body;
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        r.post("/api/v1/fields", c.wrap(this::declare), Access.WRITER);
        r.get("/api/v1/fields", c.wrap(this::list), Access.READER, params("dataset", "limit", "asOf"));
        r.get("/api/v1/fields/upstream", c.wrap(this::upstream), Access.READER, params(TRAVERSAL));
        r.get("/api/v1/fields/impact", c.wrap(this::impact), Access.READER, params(TRAVERSAL, "format"));
    }

    private void declare(Context ctx) throws Exception {
        FieldBodies.FieldsBody b = body.read(ctx, FieldBodies.FieldsBody.class);
        var summary = writer.declare(b.toBatch(limits), Access.principal(ctx).name());
        consistency.bookmark(ctx);
        ctx.json(summary);
    }

    private void list(Context ctx) {
        NodeKey dataset = Params.key(ctx, "dataset");
        ctx.json(queries.fields(dataset, Params.bounded(ctx, "limit", 1000, 1, 10_000), Params.instant(ctx, "asOf")));
    }

    private void upstream(Context ctx) {
        JsonAnswers.write(ctx, queries.upstream(field(ctx), FieldView.parse("view", ctx.queryParam("view")),
                queries.depth("depth", Params.integer(ctx, "depth")),
                queries.maxNodes("maxNodes", Params.integer(ctx, "maxNodes")), Params.instant(ctx, "asOf")));
    }

    private void impact(Context ctx) {
        String format = Params.optional(ctx, "format");
        if (format != null && !format.equals("json") && !format.equals("csv")) {
            throw new InvalidInput("format", "format is json or csv");
        }
        FieldRef f = field(ctx);
        var impact = queries.impact(f, FieldView.parse("view", ctx.queryParam("view")),
                queries.depth("depth", Params.integer(ctx, "depth")),
                queries.maxNodes("maxNodes", Params.integer(ctx, "maxNodes")), Params.instant(ctx, "asOf"));
        if ("csv".equals(format)) {
            String name = (f.dataset().name() + "-" + f.field()).replaceAll("[^A-Za-z0-9._-]", "_");
            ctx.header("Content-Disposition", "attachment; filename=\"field-impact-" + name + ".csv\"");
            ctx.contentType("text/csv; charset=utf-8").result(ImpactCsv.write(impact));
            return;
        }
        // As bytes: writing this answer through a String first took more of the request thread than its query.
        JsonAnswers.write(ctx, impact);
    }

    private static FieldRef field(Context ctx) {
        return FieldRef.parse("", Params.required(ctx, "dataset"), Params.required(ctx, "field"));
    }
}
