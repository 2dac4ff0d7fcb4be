package io.pedigree.web.graph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The rows of one dataset box listing its fields, shared by the field page's drawing and the node page's drawing
 * with fields: the fields on the chosen field's lineage first (at most {@link FieldDiagram#PATH_ROWS}, the rest
 * folded into one row their arrows share), then a few of the dataset's other fields by name and one row counting
 * the rest. An expanded box shows up to {@link FieldDiagram#EXPANDED_ROWS} of each.
 */
final class FieldBox {

    /** A field of the box on the chosen field's lineage, {@code depth} derivations from it (negative upstream). */
    record PathField(String field, int depth, boolean chosen) {
    }

    /**
     * What a box's rows link to: {@code field} from a field name to its URL, {@code expand} to this drawing with
     * the box unfolded, {@code unfolded} where an unfolded box's counting row goes (the dataset's page).
     */
    record RowLinks(Function<String, String> field, String expand, String unfolded) {
    }

    private FieldBox() {
    }

    /**
     * The rows of box {@code boxId}. {@code others} are the dataset's fields in the order to list them (the first
     * of {@code total}); {@code otherRows} how many a folded box lists. {@code rowOf} receives, for each field
     * name drawn or folded, the id of the row its arrows attach to (fields beyond those named attach to the
     * counting row, {@code boxId|others}, when there is one).
     */
    static List<Tables.Row> rows(String boxId, List<PathField> path, List<String> others, int total,
                                 boolean expanded, int otherRows, Map<String, String> rowOf, RowLinks links) {
        List<PathField> sorted = new ArrayList<>(path);
        sorted.sort(Comparator.comparing((PathField f) -> !f.chosen()).thenComparingInt(f -> Math.abs(f.depth()))
                .thenComparing(PathField::field));
        int pathRows = expanded ? FieldDiagram.EXPANDED_ROWS : FieldDiagram.PATH_ROWS;
        List<Tables.Row> rows = new ArrayList<>();
        String foldId = boxId + "|lineage";
        int folded = 0;
        for (PathField f : sorted) {
            // A fold row for a single field would hide it for nothing: it takes the fold's place.
            if (rows.size() < pathRows || (sorted.size() == pathRows + 1 && rows.size() == pathRows)) {
                String id = boxId + "#" + f.field();
                rows.add(new Tables.Row(id, f.field(), links.field().apply(f.field()), true, f.chosen(), false));
                rowOf.put(f.field(), id);
            } else {
                folded++;
                rowOf.put(f.field(), foldId);
            }
        }
        if (folded > 0) {
            rows.add(new Tables.Row(foldId, "+" + folded + " more on this lineage", links.expand(), true, false,
                    true));
        }
        Set<String> shown = new HashSet<>();
        path.forEach(f -> shown.add(f.field()));
        List<String> rest = others.stream().filter(n -> !shown.contains(n)).toList();
        int otherCount = Math.max(0, total - shown.size());
        int room = expanded ? FieldDiagram.EXPANDED_ROWS : otherRows;
        int listed = 0;
        for (String name : rest) {
            if (listed == room || (listed == room - 1 && otherCount > room)) {
                break;
            }
            String id = boxId + "#" + name;
            rows.add(new Tables.Row(id, name, links.field().apply(name), false, false, false));
            rowOf.put(name, id);
            listed++;
        }
        if (otherCount > listed) {
            int n = otherCount - listed;
            String othersId = boxId + "|others";
            rows.add(new Tables.Row(othersId, "+" + n + (n == 1 ? " other field" : " other fields"),
                    expanded ? links.unfolded() : links.expand(), false, false, true));
            rest.subList(listed, rest.size()).forEach(name -> rowOf.putIfAbsent(name, othersId));
        }
        return List.copyOf(rows);
    }
}
