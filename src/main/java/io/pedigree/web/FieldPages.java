package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.fields.FieldGraph;
import io.pedigree.fields.FieldQueries;
import io.pedigree.fields.FieldRef;
import io.pedigree.fields.FieldView;
import io.pedigree.fields.ImpactCsv;
import io.pedigree.web.graph.FieldDiagram;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/** The page of one field: where it comes from and what depends on it, as of an instant, and its impact as CSV. */
final class FieldPages {

    private final FieldQueries fields;

    FieldPages(FieldQueries fields) {
        this.fields = fields;
    }

    void register(JavalinConfig config) {
        config.routes.get("/field", this::page, PageRole.READER);
        config.routes.get("/field-impact.csv", this::csv, PageRole.READER);
    }

    private void page(Context ctx) {
        FieldRef ref = FieldRef.parse("", ctx.queryParam("dataset"), ctx.queryParam("field"));
        FieldView view = FieldView.parse("view", ctx.queryParam("view"));
        Instant asOf = NodeGraphs.instant(ctx.queryParam("asOf"));
        int depth = fields.depth("depth", null);
        int max = fields.maxNodes("maxNodes", null);
        FieldGraph.Upstream upstream = fields.upstream(ref, view, depth, max, asOf);
        FieldGraph.Impact impact = fields.impact(ref, view, depth, max, asOf);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "node");
        model.put("field", ref);
        model.put("view", view.name().toLowerCase());
        model.put("asOf", ctx.queryParam("asOf") == null ? "" : ctx.queryParam("asOf").trim());
        model.put("upstream", upstream);
        model.put("impact", impact);
        Map<String, String> links = fieldLinks(upstream, impact, view, ctx.queryParam("asOf"));
        model.put("fieldLinks", links);
        model.put("graph", drawing(ctx, ref, view, upstream, impact, links));
        model.put("csv", "/field-impact.csv?dataset=" + enc(ref.dataset().toString()) + "&field=" + enc(ref.field())
                + "&view=" + view.name().toLowerCase()
                + (ctx.queryParam("asOf") == null ? "" : "&asOf=" + enc(ctx.queryParam("asOf"))));
        ctx.render("field", model);
    }

    /** The drawing with each dataset's fields in its box; {@code expand} (repeatable) unfolds a dataset's box. */
    private String drawing(Context ctx, FieldRef ref, FieldView view, FieldGraph.Upstream upstream,
                           FieldGraph.Impact impact, Map<String, String> links) {
        Set<String> datasets = new LinkedHashSet<>();
        datasets.add(ref.dataset().toString());
        upstream.fields().forEach(f -> datasets.add(f.dataset()));
        impact.fields().forEach(f -> datasets.add(f.dataset()));
        if (datasets.size() > FieldDiagram.MAX_BOXES) {
            return null;
        }
        Set<String> expanded = new LinkedHashSet<>(ctx.queryParams("expand"));
        String asOf = ctx.queryParam("asOf");
        String keep = "&view=" + view.name().toLowerCase() + (asOf == null ? "" : "&asOf=" + enc(asOf));
        String here = "/field?dataset=" + enc(ref.dataset().toString()) + "&field=" + enc(ref.field()) + keep;
        StringBuilder open = new StringBuilder();
        expanded.forEach(d -> open.append("&expand=").append(enc(d)));
        return FieldDiagram.draw(upstream, impact,
                fields.schemas(datasets, FieldDiagram.EXPANDED_ROWS, NodeGraphs.instant(asOf)), expanded,
                new FieldDiagram.FieldLinks(
                        (dataset, field) -> links.getOrDefault(dataset + "#" + field,
                                "/field?dataset=" + enc(dataset) + "&field=" + enc(field) + keep),
                        key -> "/node?key=" + enc(key),
                        dataset -> "/node?key=" + enc(dataset),
                        dataset -> here + open + (expanded.contains(dataset) ? "" : "&expand=" + enc(dataset))
                                + "#field-graph-h"));
    }

    private void csv(Context ctx) {
        FieldRef ref = FieldRef.parse("", ctx.queryParam("dataset"), ctx.queryParam("field"));
        FieldGraph.Impact impact = fields.impact(ref, FieldView.parse("view", ctx.queryParam("view")),
                fields.depth("depth", null), fields.maxNodes("maxNodes", null),
                NodeGraphs.instant(ctx.queryParam("asOf")));
        String name = (ref.dataset().name() + "-" + ref.field()).replaceAll("[^A-Za-z0-9._-]", "_");
        ctx.header("Content-Disposition", "attachment; filename=\"field-impact-" + name + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(ImpactCsv.write(impact));
    }

    /** The page of every field in the answers, keeping the view and instant, by field key. */
    private static Map<String, String> fieldLinks(FieldGraph.Upstream up, FieldGraph.Impact impact, FieldView view,
                                                  String asOf) {
        Map<String, String> out = new HashMap<>();
        String keep = "&view=" + view.name().toLowerCase() + (asOf == null ? "" : "&asOf=" + enc(asOf));
        java.util.stream.Stream.of(List.of(up.root()), up.fields(), impact.fields()).flatMap(List::stream)
                .forEach(f -> out.put(f.key(), "/field?dataset=" + enc(f.dataset()) + "&field=" + enc(f.field())
                        + keep));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
