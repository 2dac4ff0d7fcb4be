package io.pedigree.web.graph;

import io.pedigree.fields.FieldGraph;

import java.util.ArrayList;
import java.util.Comparator;
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
        Tables t = new Tables(title, tables, boxes, List.copyOf(connections));
        return TableSvg.write(TableLayout.of(t), title, new Links(links.node(), links.expand()));
    }

    private static Tables.Table table(String dataset, List<FieldGraph.FieldNode> path, FieldGraph.FieldNode root,
                                      FieldGraph.DatasetSchema schema, boolean expanded, Map<String, String> rowOf,
                                      FieldLinks links) {
        List<FieldGraph.FieldNode> sorted = new ArrayList<>(path);
        sorted.sort(Comparator.comparing((FieldGraph.FieldNode f) -> !f.key().equals(root.key()))
                .thenComparingInt(f -> Math.abs(f.depth())).thenComparing(FieldGraph.FieldNode::field));
        int pathRows = expanded ? EXPANDED_ROWS : PATH_ROWS;
        List<Tables.Row> rows = new ArrayList<>();
        String foldId = dataset + "|lineage";
        int folded = 0;
        for (FieldGraph.FieldNode f : sorted) {
            if (rows.size() < pathRows || (sorted.size() == pathRows + 1 && rows.size() == pathRows)) {
                rows.add(new Tables.Row(f.key(), f.field(), links.field().apply(dataset, f.field()), true,
                        f.key().equals(root.key()), false));
                rowOf.put(f.key(), f.key());
            } else {
                folded++;
                rowOf.put(f.key(), foldId);
            }
        }
        if (folded > 0) {
            rows.add(new Tables.Row(foldId, "+" + folded + " more on this lineage", links.expand().apply(dataset),
                    true, false, true));
        }
        // Fields of the dataset off the lineage: a few by name, the rest counted.
        Set<String> shown = new java.util.HashSet<>();
        path.forEach(f -> shown.add(f.field()));
        List<String> others = schema == null ? List.of()
                : schema.fields().stream().filter(n -> !shown.contains(n)).toList();
        int otherCount = schema == null ? 0 : Math.max(0, schema.total() - shown.size());
        int room = expanded ? EXPANDED_ROWS : OTHER_ROWS;
        int listed = 0;
        for (String name : others) {
            if (listed == room || (listed == room - 1 && otherCount > room)) {
                break;
            }
            rows.add(new Tables.Row(dataset + "#" + name, name, links.field().apply(dataset, name), false, false,
                    false));
            listed++;
        }
        if (otherCount > listed) {
            int rest = otherCount - listed;
            rows.add(new Tables.Row(dataset + "|others", "+" + rest + (rest == 1 ? " other field" : " other fields"),
                    expanded ? links.dataset().apply(dataset) : links.expand().apply(dataset), false, false, true));
        }
        String name = dataset.startsWith("dataset:") ? dataset.substring("dataset:".length()) : dataset;
        return new Tables.Table(dataset, name, links.dataset().apply(dataset), dataset.equals(root.dataset()),
                List.copyOf(rows));
    }

    private static Item node(String key, String kind, int depth, boolean production) {
        int colon = key.indexOf(':');
        int at = key.lastIndexOf('@');
        String name = at > colon ? key.substring(colon + 1, at) : key.substring(colon + 1);
        String version = at > colon ? key.substring(at + 1) : "";
        return new Item(key, kind, name, version, depth, false, false, production, null);
    }
}
