package io.pedigree.web.graph;

import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Lays a {@link Picture} out with Eclipse ELK's layered (Sugiyama) algorithm, left to right in the direction
 * things flow: what was used sits left of what was made from it, so upstream is on the left and downstream on
 * the right, whichever way the page traversed. Edges are routed orthogonally.
 */
final class Layout {

    static final double PADDING = 16;
    static final double BOX_HEIGHT = 58;
    static final double MIN_WIDTH = 120;
    static final double TEXT_INSET = 14;
    /** Room around the shape of the root or a quarantined node for its halo or outline, inside its box so
     * arrows end at the outline rather than under it. */
    static final double MARK_INSET = 5;

    private Layout() {
    }

    static Placement of(Picture picture) {
        ElkNode graph = ElkGraphUtil.createGraph();
        graph.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        graph.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        graph.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.SEPARATE_CHILDREN);
        graph.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(PADDING));
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE, 18.0);
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 56.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 16.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE_BETWEEN_LAYERS, 8.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_NODE, 12.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 8.0);
        graph.setProperty(LayeredOptions.SPACING_COMPONENT_COMPONENT, 32.0);
        // A fixed seed: the same lineage must draw the same picture on every request.
        graph.setProperty(LayeredOptions.RANDOM_SEED, 1);
        graph.setProperty(LayeredOptions.SEPARATE_CONNECTED_COMPONENTS, true);

        Map<String, ElkNode> elk = new HashMap<>();
        Map<ElkNode, Placement.Label> labels = new HashMap<>();
        List<ElkNode> order = new ArrayList<>();
        Map<ElkNode, Item> itemOf = new HashMap<>();
        for (Item item : picture.items()) {
            ElkNode n = ElkGraphUtil.createNode(graph);
            Placement.Label label = label(item);
            double mark = marked(item) ? 2 * MARK_INSET : 0;
            n.setDimensions(width(item, label) + mark, BOX_HEIGHT + mark);
            elk.put(item.id(), n);
            labels.put(n, label);
            itemOf.put(n, item);
            order.add(n);
        }
        List<ElkEdge> edges = new ArrayList<>();
        for (Connection c : picture.connections()) {
            edges.add(ElkGraphUtil.createSimpleEdge(elk.get(c.from()), elk.get(c.to())));
        }

        new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());

        List<Placement.Box> boxes = new ArrayList<>();
        for (ElkNode n : order) {
            boxes.add(new Placement.Box(itemOf.get(n), labels.get(n), n.getX(), n.getY(), n.getWidth(),
                    n.getHeight()));
        }
        List<Placement.Route> routes = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            routes.add(new Placement.Route(picture.connections().get(i), points(edges.get(i))));
        }
        return new Placement(graph.getWidth(), graph.getHeight(), List.copyOf(boxes), List.copyOf(routes));
    }

    static boolean marked(Item item) {
        return item.root() || item.quarantined();
    }

    /** The path ELK routed an edge along: each section's start, bend points and end. */
    static List<Placement.Point> points(ElkEdge edge) {
        List<Placement.Point> points = new ArrayList<>();
        for (ElkEdgeSection s : edge.getSections()) {
            points.add(new Placement.Point(s.getStartX(), s.getStartY()));
            for (ElkBendPoint b : s.getBendPoints()) {
                points.add(new Placement.Point(b.getX(), b.getY()));
            }
            points.add(new Placement.Point(s.getEndX(), s.getEndY()));
        }
        return List.copyOf(points);
    }

    /** Three lines: a small caption naming the kind (and any mark), the name, and the version. */
    static Placement.Label label(Item item) {
        if (item.isGroup()) {
            Group g = item.group();
            String more = g.beyond() > 0 ? "+" + g.beyond() + " beyond \u00b7 expand" : "expand";
            return new Placement.Label((g.upstream() ? "upstream " : "downstream ") + "group",
                    Text.truncate(g.label(), Text.MAX_NAME), more);
        }
        StringBuilder caption = new StringBuilder(item.kind());
        if (item.quarantined()) {
            caption.append(" \u00b7 quarantined");
        }
        if (item.production()) {
            caption.append(" \u00b7 production");
        }
        return new Placement.Label(Text.truncate(caption.toString().toUpperCase(Locale.ROOT), Text.MAX_CAPTION),
                Text.truncate(item.name(), Text.MAX_NAME),
                // A commit's version is a 40-digit hash; its first digits tell commits apart, as in git.
                Text.truncate(item.version(), item.kind().equals("commit") ? 12 : Text.MAX_VERSION));
    }

    static double width(Item item, Placement.Label label) {
        double text = Math.max(Text.width(label.caption(), Text.CAPTION_SIZE, true),
                Math.max(Text.width(label.name(), Text.NAME_SIZE, false),
                        Text.width(label.version(), Text.VERSION_SIZE, false)));
        double w = text + 2 * TEXT_INSET + Shapes.extraWidth(item.kind());
        return Math.ceil(Math.max(MIN_WIDTH, w));
    }
}
