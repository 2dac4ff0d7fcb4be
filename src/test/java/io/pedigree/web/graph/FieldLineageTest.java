package io.pedigree.web.graph;

import io.pedigree.fields.FieldGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** How the node drawing with fields joins dataset versions' rows, without a database. */
class FieldLineageTest {

    private static final Links LINKS = new Links(k -> "/node?key=" + k, g -> "/node?expand=" + g);

    private static Item dataset(String key) {
        int at = key.indexOf('@');
        return new Item(key, "dataset", key.substring("dataset:".length(), at), key.substring(at + 1), 1, false,
                false, false, null);
    }

    private static Item run(String key) {
        return new Item(key, "run", "r", "1", 1, false, false, false, null);
    }

    private static FieldOverlay overlay(String chosen) {
        return new FieldOverlay((d, m) -> null, chosen, f -> "/node?field=" + f, b -> "/node?expand=" + b);
    }

    // a@1 -> run -> b@1, and a@2 drawn apart from them.
    private static final Picture PICTURE = new Picture("dataset:b@1",
            List.of(dataset("dataset:a@1"), dataset("dataset:a@2"), run("run:r@1"), dataset("dataset:b@1")),
            List.of(new Connection("dataset:a@1", "run:r@1", "USED"),
                    new Connection("run:r@1", "dataset:b@1", "WAS_GENERATED_BY")), List.of(), List.of());

    private static final FieldGraph.Scope SCOPE = new FieldGraph.Scope(Map.of(
            "dataset:a@1", new FieldGraph.DatasetSchema("dataset:a@1", 2, List.of("x", "z")),
            "dataset:a@2", new FieldGraph.DatasetSchema("dataset:a@2", 2, List.of("x", "z")),
            "dataset:b@1", new FieldGraph.DatasetSchema("dataset:b@1", 2, List.of("y", "w"))),
            List.of(new FieldGraph.Derivation("dataset:b", "y", "dataset:a", "x", "DIRECT"),
                    new FieldGraph.Derivation("dataset:b", "w", "dataset:a", "z", "DIRECT")),
            List.of(), false);

    @Test
    void aDerivationJoinsOnlyTheVersionsTheDrawingConnects() {
        Tables t = FieldLineage.of(PICTURE, SCOPE, overlay(null), Set.of(), LINKS, "t");

        assertThat(t.fieldArrows()).containsExactlyInAnyOrder(
                new Connection("dataset:a@1#x", "dataset:b@1#y", "DIRECT"),
                new Connection("dataset:a@1#z", "dataset:b@1#w", "DIRECT"));
        assertThat(t.connections()).as("the relations between nodes stay")
                .contains(new Connection("dataset:a@1", "run:r@1", "USED"));
        assertThat(t.highlighted()).isEmpty();
        assertThat(t.tables()).extracting(Tables.Table::id)
                .containsExactly("dataset:a@1", "dataset:a@2", "dataset:b@1");
        assertThat(t.boxes()).extracting(Item::id).containsExactly("run:r@1");
    }

    @Test
    void theChosenFieldsLineageIsHighlightedAndOtherDerivationsAreNot() {
        Tables t = FieldLineage.of(PICTURE, SCOPE, overlay("dataset:b#y"), Set.of(), LINKS, "t");

        assertThat(t.highlighted()).containsExactly(new Connection("dataset:a@1#x", "dataset:b@1#y", "DIRECT"));
        Tables.Table b = t.tables().get(2);
        assertThat(b.rows()).extracting(Tables.Row::id, Tables.Row::onPath, Tables.Row::root)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dataset:b@1#y", true, true),
                        org.assertj.core.groups.Tuple.tuple("dataset:b@1#w", false, false));
    }

    @Test
    void aChosenFieldTheDrawingDoesNotHoldHighlightsNothingAndAddsNoRow() {
        Tables t = FieldLineage.of(PICTURE, SCOPE, overlay("dataset:b#no_such_column"), Set.of(), LINKS, "t");

        assertThat(t.highlighted()).isEmpty();
        assertThat(t.tables().get(2).rows()).extracting(Tables.Row::id)
                .containsExactly("dataset:b@1#y", "dataset:b@1#w");
    }
}
