package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.artifacts.Artifacts;
import io.pedigree.fields.FieldQueries;
import io.pedigree.lineage.Direction;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeDetail;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.NodeReader;
import io.pedigree.prov.ProvExports;

import java.util.LinkedHashMap;
import java.util.Map;

/** The page of one node: identity, owner, family and versions, properties, fields, and its lineage graph. */
final class NodePages {

    private final NodeReader nodes;
    private final NodeGraphs graphs;
    private final Artifacts artifacts;
    private final FieldQueries fields;
    private final java.util.function.UnaryOperator<NodeKey> canonical;
    private final ProvExports prov;
    private final int maxNodes;
    private final io.pedigree.observability.Incidents incidents;

    /**
     * {@code graphs} draws a node's lineage as an SVG string whose every user string it escaped itself; it is the
     * only markup a template inserts unescaped.
     */
    NodePages(NodeReader nodes, NodeGraphs graphs, Artifacts artifacts, FieldQueries fields,
              java.util.function.UnaryOperator<NodeKey> canonical, ProvExports prov, int maxNodes,
              io.pedigree.observability.Incidents incidents) {
        this.prov = prov;
        this.maxNodes = maxNodes;
        this.incidents = incidents;
        this.canonical = canonical;
        this.fields = fields;
        this.nodes = nodes;
        this.graphs = graphs;
        this.artifacts = artifacts;
    }

    void register(JavalinConfig config) {
        config.routes.get("/node", this::node, PageRole.READER);
        config.routes.get("/node/lineage.svg", this::svg, PageRole.READER);
        config.routes.get("/node/lineage.png", this::png, PageRole.READER);
        config.routes.get("/node/lineage.prov.json", this::provJson, PageRole.READER);
    }

    /** The page's drawing as a file, with a legend, for a review document; the same query as the page. */
    private void svg(Context ctx) {
        NodeKey key = canonical.apply(NodeKey.parse("key", ctx.queryParam("key")));
        String svg = graphs.svg(ctx, key, Guard.origin(ctx.url()));
        attachment(ctx, key, "svg");
        ctx.contentType("image/svg+xml; charset=utf-8").result(svg);
    }

    private void png(Context ctx) {
        NodeKey key = canonical.apply(NodeKey.parse("key", ctx.queryParam("key")));
        byte[] png = graphs.png(ctx, key);
        attachment(ctx, key, "png");
        ctx.contentType("image/png").result(png);
    }

    /** The page's lineage (depth, direction, as-of; kind filters do not apply) as W3C PROV-JSON. */
    private void provJson(Context ctx) {
        NodeKey key = canonical.apply(NodeKey.parse("key", ctx.queryParam("key")));
        String direction = ctx.queryParam("direction");
        Direction d = direction == null || direction.isBlank() ? Direction.BOTH : Direction.parse("direction", direction);
        int depth = graphs.depthOf(ctx.queryParam("depth"));
        java.time.Instant asOf = NodeGraphs.instant(ctx.queryParam("asOf"));
        Viewer viewer = Viewer.of(ctx);
        // Answer first, then write: an unknown key is still an error page, not half a document.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        prov.lineage(key, d, depth, maxNodes, asOf, viewer.signedIn() ? viewer.actor() : "anonymous", out);
        attachment(ctx, key, "prov.json");
        ctx.contentType("application/json").result(out.toByteArray());
    }

    private static void attachment(Context ctx, NodeKey key, String extension) {
        String name = key.toString().replaceAll("[^A-Za-z0-9._-]", "_");
        ctx.header("Content-Disposition", "attachment; filename=\"lineage-" + name + "." + extension + "\"");
    }

    private void node(Context ctx) {
        NodeKey key = NodeKey.parse("key", ctx.queryParam("key"));
        NodeKey answering = canonical.apply(key);
        if (!answering.equals(key)) {
            // A dataset name a symlinks facet made an alias: its page is the canonical dataset's, which lists it.
            ctx.redirect("/node?key=" + java.net.URLEncoder.encode(answering.toString(),
                    java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        NodeDetail node = nodes.get(key);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "node");
        model.put("node", node);
        NodeGraphs.View view = graphs.view(ctx, key);
        model.put("view", view);
        model.put("graph", view.diagram().svg());
        model.put("kinds", NodeGraphs.kinds());
        model.put("artifacts", artifacts.of(key));
        model.put("directions", NodeGraphs.directions());
        if (key.kind() == Kind.DATASET) {
            model.put("fields", fields.fields(key, 500));
            model.put("fieldsDataset", key.family().orElse(key).toString());
        }
        // A version's incidents are those that started while it served; a deployment's, all of them.
        if (key.kind() == Kind.MODEL && key.isVersion()) {
            model.put("incidents", incidents.list(null, null, null, key.toString(), 50));
        } else if (key.kind() == Kind.DEPLOYMENT) {
            model.put("incidents", incidents.list(null, key.name(), null, null, 50));
        }
        ctx.render("node", model);
    }
}
