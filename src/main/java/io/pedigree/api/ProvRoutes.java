package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.lineage.Direction;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeKey;
import io.pedigree.prov.Prov;
import io.pedigree.registry.ModelName;

import java.io.IOException;
import java.util.function.UnaryOperator;

import static io.pedigree.api.RequestRules.params;

/**
 * PROV-JSON under {@code /api/v1/prov}: the lineage, impact and path answers, a model version's provenance and the
 * whole graph as W3C PROV-JSON, and import of a PROV-JSON document. The mapping is in {@code docs/prov.md}.
 */
final class ProvRoutes {

    private static final String MEDIA_TYPE = "application/json";

    private final Prov prov;
    private final LineageService lineage;
    private final Limits limits;
    private final JsonBody body;
    private final Consistency consistency;
    private final UnaryOperator<NodeKey> canonical;

    ProvRoutes(Prov prov, LineageService lineage, Limits limits, JsonBody body, Consistency consistency,
               UnaryOperator<NodeKey> canonical) {
        this.prov = prov;
        this.lineage = lineage;
        this.limits = limits;
        this.body = body;
        this.consistency = consistency;
        this.canonical = canonical;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        r.get("/api/v1/prov/lineage", c.wrap(this::lineage), Access.READER,
                params("key", "direction", "depth", "maxNodes", "asOf"));
        r.get("/api/v1/prov/impact", c.wrap(this::impact), Access.READER,
                params("key", "depth", "maxNodes", "asOf"));
        r.get("/api/v1/prov/path", c.wrap(this::path), Access.READER, params("from", "to", "maxDepth", "limit", "asOf"));
        r.get("/api/v1/prov/models/{name}/versions/{version}", c.wrap(this::version), Access.READER);
        r.get("/api/v1/prov/graph", c.wrap(this::graph), Access.READER);
        r.post("/api/v1/prov/import", c.wrap(this::load), Access.WRITER);
    }

    private void lineage(Context ctx) throws IOException {
        NodeKey key = canonical.apply(Params.key(ctx, "key"));
        Direction direction = Direction.parse("direction", ctx.queryParam("direction"));
        int depth = lineage.depth("depth", Params.integer(ctx, "depth"), Math.min(5, limits.maxDepth()));
        int maxNodes = lineage.maxNodes("maxNodes", Params.integer(ctx, "maxNodes"));
        answer(ctx, "lineage");
        prov.exports().lineage(key, direction, depth, maxNodes, Params.instant(ctx, "asOf"), actor(ctx),
                ctx.outputStream());
    }

    private void impact(Context ctx) throws IOException {
        NodeKey key = canonical.apply(Params.key(ctx, "key"));
        int depth = lineage.depth("depth", Params.integer(ctx, "depth"), limits.maxDepth());
        int maxNodes = lineage.maxNodes("maxNodes", Params.integer(ctx, "maxNodes"));
        answer(ctx, "impact");
        prov.exports().impact(key, depth, maxNodes, Params.instant(ctx, "asOf"), actor(ctx), ctx.outputStream());
    }

    private void path(Context ctx) throws IOException {
        NodeKey from = canonical.apply(Params.key(ctx, "from"));
        NodeKey to = canonical.apply(Params.key(ctx, "to"));
        int depth = lineage.depth("maxDepth", Params.integer(ctx, "maxDepth"), limits.maxDepth());
        int limit = Params.bounded(ctx, "limit", 10, 1, 100);
        answer(ctx, "path");
        prov.exports().path(from, to, depth, limit, Params.instant(ctx, "asOf"), actor(ctx), ctx.outputStream());
    }

    private void version(Context ctx) throws IOException {
        ModelName name = ModelName.parse("name", ctx.pathParam("name"));
        answer(ctx, "model-" + name.value() + "-" + ctx.pathParam("version").replaceAll("[^A-Za-z0-9._-]", "_"));
        prov.exports().version(name, ctx.pathParam("version"), actor(ctx), ctx.outputStream());
    }

    private void graph(Context ctx) throws IOException {
        answer(ctx, "graph");
        prov.exports().graph(actor(ctx), ctx.outputStream());
    }

    private void load(Context ctx) throws Exception {
        JsonNode doc = body.read(ctx, JsonNode.class);
        var result = prov.imports().load(doc, actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(result);
    }

    /** Headers go first: the document is streamed, and every check that can refuse it has run by then. */
    private static void answer(Context ctx, String name) {
        ctx.contentType(MEDIA_TYPE);
        ctx.header("Content-Disposition", "inline; filename=\"pedigree-" + name + ".prov.json\"");
    }

    private static String actor(Context ctx) {
        return Access.principal(ctx).name();
    }
}
