package io.pedigree.web;

import io.pedigree.lineage.Direction;
import io.pedigree.lineage.GraphEdge;
import io.pedigree.lineage.GraphNode;
import io.pedigree.lineage.LineageGraph;
import io.pedigree.web.graph.LineageDiagram;
import io.pedigree.web.graph.Links;
import io.pedigree.web.graph.Marks;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The evidence PDF carries the lineage drawing, which Batik must be able to read. */
class EvidencePdfTest {

    @Test
    void lineageDrawingIsDrawnIntoThePdf() {
        Instant t = Instant.parse("2026-11-30T18:00:00Z");
        GraphNode root = new GraphNode("model:fraud@1", "model", null, "fraud", "1", t, 0);
        GraphNode data = new GraphNode("dataset:train@1", "dataset", null, "train", "1", t, 1);
        LineageGraph graph = new LineageGraph(root, Direction.UPSTREAM, 3, t, List.of(root, data),
                List.of(new GraphEdge("model:fraud@1", "DERIVED_FROM", "dataset:train@1", t, null, t, "ana")),
                false, null);
        String svg = new LineageDiagram().draw(graph, Marks.none(), Set.of(), new Links(k -> "/node", g -> "#"))
                .svg();
        List<String> warnings = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger("com.openhtmltopdf.exception");
        log.addHandler(capture);
        try {
            byte[] with = EvidencePdf.render(page(EvidencePdf.printable(svg)));
            byte[] without = EvidencePdf.render(page(""));

            assertThat(warnings).as("openhtmltopdf's complaints").noneMatch(w -> w.contains("SVG"));
            assertThat(with.length).isGreaterThan(without.length + 1000);
        } finally {
            log.removeHandler(capture);
        }
    }

    private static String page(String drawing) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"/></head><body><p>pack</p><div>" + drawing
                + "</div></body></html>";
    }
}
