package io.pedigree.web.graph;

import java.util.List;
import java.util.Set;

/**
 * What a field drawing holds once fields are put in their datasets' boxes: one table per dataset with a row per
 * field shown (large schemas folded into a row that counts the rest), plain boxes for model versions and
 * deployments, and arrows between rows or boxes. {@code highlighted} arrows are on the chosen field's lineage;
 * {@code fieldArrows} run between fields (or from a field to what consumes it), the others between nodes.
 */
record Tables(String title, List<Table> tables, List<Item> boxes, List<Connection> connections,
              Set<Connection> highlighted, Set<Connection> fieldArrows) {

    /** A dataset's box: its name, then its rows top to bottom. */
    record Table(String id, String name, String link, boolean root, boolean quarantined, List<Row> rows) {
    }

    /**
     * One line of a dataset's box. {@code onPath}: the field is on the chosen field's lineage (highlighted);
     * {@code fold}: the row stands for {@code label}'s count of fields not drawn one by one.
     */
    record Row(String id, String label, String link, boolean onPath, boolean root, boolean fold) {
    }
}
