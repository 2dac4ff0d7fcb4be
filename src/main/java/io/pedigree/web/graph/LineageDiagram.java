package io.pedigree.web.graph;

import io.pedigree.fields.FieldGraph;
import io.pedigree.lineage.LineageGraph;

import java.util.Set;

/**
 * Draws a lineage answer as inline SVG for a node page: large neighbourhoods folded into groups, laid out left
 * to right by ELK (upstream left, downstream right), each box a link. Stateless and safe to share between
 * requests.
 *
 * <pre>{@code
 * Diagram d = diagram.draw(lineage, marks, expandedIds, new Links(
 *         key -> "/node?key=" + enc(key) + "&depth=3&direction=both",
 *         groupId -> currentUrl + "&expand=" + enc(groupId)));
 * model.put("graph", d.svg());   // th:utext="${graph}"
 * }</pre>
 */
public final class LineageDiagram {

    /** Neighbours of one kind beyond this many are folded into a group. */
    public static final int DEFAULT_THRESHOLD = 8;
    /** Boxes beyond which folding tightens: past this, a picture stops being readable on a screen. */
    public static final int DEFAULT_MAX_BOXES = 80;

    private final int threshold;
    private final int maxBoxes;

    public LineageDiagram() {
        this(DEFAULT_THRESHOLD, DEFAULT_MAX_BOXES);
    }

    public LineageDiagram(int threshold, int maxBoxes) {
        if (threshold < 1 || maxBoxes < 1) {
            throw new IllegalArgumentException("threshold and maxBoxes must be positive");
        }
        this.threshold = threshold;
        this.maxBoxes = maxBoxes;
    }

    /**
     * Draws {@code graph}. {@code expanded} holds the group ids the page's {@code expand} parameters name; unknown
     * ids are ignored, so an old link still draws.
     */
    public Diagram draw(LineageGraph graph, Marks marks, Set<String> expanded, Links links) {
        Picture picture = fold(graph, marks, expanded);
        Placement placement = Layout.of(picture);
        int nodes = (int) picture.items().stream().filter(i -> !i.isGroup()).count();
        String svg = SvgWriter.write(placement, title(graph, picture), links);
        return new Diagram(svg, nodes, picture.collapsed(), picture.expanded());
    }

    /**
     * {@code graph} drawn as a standalone SVG file with a legend, for a review document; {@code links} should give
     * absolute URLs, as the file leaves the page.
     */
    public String svgDocument(LineageGraph graph, Marks marks, Set<String> expanded, Links links) {
        Picture picture = fold(graph, marks, expanded);
        Placement placement = Layout.of(picture);
        return SvgWriter.document(placement, title(graph, picture), links, Legend.of(placement));
    }

    /** The same drawing and legend as {@link #svgDocument}, painted as a PNG. */
    public byte[] png(LineageGraph graph, Marks marks, Set<String> expanded) {
        Placement placement = Layout.of(fold(graph, marks, expanded));
        return PngWriter.write(placement, Legend.of(placement));
    }

    /**
     * {@code graph} drawn with each dataset box listing its fields, the derivations between them as arrows from row
     * to row and the chosen field's lineage highlighted (see {@link FieldOverlay}); otherwise as {@link #draw}.
     * {@code expanded} may also name dataset boxes to unfold.
     */
    public Diagram draw(LineageGraph graph, Marks marks, Set<String> expanded, Links links, FieldOverlay fields) {
        Picture picture = fold(graph, marks, expanded);
        Tables t = withFields(graph, picture, expanded, links, fields);
        int nodes = (int) picture.items().stream().filter(i -> !i.isGroup()).count();
        return new Diagram(TableSvg.write(TableLayout.of(t), t, links), nodes, picture.collapsed(),
                picture.expanded());
    }

    /** The drawing with fields as a standalone SVG file with a legend. */
    public String svgDocument(LineageGraph graph, Marks marks, Set<String> expanded, Links links,
                              FieldOverlay fields) {
        Picture picture = fold(graph, marks, expanded);
        Tables t = withFields(graph, picture, expanded, links, fields);
        TableLayout.Result r = TableLayout.of(t);
        return TableSvg.document(r, t, links, Legend.of(r.asPlacement(), fields.chosen() != null));
    }

    /** The drawing with fields, and its legend, painted as a PNG. */
    public byte[] png(LineageGraph graph, Marks marks, Set<String> expanded, Links links, FieldOverlay fields) {
        Picture picture = fold(graph, marks, expanded);
        Tables t = withFields(graph, picture, expanded, links, fields);
        TableLayout.Result r = TableLayout.of(t);
        return PngWriter.write(r, t, Legend.of(r.asPlacement(), fields.chosen() != null));
    }

    private static Tables withFields(LineageGraph graph, Picture picture, Set<String> expanded, Links links,
                                     FieldOverlay fields) {
        FieldGraph.Scope scope = fields.scope().apply(FieldLineage.drawn(picture, "dataset"),
                FieldLineage.drawn(picture, "model"));
        String title = title(graph, picture) + ", with the fields of its datasets"
                + (fields.chosen() == null ? "" : " and the lineage of " + fields.chosen() + " highlighted")
                + (scope.truncated() ? " (field derivations cut short)" : "");
        return FieldLineage.of(picture, scope, fields, expanded, links, title);
    }

    private static String title(LineageGraph graph, Picture picture) {
        int nodes = (int) picture.items().stream().filter(i -> !i.isGroup()).count();
        return "Lineage of " + graph.root().key() + ": " + nodes + (nodes == 1 ? " node" : " nodes")
                + (picture.collapsed().isEmpty() ? "" : " and " + picture.collapsed().size()
                + (picture.collapsed().size() == 1 ? " group" : " groups"))
                + ", " + graph.direction().id() + " to depth " + graph.depth()
                + (graph.truncated() ? " (cut short: " + graph.truncatedReason() + ")" : "");
    }

    /**
     * Folds with the configured threshold, then tighter ones while the picture still has too many boxes: a
     * neighbourhood of many small families is as unreadable as one huge family. Groups the page expanded stay
     * expanded whatever the threshold.
     */
    Picture fold(LineageGraph graph, Marks marks, Set<String> expanded) {
        int t = threshold;
        Picture p = Grouping.of(graph, marks, expanded, t);
        while (p.items().size() > maxBoxes && t > 2) {
            t = Math.max(2, t / 2);
            p = Grouping.of(graph, marks, expanded, t);
        }
        return p;
    }
}
