package io.pedigree.web;

import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.fields.FieldQueries;
import io.pedigree.fields.FieldRef;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Quarantines;
import io.pedigree.lineage.Direction;
import io.pedigree.lineage.Environments;
import io.pedigree.lineage.GraphNode;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.LineageGraph;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.NodeKey;
import io.pedigree.web.graph.Diagram;
import io.pedigree.web.graph.FieldDiagram;
import io.pedigree.web.graph.FieldOverlay;
import io.pedigree.web.graph.LineageDiagram;
import io.pedigree.web.graph.Links;
import io.pedigree.web.graph.Marks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The lineage drawing of a node page: reads the view from the query string (depth, direction, kinds, as-of,
 * expanded groups), asks the lineage service, marks quarantined assets and production deployments, and draws.
 * Every link the drawing holds keeps the view, so a URL always reproduces what was on screen. With {@code fields=1}
 * each dataset box lists its fields, and {@code field} highlights one field's lineage end to end.
 */
final class NodeGraphs {

    static final int DEFAULT_DEPTH = 3;

    private final LineageService lineage;
    private final Quarantines quarantines;
    private final Deployments deployments;
    private final LineageDiagram diagram = new LineageDiagram();
    private final int maxDepth;
    private final FieldQueries fields;

    NodeGraphs(LineageService lineage, Quarantines quarantines, Deployments deployments, FieldQueries fields,
               int maxDepth) {
        this.fields = fields;
        this.lineage = lineage;
        this.quarantines = quarantines;
        this.deployments = deployments;
        this.maxDepth = maxDepth;
    }

    /**
     * What the page's controls show and the drawing that goes with them; {@code download} is the query string
     * that downloads this same drawing. {@code fields}: dataset boxes list their fields ({@code fields=1}, or a
     * chosen {@code field}); {@code fieldsToggle} is this view with fields shown or hidden.
     */
    record View(int depth, String direction, Set<String> kinds, String asOf, List<String> expanded, Diagram diagram,
                boolean truncated, String truncatedReason, int maxDepth, String download, boolean fields,
                String field, String fieldsToggle) {
    }

    /**
     * The view a request asks for, its lineage answer and marks, and the query string that reproduces it.
     * {@code field} is the chosen field's key (null: none); {@code fields} whether boxes list fields at all.
     */
    private record Asked(int depth, Direction direction, Set<Kind> kinds, String asOfText, Instant asOf,
                         Set<String> expanded, LineageGraph graph, Marks marks, boolean fields, String field,
                         String view, String here) {
    }

    View view(Context ctx, NodeKey key) {
        Asked a = ask(ctx, key);
        Diagram drawn = a.fields() ? diagram.draw(a.graph(), a.marks(), a.expanded(), links("", a), overlay("", a))
                : diagram.draw(a.graph(), a.marks(), a.expanded(), links("", a));
        String without = a.here().replace("&fields=1", "").replaceAll("&field=[^&]*", "");
        return new View(a.depth(), a.direction().name().toLowerCase(Locale.ROOT),
                a.kinds().stream().map(Kind::id).collect(Collectors.toCollection(LinkedHashSet::new)), a.asOfText(),
                List.copyOf(a.expanded()), drawn, a.graph().truncated(), a.graph().truncatedReason(),
                Math.min(maxDepth, 10), a.here().substring("/node?".length()), a.fields(), a.field(),
                (a.fields() ? without : without + "&fields=1") + "#graph-h");
    }

    /** The drawing as a standalone SVG with a legend; its links go back to {@code origin} (scheme, host, port). */
    String svg(Context ctx, NodeKey key, String origin) {
        Asked a = ask(ctx, key);
        return a.fields() ? diagram.svgDocument(a.graph(), a.marks(), a.expanded(), links(origin, a),
                overlay(origin, a)) : diagram.svgDocument(a.graph(), a.marks(), a.expanded(), links(origin, a));
    }

    /** The drawing as a PNG with a legend. */
    byte[] png(Context ctx, NodeKey key) {
        Asked a = ask(ctx, key);
        return a.fields() ? diagram.png(a.graph(), a.marks(), a.expanded(), links("", a), overlay("", a))
                : diagram.png(a.graph(), a.marks(), a.expanded());
    }

    /**
     * The drawing's fields: each row links to this view with that field's lineage highlighted, a folded box's
     * counting row to this view with the box unfolded.
     */
    private FieldOverlay overlay(String origin, Asked a) {
        String base = origin + a.here().replaceAll("&field=[^&]*", "");
        return new FieldOverlay((datasets, models) -> fields.scope(datasets, models, FieldDiagram.EXPANDED_ROWS,
                a.asOf()), a.field(), f -> base + "&field=" + enc(f) + "#graph-h",
                box -> origin + a.here() + "&expand=" + enc(box) + "#graph-h");
    }

    private static Links links(String origin, Asked a) {
        return new Links(k -> origin + "/node?key=" + enc(k) + a.view(), group -> origin + a.here() + "&expand="
                + enc(group));
    }

    private Asked ask(Context ctx, NodeKey key) {
        int depth = depth(ctx.queryParam("depth"));
        Direction direction = ctx.queryParam("direction") == null || ctx.queryParam("direction").isBlank()
                ? Direction.BOTH : Direction.parse("direction", ctx.queryParam("direction"));
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        for (String k : ctx.queryParams("kinds")) {
            if (!k.isBlank()) {
                kinds.add(Kind.parse("kinds", k));
            }
        }
        String asOfText = ctx.queryParam("asOf") == null ? "" : ctx.queryParam("asOf").trim();
        Instant asOf = instant(asOfText);
        String field = field(ctx.queryParam("field"), key);
        boolean showFields = field != null || flag(ctx.queryParam("fields"));
        Set<String> expanded = new LinkedHashSet<>(ctx.queryParams("expand"));

        LineageGraph graph = lineage.lineage(key, direction, depth, kinds, asOf);
        // A quarantined field does not quarantine its dataset: only whole-node quarantines mark a node.
        Set<String> quarantined = quarantines.list(true, null).stream().filter(q -> q.field() == null)
                .map(q -> q.key())
                .collect(Collectors.toSet());
        Set<String> production = new HashSet<>();
        for (GraphNode n : graph.nodes()) {
            if (Kind.DEPLOYMENT.id().equals(n.kind())) {
                if (Environments.isProduction(deployments.get(n.name(), asOf).environment())) {
                    production.add(n.key());
                }
            }
        }
        String view = "&depth=" + depth + "&direction=" + direction.name().toLowerCase(Locale.ROOT)
                + kinds.stream().map(k -> "&kinds=" + k.id()).collect(Collectors.joining())
                + (asOfText.isEmpty() ? "" : "&asOf=" + enc(asOfText))
                + (showFields ? "&fields=1" : "") + (field == null ? "" : "&field=" + enc(field));
        String here = "/node?key=" + enc(key.toString()) + view
                + expanded.stream().map(e -> "&expand=" + enc(e)).collect(Collectors.joining());
        return new Asked(depth, direction, kinds, asOfText, asOf, expanded, graph,
                new Marks(quarantined, production), showFields, field, view, here);
    }

    /**
     * The chosen field's key: a field of the page's dataset by name, or any field as
     * {@code dataset:<name>#<field>} (so the choice survives following a link to another node).
     */
    private static String field(String raw, NodeKey page) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.trim();
        int hash = v.indexOf('#');
        try {
            if (hash > 0 && v.startsWith(Kind.DATASET.id() + ":")) {
                return FieldRef.parse("", v.substring(0, hash), v.substring(hash + 1)).key();
            }
            if (page.kind() == Kind.DATASET) {
                return FieldRef.parse("", page.toString(), v).key();
            }
        } catch (InvalidInput e) {
            // Refused below, naming the parameter.
        }
        throw new InvalidInput("field", "field names a field of this dataset, or any field as"
                + " dataset:<name>#<field>");
    }

    /** {@code fields=1} (or true, on) shows fields; nothing or 0 does not. */
    private static boolean flag(String raw) {
        if (raw == null || raw.isBlank() || raw.equals("0") || raw.equalsIgnoreCase("false")) {
            return false;
        }
        if (raw.equals("1") || raw.equalsIgnoreCase("true") || raw.equalsIgnoreCase("on")) {
            return true;
        }
        throw new InvalidInput("fields", "fields is 1 (show each dataset's fields in its box) or 0");
    }

    /** The depth a page's query asks for, within the server's maximum. */
    int depthOf(String raw) {
        return depth(raw);
    }

    private int depth(String raw) {
        if (raw == null || raw.isBlank()) {
            return Math.min(DEFAULT_DEPTH, maxDepth);
        }
        try {
            int d = Integer.parseInt(raw.trim());
            if (d >= 1 && d <= maxDepth) {
                return d;
            }
        } catch (NumberFormatException e) {
            // Refused below, naming the field.
        }
        throw new InvalidInput("depth", "depth is a whole number from 1 to " + maxDepth);
    }

    /** An instant, a local date-time (as a date-time field sends it, read as UTC) or a date; empty is now. */
    static Instant instant(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(raw);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(raw).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(raw).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw new InvalidInput("asOf", "asOf is a date (2026-10-03) or a date and time"
                            + " (2026-10-03T14:00, UTC)");
                }
            }
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The kinds a filter can name, for the page's checkboxes. */
    static List<String> kinds() {
        return java.util.Arrays.stream(Kind.values()).map(Kind::id).toList();
    }

    static Map<String, String> directions() {
        return Map.of("both", "Both ways", "upstream", "Upstream: where it came from",
                "downstream", "Downstream: what depends on it");
    }
}
