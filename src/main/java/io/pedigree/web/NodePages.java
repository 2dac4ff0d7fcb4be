package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.artifacts.Artifacts;
import io.pedigree.fields.FieldQueries;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeDetail;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.NodeReader;

import java.util.LinkedHashMap;
import java.util.Map;

/** The page of one node: identity, owner, family and versions, properties, fields, and its lineage graph. */
final class NodePages {

    private final NodeReader nodes;
    private final NodeGraphs graphs;
    private final Artifacts artifacts;
    private final FieldQueries fields;
    private final java.util.function.UnaryOperator<NodeKey> canonical;
    private final io.pedigree.observability.Incidents incidents;

    /**
     * {@code graphs} draws a node's lineage as an SVG string whose every user string it escaped itself; it is the
     * only markup a template inserts unescaped.
     */
    NodePages(NodeReader nodes, NodeGraphs graphs, Artifacts artifacts, FieldQueries fields,
              java.util.function.UnaryOperator<NodeKey> canonical, io.pedigree.observability.Incidents incidents) {
        this.incidents = incidents;
        this.canonical = canonical;
        this.fields = fields;
        this.nodes = nodes;
        this.graphs = graphs;
        this.artifacts = artifacts;
    }

    void register(JavalinConfig config) {
        config.routes.get("/node", this::node, PageRole.READER);
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
