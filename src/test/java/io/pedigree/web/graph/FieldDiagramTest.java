package io.pedigree.web.graph;

import io.pedigree.fields.FieldGraph;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The field drawing's folding and arrows, without a database. */
class FieldDiagramTest {

    private static final Instant T = Instant.parse("2026-10-01T00:00:00Z");
    private static final FieldDiagram.FieldLinks LINKS = new FieldDiagram.FieldLinks((d, f) -> "/field?f=" + f,
            k -> "/node?key=" + k, d -> "/node?key=" + d, d -> "/field?expand=" + d);

    private static FieldGraph.FieldNode f(String dataset, String field, int depth) {
        return new FieldGraph.FieldNode(dataset + "#" + field, dataset, field, depth);
    }

    private static FieldGraph.FieldEdge derives(FieldGraph.FieldNode out, FieldGraph.FieldNode in) {
        return new FieldGraph.FieldEdge(out.key(), out.dataset(), out.field(), in.key(), "DIRECT", "IDENTITY", null,
                false, T, null);
    }

    @Test
    void aFieldDerivedFromAnotherOfItsOwnDatasetIsDrawnRowToRowInOneBox() {
        FieldGraph.FieldNode root = f("dataset:t", "a", 0);
        FieldGraph.FieldNode same = f("dataset:t", "b", 1);
        FieldGraph.Upstream up = new FieldGraph.Upstream(root, T, "all", List.of(), List.of(), false);
        FieldGraph.Impact impact = new FieldGraph.Impact(root, T, "all", List.of(), List.of(), List.of(same),
                List.of(derives(same, root)), false);

        String svg = FieldDiagram.draw(up, impact, Map.of(), Set.of(), LINKS);

        assertThat(svg).contains("data-from=\"dataset:t#a\" data-to=\"dataset:t#b\"");
        assertThat(svg.split("class=\"pg-table ")).hasSize(2);
    }

    @Test
    void moreLineageFieldsThanABoxShowsFoldIntoOneRowThatTheirArrowsShare() {
        FieldGraph.FieldNode root = f("dataset:raw", "card", 0);
        List<FieldGraph.FieldNode> derived = new java.util.ArrayList<>();
        List<FieldGraph.FieldEdge> edges = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FieldGraph.FieldNode d = f("dataset:wide", String.format("c%02d", i), 1);
            derived.add(d);
            edges.add(derives(d, root));
        }
        FieldGraph.Upstream up = new FieldGraph.Upstream(root, T, "all", List.of(), List.of(), false);
        FieldGraph.Impact impact = new FieldGraph.Impact(root, T, "all", List.of(), List.of(), derived, edges, false);

        String folded = FieldDiagram.draw(up, impact, Map.of(), Set.of(), LINKS);
        String open = FieldDiagram.draw(up, impact, Map.of(), Set.of("dataset:wide"), LINKS);

        assertThat(folded).contains("+12 more on this lineage", "data-to=\"dataset:wide|lineage\"")
                .contains("data-id=\"dataset:wide#c07\"").doesNotContain("data-id=\"dataset:wide#c08\"");
        assertThat(open).contains("data-id=\"dataset:wide#c19\"").doesNotContain("more on this lineage");
    }
}
