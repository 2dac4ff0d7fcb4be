package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.audit.Csv;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Environments;
import io.pedigree.lineage.GraphNode;
import io.pedigree.lineage.Impact;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.NodeKey;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What depends on a node: affected production deployments and their owners first, then everything else by kind;
 * also as CSV, for the spreadsheet an incident review starts from.
 */
final class ImpactPages {

    private final LineageService lineage;
    private final int maxDepth;

    ImpactPages(LineageService lineage, int maxDepth) {
        this.lineage = lineage;
        this.maxDepth = maxDepth;
    }

    void register(JavalinConfig config) {
        config.routes.get("/impact", this::page, PageRole.READER);
        config.routes.get("/impact.csv", this::csv, PageRole.READER);
    }

    /** The impact the query string asks for: {@code depth} and {@code kinds} as the API reads them. */
    private Impact impact(Context ctx) {
        NodeKey key = NodeKey.parse("key", ctx.queryParam("key"));
        Instant asOf = NodeGraphs.instant(ctx.queryParam("asOf"));
        return lineage.impact(key, depth(ctx), kinds(ctx), lineage.maxNodes("maxNodes", null), asOf);
    }

    private int depth(Context ctx) {
        String depth = ctx.queryParam("depth");
        try {
            return lineage.depth("depth", depth == null || depth.isBlank() ? null : Integer.valueOf(depth.trim()),
                    maxDepth);
        } catch (NumberFormatException e) {
            throw new InvalidInput("depth", "depth is a whole number from 1 to " + maxDepth);
        }
    }

    private static Set<Kind> kinds(Context ctx) {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String v : ctx.queryParams("kinds")) {
            for (String k : v.split(",")) {
                if (!k.isBlank()) {
                    kinds.add(Kind.parse("kinds", k));
                }
            }
        }
        return kinds;
    }

    private void page(Context ctx) {
        Impact impact = impact(ctx);
        String asOf = ctx.queryParam("asOf") == null ? "" : ctx.queryParam("asOf");
        int depth = depth(ctx);
        List<String> chosen = kinds(ctx).stream().map(Kind::id).toList();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "node");
        model.put("impact", impact);
        model.put("asOf", asOf);
        model.put("depth", depth);
        model.put("maxDepth", maxDepth);
        model.put("kinds", NodeGraphs.kinds());
        model.put("chosenKinds", chosen);
        // The CSV holds what the page shows: same depth, kinds and instant.
        model.put("csv", "/impact.csv?key=" + enc(impact.root().key()) + "&depth=" + depth
                + chosen.stream().map(k -> "&kinds=" + k).collect(Collectors.joining())
                + (asOf.isBlank() ? "" : "&asOf=" + enc(asOf)));
        model.put("production", impact.deployments().stream().filter(d -> Environments.isProduction(d.environment())).toList());
        model.put("otherDeployments", impact.deployments().stream().filter(d -> !Environments.isProduction(d.environment()))
                .toList());
        ctx.render("impact", model);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void csv(Context ctx) {
        Impact impact = impact(ctx);
        StringBuilder out = new StringBuilder("kind,key,name,version,depth,environment,serves,owners\r\n");
        Map<String, Impact.AffectedDeployment> deployments = new LinkedHashMap<>();
        impact.deployments().forEach(d -> deployments.put(d.deployment().key(), d));
        for (List<GraphNode> nodes : impact.byKind().values()) {
            for (GraphNode n : nodes) {
                Impact.AffectedDeployment d = deployments.get(n.key());
                row(out, n.kind(), n.key(), n.name(), n.version(), n.depth() == null ? "" : n.depth().toString(),
                        d == null ? "" : d.environment(), d == null ? "" : String.join(" ", d.serves()),
                        d == null ? "" : String.join(" ", d.owners()));
            }
        }
        String name = impact.root().name().replaceAll("[^A-Za-z0-9._-]", "_");
        ctx.header("Content-Disposition", "attachment; filename=\"impact-" + name + ".csv\"");
        ctx.contentType("text/csv; charset=utf-8").result(out.toString());
    }

    /** One RFC 4180 row, formula-like cells defused: keys are written by whoever feeds the graph. */
    private static void row(StringBuilder out, String... cells) {
        out.append(Csv.row(Arrays.asList(cells)));
    }
}
