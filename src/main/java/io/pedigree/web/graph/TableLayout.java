package io.pedigree.web.graph;

import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.PortConstraints;
import org.eclipse.elk.core.options.PortSide;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkConnectableShape;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.ElkPort;
import org.eclipse.elk.graph.util.ElkGraphUtil;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays {@link Tables} out with ELK's layered algorithm, left to right as values flow. Each dataset box is one ELK
 * node with a port at each end of every row (fixed positions), so an arrow leaves the row of the input field on
 * the box's right side and enters the row of the derived field on the left: the layout orders boxes and routes
 * arrows knowing which row they belong to.
 */
final class TableLayout {

    static final double HEADER = 42;
    static final double ROW = 22;
    static final double BOTTOM = 6;
    static final int ROW_SIZE = 12;

    /** Where a dataset box, or a model or deployment box, sits; {@code table} is null for the latter. */
    record Box(Tables.Table table, Item item, Placement.Label label, double x, double y, double w, double h) {
    }

    record Result(double width, double height, List<Box> boxes, List<Placement.Route> routes) {

        /** The same picture with each dataset box as a plain dataset item, for the legend under a download. */
        Placement asPlacement() {
            List<Placement.Box> out = new ArrayList<>();
            for (Box b : boxes) {
                Item item = b.item() != null ? b.item() : new Item(b.table().id(), "dataset", b.table().name(), "",
                        0, b.table().root(), b.table().quarantined(), false, null);
                out.add(new Placement.Box(item, b.label(), b.x(), b.y(), b.w(), b.h()));
            }
            return new Placement(width, height, List.copyOf(out), routes);
        }
    }

    private TableLayout() {
    }

    static Result of(Tables t) {
        ElkNode graph = ElkGraphUtil.createGraph();
        graph.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
        graph.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.ORTHOGONAL);
        graph.setProperty(CoreOptions.PADDING, new ElkPadding(Layout.PADDING));
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE, 24.0);
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 64.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 16.0);
        graph.setProperty(LayeredOptions.SPACING_EDGE_EDGE, 6.0);
        // A fixed seed: the same lineage draws the same picture on every request.
        graph.setProperty(LayeredOptions.RANDOM_SEED, 1);

        Map<String, ElkConnectableShape> west = new HashMap<>();
        Map<String, ElkConnectableShape> east = new HashMap<>();
        List<ElkNode> order = new ArrayList<>();
        List<Box> unplaced = new ArrayList<>();
        for (Tables.Table table : t.tables()) {
            ElkNode n = ElkGraphUtil.createNode(graph);
            n.setProperty(CoreOptions.PORT_CONSTRAINTS, PortConstraints.FIXED_POS);
            double w = width(table);
            double h = HEADER + table.rows().size() * ROW + BOTTOM;
            n.setDimensions(w, h);
            // A dataset-wide dependency (a join key, a filter) points at the dataset's name.
            west.put(table.id(), port(n, PortSide.WEST, 0, HEADER / 2));
            // A lineage relation of the whole dataset (the node drawing with fields) leaves from its name too.
            east.put(table.id(), port(n, PortSide.EAST, w, HEADER / 2));
            for (int i = 0; i < table.rows().size(); i++) {
                double y = HEADER + i * ROW + ROW / 2;
                west.put(table.rows().get(i).id(), port(n, PortSide.WEST, 0, y));
                east.put(table.rows().get(i).id(), port(n, PortSide.EAST, w, y));
            }
            order.add(n);
            unplaced.add(new Box(table, null, null, 0, 0, w, h));
        }
        for (Item item : t.boxes()) {
            ElkNode n = ElkGraphUtil.createNode(graph);
            Placement.Label label = Layout.label(item);
            // The root's halo and a quarantine outline sit inside the box, as in the node drawing.
            double mark = Layout.marked(item) ? 2 * Layout.MARK_INSET : 0;
            double w = Layout.width(item, label) + mark;
            n.setDimensions(w, Layout.BOX_HEIGHT + mark);
            west.put(item.id(), n);
            east.put(item.id(), n);
            order.add(n);
            unplaced.add(new Box(null, item, label, 0, 0, w, Layout.BOX_HEIGHT + mark));
        }
        List<ElkEdge> edges = new ArrayList<>();
        for (Connection c : t.connections()) {
            edges.add(ElkGraphUtil.createSimpleEdge(east.get(c.from()), west.get(c.to())));
        }

        new RecursiveGraphLayoutEngine().layout(graph, new BasicProgressMonitor());

        List<Box> boxes = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            Box b = unplaced.get(i);
            ElkNode n = order.get(i);
            boxes.add(new Box(b.table(), b.item(), b.label(), n.getX(), n.getY(), n.getWidth(), n.getHeight()));
        }
        List<Placement.Route> routes = new ArrayList<>();
        for (int i = 0; i < edges.size(); i++) {
            routes.add(new Placement.Route(t.connections().get(i), Layout.points(edges.get(i))));
        }
        return new Result(graph.getWidth(), graph.getHeight(), List.copyOf(boxes), List.copyOf(routes));
    }

    private static ElkPort port(ElkNode n, PortSide side, double x, double y) {
        ElkPort p = ElkGraphUtil.createPort(n);
        p.setDimensions(0, 0);
        p.setLocation(x, y);
        p.setProperty(CoreOptions.PORT_SIDE, side);
        return p;
    }

    static double width(Tables.Table table) {
        double w = Text.width(Text.truncate(table.name(), Text.MAX_NAME), Text.NAME_SIZE, false);
        if (table.quarantined()) {
            w = Math.max(w, Text.width("DATASET \u00b7 QUARANTINED", Text.CAPTION_SIZE, true));
        }
        for (Tables.Row r : table.rows()) {
            w = Math.max(w, Text.width(Text.truncate(r.label(), Text.MAX_NAME), ROW_SIZE, r.onPath()));
        }
        return Math.ceil(Math.max(Layout.MIN_WIDTH, w + 2 * Layout.TEXT_INSET));
    }
}
