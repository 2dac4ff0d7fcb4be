package io.pedigree.web.graph;

import io.pedigree.fields.FieldGraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws a field's lineage as inline SVG for the field page, laid out by ELK like the node drawing: the fields it
 * is computed from on the left, the field (highlighted) in the middle, then the fields derived from it, the model
 * versions consuming one of them and the deployments serving those on the right. Each field box names its
 * dataset on its last line. Dataset-wide dependencies, which name no field, are left to the table.
 */
public final class FieldDiagram {

    /** Boxes beyond which the drawing is left out: the tables below it say the same, and stay readable. */
    public static final int MAX_BOXES = 120;

    private FieldDiagram() {
    }

    /**
     * The drawing, or null when the answers hold more than {@link #MAX_BOXES} boxes. {@code links.node()} is
     * given a field key, a model version key or a deployment key.
     */
    public static String draw(FieldGraph.Upstream up, FieldGraph.Impact impact, Links links) {
        Map<String, Item> items = new LinkedHashMap<>();
        FieldGraph.FieldNode root = up.root();
        items.put(root.key(), field(root, 0, true));
        up.fields().forEach(f -> items.putIfAbsent(f.key(), field(f, -f.depth(), false)));
        impact.fields().forEach(f -> items.putIfAbsent(f.key(), field(f, f.depth(), false)));
        int deepest = impact.fields().stream().mapToInt(FieldGraph.FieldNode::depth).max().orElse(0);
        for (FieldGraph.AffectedModel m : impact.models()) {
            items.putIfAbsent(m.version(), node(m.version(), "model", deepest + 1, false));
        }
        for (FieldGraph.AffectedDeployment d : impact.deployments()) {
            items.putIfAbsent(d.deployment(), node(d.deployment(), "deployment", deepest + 2,
                    d.environment() != null && d.environment().toLowerCase().startsWith("prod")));
        }
        if (items.size() > MAX_BOXES) {
            return null;
        }
        Set<Connection> connections = new LinkedHashSet<>();
        List<FieldGraph.FieldEdge> edges = new ArrayList<>(up.edges());
        edges.addAll(impact.edges());
        for (FieldGraph.FieldEdge e : edges) {
            // An edge reads "from is computed from to": the drawing points the way values flow.
            if (e.fromField() != null && items.containsKey(e.from()) && items.containsKey(e.to())) {
                connections.add(new Connection(e.to(), e.from(), e.type()));
            }
        }
        for (FieldGraph.AffectedModel m : impact.models()) {
            m.via().stream().filter(items::containsKey)
                    .forEach(f -> connections.add(new Connection(f, m.version(), "CONSUMES")));
        }
        for (FieldGraph.AffectedDeployment d : impact.deployments()) {
            d.serves().stream().filter(items::containsKey)
                    .forEach(v -> connections.add(new Connection(v, d.deployment(), "SERVES")));
        }
        Picture picture = new Picture(root.key(), List.copyOf(items.values()), List.copyOf(connections), List.of(),
                List.of());
        String title = "Field lineage of " + root.key() + ": " + up.fields().size() + " upstream and "
                + impact.fields().size() + " derived fields, " + impact.models().size() + " model versions, "
                + impact.deployments().size() + " deployments";
        return SvgWriter.write(Layout.of(picture), title, links);
    }

    private static Item field(FieldGraph.FieldNode f, int depth, boolean root) {
        String dataset = f.dataset().startsWith("dataset:") ? f.dataset().substring("dataset:".length())
                : f.dataset();
        return new Item(f.key(), "field", f.field(), dataset, depth, root, false, false, null);
    }

    private static Item node(String key, String kind, int depth, boolean production) {
        int colon = key.indexOf(':');
        int at = key.lastIndexOf('@');
        String name = at > colon ? key.substring(colon + 1, at) : key.substring(colon + 1);
        String version = at > colon ? key.substring(at + 1) : "";
        return new Item(key, kind, name, version, depth, false, false, production, null);
    }
}
