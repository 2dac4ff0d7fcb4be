package io.pedigree.web.graph;

import io.pedigree.lineage.LineageGraph;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class GroupingTest {

    private static final String RUN = "run:train@r1";

    private static Lineages runWithDatasets(int count) {
        return Lineages.rootedAt("run", "train", "r1").inputs(RUN, "dataset", "ds-", count, 1);
    }

    private static Set<String> drawnIds(Picture p) {
        return p.items().stream().map(Item::id).collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void neighboursUpToTheThresholdAreDrawnOneByOne() {
        Picture p = Grouping.of(runWithDatasets(8).build(), Marks.none(), Set.of(), 8);

        assertThat(p.items()).hasSize(9).noneMatch(Item::isGroup);
        assertThat(p.collapsed()).isEmpty();
        assertThat(p.connections()).hasSize(8);
    }

    @Test
    void moreNeighboursOfOneKindThanTheThresholdFoldIntoOneCountedGroup() {
        Picture p = Grouping.of(runWithDatasets(37).build(), Marks.none(), Set.of(), 8);

        assertThat(p.collapsed()).singleElement().satisfies(g -> {
            assertThat(g.id()).isEqualTo("run:train@r1|dataset|upstream");
            assertThat(g.members()).isEqualTo(37);
            assertThat(g.label()).isEqualTo("37 datasets");
            assertThat(g.upstream()).isTrue();
        });
        assertThat(drawnIds(p)).containsExactlyInAnyOrder(RUN, "run:train@r1|dataset|upstream");
        // The 37 relations become one arrow, flowing from the datasets into the run.
        assertThat(p.connections()).containsExactly(new Connection("run:train@r1|dataset|upstream", RUN, "USED"));
    }

    @Test
    void anExpandedGroupDrawsItsMembersAndIsReportedAsExpanded() {
        String id = "run:train@r1|dataset|upstream";
        Picture p = Grouping.of(runWithDatasets(37).build(), Marks.none(), Set.of(id), 8);

        assertThat(p.items()).hasSize(38).noneMatch(Item::isGroup);
        assertThat(p.collapsed()).isEmpty();
        assertThat(p.expanded()).containsExactly(id);
    }

    @Test
    void kindsAreCountedSeparately() {
        Lineages l = runWithDatasets(9).inputs(RUN, "commit", "c-", 3, 1);
        Picture p = Grouping.of(l.build(), Marks.none(), Set.of(), 8);

        assertThat(p.collapsed()).extracting(Group::kind).containsExactly("dataset");
        assertThat(p.items()).filteredOn(i -> i.kind().equals("commit")).hasSize(3);
    }

    @Test
    void whatIsReachedOnlyThroughAGroupIsHiddenAndCountedAsBeyondIt() {
        Lineages l = runWithDatasets(9);
        for (int i = 0; i < 9; i++) {
            l.node("dataset", "raw-" + i, "v1", 2).edge("dataset:ds-" + i + "@v1", "DERIVED_FROM",
                    "dataset:raw-" + i + "@v1");
        }
        Picture p = Grouping.of(l.build(), Marks.none(), Set.of(), 8);

        assertThat(p.collapsed()).singleElement().satisfies(g -> {
            assertThat(g.members()).isEqualTo(9);
            assertThat(g.beyond()).isEqualTo(9);
        });
        assertThat(drawnIds(p)).hasSize(2);
        assertThat(p.connections()).hasSize(1);
    }

    @Test
    void aNodeNextToAnotherDrawnNodeStaysDrawnOutsideTheGroup() {
        // The evaluation used one of the run's ten datasets; that one stays in view, the other nine fold.
        Lineages l = Lineages.rootedAt("model", "m", "1").node("run", "train", "r1", 1).edge("model:m@1",
                "WAS_GENERATED_BY", RUN).inputs(RUN, "dataset", "ds-", 10, 2);
        l.node("evaluation", "e", null, 1).edge("evaluation:e", "EVALUATES", "model:m@1")
                .edge("evaluation:e", "USED", "dataset:ds-0@v1");
        Picture p = Grouping.of(l.build(), Marks.none(), Set.of(), 8);

        assertThat(drawnIds(p)).containsExactlyInAnyOrder("model:m@1", RUN, "evaluation:e", "dataset:ds-0@v1",
                "run:train@r1|dataset|upstream");
        assertThat(p.collapsed()).singleElement().extracting(Group::members).isEqualTo(9);
        assertThat(p.connections()).contains(new Connection("dataset:ds-0@v1", "evaluation:e", "USED"),
                new Connection("dataset:ds-0@v1", RUN, "USED"));
    }

    @Test
    void theRootAndMarksAreCarriedOntoItems() {
        LineageGraph g = runWithDatasets(2).build();
        Picture p = Grouping.of(g, new Marks(Set.of("dataset:ds-1@v1"), Set.of()), Set.of(), 8);

        assertThat(p.items()).filteredOn(Item::root).extracting(Item::id).containsExactly(RUN);
        assertThat(p.items()).filteredOn(Item::quarantined).extracting(Item::id).containsExactly("dataset:ds-1@v1");
    }

    @Test
    void aPictureWithTooManyBoxesFoldsWithATighterThreshold() {
        // 20 runs with 5 inputs each: no family exceeds 8, but 121 boxes is not a picture.
        Lineages l = Lineages.rootedAt("dataset", "base", "v1");
        for (int r = 0; r < 20; r++) {
            String run = "run:r" + r + "@1";
            l.node("run", "r" + r, "1", 1).edge(run, "USED", "dataset:base@v1").inputs(run, "commit", r + "-c", 5, 2);
        }
        LineageDiagram diagram = new LineageDiagram(8, 60);

        Picture p = diagram.fold(l.build(), Marks.none(), Set.of());

        assertThat(p.items().size()).isLessThanOrEqualTo(60);
        assertThat(p.collapsed()).isNotEmpty();
    }
}
