package io.pedigree.web.graph;

import io.pedigree.bench.LineageSample;
import io.pedigree.lineage.LineageGraph;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutTest {

    private static final Links LINKS = new Links(k -> "/node?key=" + k, id -> "/node?expand=" + id);

    /** A model trained on data and code, evaluated and deployed: the shape of the demo. */
    static LineageGraph trainedModel() {
        return Lineages.rootedAt("model", "fraud-detector", "3")
                .node("run", "train-fraud", "r3", 1).edge("model:fraud-detector@3", "WAS_GENERATED_BY",
                        "run:train-fraud@r3")
                .inputs("run:train-fraud@r3", "dataset", "transactions-", 3, 2)
                .node("commit", "github.com/acme/fraud", "a1b2c3", 2)
                .edge("run:train-fraud@r3", "USED", "commit:github.com/acme/fraud@a1b2c3")
                .node("evaluation", "holdout-auc", null, 1)
                .edge("evaluation:holdout-auc", "EVALUATES", "model:fraud-detector@3")
                .node("deployment", "fraud-api-prod", null, 1)
                .edge("deployment:fraud-api-prod", "SERVES", "model:fraud-detector@3")
                .build();
    }

    private static Placement place(LineageGraph g) {
        return Layout.of(new LineageDiagram().fold(g, Marks.none(), Set.of()));
    }

    @Test
    void noTwoBoxesOverlap() {
        for (Placement p : List.of(place(trainedModel()), place(LineageSample.of(300, 7).graph()))) {
            List<Placement.Box> boxes = p.boxes();
            for (int i = 0; i < boxes.size(); i++) {
                for (int j = i + 1; j < boxes.size(); j++) {
                    assertThat(boxes.get(i).overlaps(boxes.get(j)))
                            .as("%s overlaps %s", boxes.get(i).item().id(), boxes.get(j).item().id()).isFalse();
                }
            }
        }
    }

    @Test
    void everyArrowStartsAtItsSourceBoxAndEndsAtItsTargetBox() {
        Placement p = place(trainedModel());
        Map<String, Placement.Box> byId = p.boxes().stream()
                .collect(Collectors.toMap(b -> b.item().id(), Function.identity()));

        assertThat(p.routes()).hasSize(7);
        for (Placement.Route r : p.routes()) {
            Placement.Point start = r.points().get(0);
            Placement.Point end = r.points().get(r.points().size() - 1);
            assertOnBorder(byId.get(r.connection().from()), start);
            assertOnBorder(byId.get(r.connection().to()), end);
        }
    }

    private static void assertOnBorder(Placement.Box b, Placement.Point pt) {
        double e = 0.5;
        boolean inside = pt.x() >= b.x() - e && pt.x() <= b.x() + b.w() + e && pt.y() >= b.y() - e
                && pt.y() <= b.y() + b.h() + e;
        boolean onEdge = Math.abs(pt.x() - b.x()) < e || Math.abs(pt.x() - b.x() - b.w()) < e
                || Math.abs(pt.y() - b.y()) < e || Math.abs(pt.y() - b.y() - b.h()) < e;
        assertThat(inside && onEdge).as("%s on the border of %s", pt, b.item().id()).isTrue();
    }

    @Test
    void upstreamIsDrawnLeftOfDownstream() {
        Placement p = place(trainedModel());
        Map<String, Double> x = p.boxes().stream().collect(Collectors.toMap(b -> b.item().id(), Placement.Box::x));

        assertThat(x.get("dataset:transactions-0@v1")).isLessThan(x.get("run:train-fraud@r3"));
        assertThat(x.get("run:train-fraud@r3")).isLessThan(x.get("model:fraud-detector@3"));
        assertThat(x.get("model:fraud-detector@3")).isLessThan(x.get("deployment:fraud-api-prod"));
    }

    @Test
    void theRootIsDrawnAndMarkedAsTheCurrentPage() {
        Placement p = place(trainedModel());

        assertThat(p.boxes()).filteredOn(b -> b.item().root()).singleElement()
                .extracting(b -> b.item().id()).isEqualTo("model:fraud-detector@3");
    }

    @Test
    void theSameLineageAlwaysDrawsTheSamePicture() {
        LineageGraph g = LineageSample.of(200, 3).graph();
        String first = new LineageDiagram().draw(g, Marks.none(), Set.of(), LINKS).svg();

        assertThat(new LineageDiagram().draw(g, Marks.none(), Set.of(), LINKS).svg()).isEqualTo(first);
    }

    @Test
    void boxesAreWideEnoughForTheirLongestLine() {
        Placement p = place(trainedModel());

        for (Placement.Box b : p.boxes()) {
            double longest = Math.max(Text.width(b.label().name(), Text.NAME_SIZE, false),
                    Text.width(b.label().caption(), Text.CAPTION_SIZE, true));
            assertThat(b.w()).as(b.item().id()).isGreaterThanOrEqualTo(longest + 2 * Layout.TEXT_INSET);
        }
    }

    @Test
    void aFiveHundredNodeLineageLaysOutFoldedAndInFull() {
        LineageSample.Sample s = LineageSample.of(500, 42);
        assertThat(s.graph().nodes()).hasSize(500);

        Diagram folded = new LineageDiagram().draw(s.graph(), Marks.none(), Set.of(), LINKS);
        Diagram full = new LineageDiagram(Integer.MAX_VALUE, Integer.MAX_VALUE)
                .draw(s.graph(), Marks.none(), Set.of(), LINKS);

        assertThat(folded.nodes() + folded.collapsed().size()).isLessThanOrEqualTo(LineageDiagram.DEFAULT_MAX_BOXES);
        assertThat(folded.collapsed().stream().mapToInt(gr -> gr.members() + gr.beyond()).sum() + folded.nodes())
                .as("every node is drawn or counted in a group").isEqualTo(500);
        assertThat(full.nodes()).isEqualTo(500);
        Svgs.parse(folded.svg());
        Svgs.parse(full.svg());
    }
}
