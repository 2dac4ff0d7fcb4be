package io.pedigree.web.graph;

import io.pedigree.fields.FieldGraph;
import io.pedigree.lineage.NodeKey;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a folded lineage {@link Picture} into {@link Tables} for the node page's drawing with fields: each drawn
 * dataset box lists its fields (rows laid out as ELK ports, folded as on the field page by {@link FieldBox}),
 * derivations between the boxes' families become arrows from row to row, features arrows from a row to the model
 * version consuming it, and the relations between nodes stay. Derivations belong to dataset families, so an arrow
 * joins two drawn versions only when the drawing connects them within two steps (input, run, output): a family's
 * other versions elsewhere in the picture are not joined by mistake. The chosen field's lineage (every field it
 * derives from, dataset-wide dependencies included, and every field derived from it) is highlighted end to end.
 */
final class FieldLineage {

    private final Picture picture;
    private final FieldGraph.Scope scope;
    private final FieldOverlay overlay;
    private final Map<String, List<String>> next = new HashMap<>();
    private final Map<String, List<String>> boxesOf = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> rowOf = new HashMap<>();
    private final Set<String> othersRow = new HashSet<>();
    private final Map<String, Integer> path = new HashMap<>();

    private FieldLineage(Picture picture, FieldGraph.Scope scope, FieldOverlay overlay) {
        this.picture = picture;
        this.scope = scope;
        this.overlay = overlay;
        picture.connections().forEach(c -> next.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c.to()));
    }

    /** The keys of the picture's drawn datasets and model versions, for {@link FieldOverlay#scope()}. */
    static List<String> drawn(Picture picture, String kind) {
        return picture.items().stream().filter(i -> !i.isGroup() && i.kind().equals(kind)).map(Item::id).toList();
    }

    static Tables of(Picture picture, FieldGraph.Scope scope, FieldOverlay overlay, Set<String> expanded,
                     Links links, String title) {
        return new FieldLineage(picture, scope, overlay).tables(expanded, links, title);
    }

    private Tables tables(Set<String> expanded, Links links, String title) {
        highlightPath();
        List<Tables.Table> tables = new ArrayList<>();
        List<Item> boxes = new ArrayList<>();
        for (Item item : picture.items()) {
            if (item.isGroup() || !item.kind().equals("dataset")) {
                boxes.add(item);
                continue;
            }
            String family = family(item.id());
            boxesOf.computeIfAbsent(family, f -> new ArrayList<>()).add(item.id());
            tables.add(table(item, family, expanded.contains(item.id()), links));
        }
        Set<Connection> connections = new LinkedHashSet<>(picture.connections());
        Set<Connection> fieldArrows = new LinkedHashSet<>();
        Set<Connection> highlighted = new LinkedHashSet<>();
        for (FieldGraph.Derivation d : scope.derivations()) {
            String input = d.inputDataset() + "#" + d.inputField();
            boolean wide = d.field().isEmpty();
            boolean onPath = path.containsKey(input) && (wide
                    ? path.keySet().stream().anyMatch(k -> k.startsWith(d.dataset() + "#"))
                    : path.containsKey(d.dataset() + "#" + d.field()));
            for (String a : boxesOf.getOrDefault(d.inputDataset(), List.of())) {
                for (String b : boxesOf.getOrDefault(d.dataset(), List.of())) {
                    String from = row(a, d.inputField());
                    String to = wide ? b : row(b, d.field());
                    if (!a.equals(b) && near(a, b) && from != null && to != null) {
                        add(new Connection(from, to, d.type() == null ? "UNSPECIFIED" : d.type()), onPath,
                                connections, fieldArrows, highlighted);
                    }
                }
            }
        }
        Set<String> models = new HashSet<>(drawn(picture, "model"));
        for (FieldGraph.Consumption c : scope.consumes()) {
            if (!models.contains(c.version())) {
                continue;
            }
            for (String a : boxesOf.getOrDefault(c.dataset(), List.of())) {
                String from = row(a, c.field());
                if (from != null && near(a, c.version())) {
                    add(new Connection(from, c.version(), "CONSUMES"), path.containsKey(c.dataset() + "#" + c.field()),
                            connections, fieldArrows, highlighted);
                }
            }
        }
        return new Tables(title, List.copyOf(tables), List.copyOf(boxes), List.copyOf(connections),
                Set.copyOf(highlighted), Set.copyOf(fieldArrows));
    }

    private static void add(Connection c, boolean onPath, Set<Connection> all, Set<Connection> fieldArrows,
                            Set<Connection> highlighted) {
        all.add(c);
        fieldArrows.add(c);
        if (onPath) {
            highlighted.add(c);
        }
    }

    private Tables.Table table(Item item, String family, boolean expanded, Links links) {
        List<FieldBox.PathField> onPath = new ArrayList<>();
        path.forEach((key, depth) -> {
            if (key.startsWith(family + "#")) {
                onPath.add(new FieldBox.PathField(key.substring(family.length() + 1), depth,
                        key.equals(overlay.chosen())));
            }
        });
        FieldGraph.DatasetSchema schema = scope.boxes().get(item.id());
        Map<String, String> rows = new HashMap<>();
        // With no field chosen the box lists more of its own fields, as there is no lineage to list first.
        int otherRows = overlay.chosen() == null ? FieldDiagram.PATH_ROWS : FieldDiagram.OTHER_ROWS;
        List<Tables.Row> list = FieldBox.rows(item.id(), onPath, schema == null ? List.of() : schema.fields(),
                schema == null ? 0 : schema.total(), expanded, otherRows, rows,
                new FieldBox.RowLinks(f -> overlay.field().apply(family + "#" + f), overlay.unfold().apply(item.id()),
                        links.node().apply(item.id())));
        rowOf.put(item.id(), rows);
        if (list.stream().anyMatch(r -> r.id().equals(item.id() + "|others"))) {
            othersRow.add(item.id());
        }
        String name = item.version() == null || item.version().isEmpty() ? item.name()
                : item.name() + "@" + item.version();
        return new Tables.Table(item.id(), name, links.node().apply(item.id()), item.root(), item.quarantined(),
                list);
    }

    /** The row a field's arrows attach to in a box: its own, a fold row, or none when the box lists no such field. */
    private String row(String box, String field) {
        String r = rowOf.getOrDefault(box, Map.of()).get(field);
        if (r == null && othersRow.contains(box)) {
            return box + "|others";
        }
        return r;
    }

    /** Whether the drawing leads from {@code a} to {@code b} in one or two steps. */
    private boolean near(String a, String b) {
        for (String x : next.getOrDefault(a, List.of())) {
            if (x.equals(b) || next.getOrDefault(x, List.of()).contains(b)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The chosen field's lineage with each field's distance in derivations (negative upstream): upstream follows
     * a field's inputs and its dataset's dataset-wide dependencies, downstream the fields computed from it.
     */
    private void highlightPath() {
        String chosen = overlay.chosen();
        if (chosen == null || !known(chosen)) {
            return;
        }
        Map<String, List<String>> inputs = new HashMap<>();
        Map<String, List<String>> wideInputs = new HashMap<>();
        Map<String, List<String>> outputs = new HashMap<>();
        for (FieldGraph.Derivation d : scope.derivations()) {
            String in = d.inputDataset() + "#" + d.inputField();
            if (d.field().isEmpty()) {
                wideInputs.computeIfAbsent(d.dataset(), k -> new ArrayList<>()).add(in);
            } else {
                String out = d.dataset() + "#" + d.field();
                inputs.computeIfAbsent(out, k -> new ArrayList<>()).add(in);
                outputs.computeIfAbsent(in, k -> new ArrayList<>()).add(out);
            }
        }
        path.put(chosen, 0);
        walk(chosen, -1, k -> {
            List<String> up = new ArrayList<>(inputs.getOrDefault(k, List.of()));
            up.addAll(wideInputs.getOrDefault(k.substring(0, k.indexOf('#')), List.of()));
            return up;
        });
        walk(chosen, 1, k -> outputs.getOrDefault(k, List.of()));
    }

    /** Whether the drawing holds {@code key}: a drawn box lists it, or a derivation or a feature names it. */
    private boolean known(String key) {
        String family = key.substring(0, key.indexOf('#'));
        String field = key.substring(key.indexOf('#') + 1);
        return scope.boxes().entrySet().stream().anyMatch(e -> family(e.getKey()).equals(family)
                        && e.getValue().fields().contains(field))
                || scope.derivations().stream().anyMatch(d -> (d.dataset() + "#" + d.field()).equals(key)
                        || (d.inputDataset() + "#" + d.inputField()).equals(key))
                || scope.consumes().stream().anyMatch(c -> (c.dataset() + "#" + c.field()).equals(key));
    }

    private void walk(String start, int step, java.util.function.Function<String, List<String>> neighbours) {
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        Map<String, Integer> seen = new HashMap<>(Map.of(start, 0));
        while (!queue.isEmpty()) {
            String k = queue.pollFirst();
            for (String n : neighbours.apply(k)) {
                if (!seen.containsKey(n)) {
                    seen.put(n, seen.get(k) + step);
                    path.putIfAbsent(n, seen.get(n));
                    queue.addLast(n);
                }
            }
        }
    }

    private static String family(String key) {
        NodeKey k = NodeKey.parse("key", key);
        return k.family().orElse(k).toString();
    }
}
