package io.pedigree.web.graph;

import io.pedigree.fields.FieldGraph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Draws a field's lineage as inline SVG for the field page, laid out by ELK: each dataset is one box listing its
 * fields, with arrows from row to row (ELK ports), then the model versions consuming one of them and the
 * deployments serving those. The chosen field's row, the rows on its lineage and every arrow between them are
 * highlighted end to end; a dataset-wide dependency points at the dataset's name. Large schemas fold: a box shows
 * at most {@link #PATH_ROWS} fields of the lineage and {@link #OTHER_ROWS} others, and one row counts the rest;
 * an expanded dataset shows all of them.
 */
public final class FieldDiagram {

    /** Boxes (datasets, model versions, deployments) beyond which the drawing is left out for the tables. */
    public static final int MAX_BOXES = 120;
    /** Fields of the lineage a folded dataset box shows one by one. */
    public static final int PATH_ROWS = 8;
    /** Other fields of the dataset a folded box shows before counting the rest. */
    public static final int OTHER_ROWS = 3;
    /** Rows an expanded dataset box shows at most, so one request cannot ask for a huge picture. */
    public static final int EXPANDED_ROWS = 500;

    /**
     * Where the drawing links: {@code field} from (dataset, field) to that field's page, {@code node} from a
     * model version or deployment key to its page, {@code dataset} from a dataset key to its page, and
     * {@code expand} from a dataset key to this page with that dataset unfolded. URLs are escaped by the drawing.
     */
    public record FieldLinks(BiFunction<String, String, String> field, Function<String, String> node,
                             Function<String, String> dataset, Function<String, String> expand) {
    }

    private FieldDiagram() {
    }

    /**
     * The drawing, or null when it would hold more than {@link #MAX_BOXES} boxes. {@code schemas} gives each
     * dataset's fields (to list the ones off the lineage); {@code expanded} names the datasets shown unfolded.
     */
    public static String draw(FieldGraph.Upstream up, FieldGraph.Impact impact,
                              Map<String, FieldGraph.DatasetSchema> schemas, Set<String> expanded, FieldLinks links) {
        FieldGraph.FieldNode root = up.root();
        // The fields on the lineage, by dataset, nearest the root first.
        Map<String, List<FieldGraph.FieldNode>> onPath = new LinkedHashMap<>();
        List<FieldGraph.FieldNode> all = new ArrayList<>();
        all.add(root);
        all.addAll(up.fields());
        all.addAll(impact.fields());
        Set<String> seen = new LinkedHashSet<>();
        for (FieldGraph.FieldNode f : all) {
            if (seen.add(f.key())) {
                onPath.computeIfAbsent(f.dataset(), d -> new ArrayList<>()).add(f);
            }
        }
        if (onPath.size() + impact.models().size() + impact.deployments().size() > MAX_BOXES) {
            return null;
        }
        // Where each field's arrows attach: its own row, or the fold row that counts it.
        Map<String, String> rowOf = new HashMap<>();
        List<Tables.Table> tables = new ArrayList<>();
        for (Map.Entry<String, List<FieldGraph.FieldNode>> e : onPath.entrySet()) {
            tables.add(table(e.getKey(), e.getValue(), root, schemas.get(e.getKey()),
                    expanded.contains(e.getKey()), rowOf, links));
        }
        int deepest = impact.fields().stream().mapToInt(FieldGraph.FieldNode::depth).max().orElse(0);
        List<Item> boxes = new ArrayList<>();
        impact.models().forEach(m -> boxes.add(node(m.version(), "model", deepest + 1, false)));
        impact.deployments().forEach(d -> boxes.add(node(d.deployment(), "deployment", deepest + 2,
                d.environment() != null && d.environment().toLowerCase().startsWith("prod"))));

        Set<Connection> connections = new LinkedHashSet<>();
        List<FieldGraph.FieldEdge> edges = new ArrayList<>(up.edges());
        edges.addAll(impact.edges());
        for (FieldGraph.FieldEdge e : edges) {
            // An edge reads "from is computed from to": the drawing points the way values flow. A dataset-wide
            // dependency points at the dataset's box.
            String from = rowOf.get(e.to());
            String to = e.fromField() == null ? (onPath.containsKey(e.fromDataset()) ? e.fromDataset() : null)
                    : rowOf.get(e.from());
            if (from != null && to != null && !from.equals(to)) {
                connections.add(new Connection(from, to, e.type()));
            }
        }
        for (FieldGraph.AffectedModel m : impact.models()) {
            m.via().stream().map(rowOf::get).filter(r -> r != null)
                    .forEach(r -> connections.add(new Connection(r, m.version(), "CONSUMES")));
        }
        Set<String> versions = new java.util.HashSet<>();
        impact.models().forEach(m -> versions.add(m.version()));
        for (FieldGraph.AffectedDeployment d : impact.deployments()) {
            d.serves().stream().filter(versions::contains)
                    .forEach(v -> connections.add(new Connection(v, d.deployment(), "SERVES")));
        }
        String title = "Field lineage of " + root.key() + ": " + up.fields().size() + " upstream and "
                + impact.fields().size() + " derived fields in " + onPath.size() + " datasets, "
                + impact.models().size() + " model versions, " + impact.deployments().size() + " deployments";
        Tables t = new Tables(title, tables, boxes, List.copyOf(connections), Set.copyOf(connections),
                Set.copyOf(connections));
        return TableSvg.write(TableLayout.of(t), t, new Links(links.node(), links.expand()));
    }

    private static Tables.Table table(String dataset, List<FieldGraph.FieldNode> path, FieldGraph.FieldNode root,
                                      FieldGraph.DatasetSchema schema, boolean expanded, Map<String, String> rowOf,
                                      FieldLinks links) {
        List<FieldBox.PathField> onPath = path.stream().map(f -> new FieldBox.PathField(f.field(), f.depth(),
                f.key().equals(root.key()))).toList();
        Map<String, String> rows = new HashMap<>();
        List<Tables.Row> list = FieldBox.rows(dataset, onPath, schema == null ? List.of() : schema.fields(),
                schema == null ? 0 : schema.total(), expanded, OTHER_ROWS, rows,
                new FieldBox.RowLinks(f -> links.field().apply(dataset, f), links.expand().apply(dataset),
                        links.dataset().apply(dataset)));
        // Only the lineage's fields have arrows here.
        path.forEach(f -> rowOf.put(f.key(), rows.get(f.field())));
        String name = dataset.startsWith("dataset:") ? dataset.substring("dataset:".length()) : dataset;
        return new Tables.Table(dataset, name, links.dataset().apply(dataset), dataset.equals(root.dataset()), false,
                list);
    }

    private static Item node(String key, String kind, int depth, boolean production) {
        int colon = key.indexOf(':');
        int at = key.lastIndexOf('@');
        String name = at > colon ? key.substring(colon + 1, at) : key.substring(colon + 1);
        String version = at > colon ? key.substring(at + 1) : "";
        return new Item(key, kind, name, version, depth, false, false, production, null);
    }
}
