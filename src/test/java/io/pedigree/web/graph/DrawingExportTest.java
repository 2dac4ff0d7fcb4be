package io.pedigree.web.graph;

import io.pedigree.lineage.LineageGraph;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The downloadable drawings: an SVG file and a PNG of the same layout, each with a legend naming the kinds drawn
 * and the marks in use. Both are left in {@code target/} for eyes to check.
 */
class DrawingExportTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private static LineageGraph lineage() {
        return Lineages.rootedAt("model", "fraud", "6")
                .node("run", "train", "r-1", 1).edge("model:fraud@6", "WAS_GENERATED_BY", "run:train@r-1")
                .node("dataset", "tx", "2026-10-01", 2).edge("run:train@r-1", "USED", "dataset:tx@2026-10-01")
                .node("deployment", "fraud-api", null, 1).edge("deployment:fraud-api", "SERVES", "model:fraud@6")
                .build();
    }

    @Test
    void svgFileHasALegendEntryPerKindDrawnAndTheMarksInUse() throws Exception {
        Marks marks = new Marks(Set.of("dataset:tx@2026-10-01"), Set.of("deployment:fraud-api"));
        String svg = new LineageDiagram().svgDocument(lineage(), marks, Set.of(),
                new Links(k -> "http://pedigree/node?key=" + k, g -> "http://pedigree/"));
        Files.writeString(Path.of("target/lineage-download.svg"), svg);
        Document doc = Svgs.parse(svg);
        Set<String> kinds = new TreeSet<>();
        Set<String> marksShown = new TreeSet<>();
        NodeList groups = doc.getElementsByTagNameNS(SVG_NS, "g");
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if (g.getAttribute("class").equals("pg-legend-entry")) {
                marksShown.add(g.getAttribute("data-mark"));
                if (!g.getAttribute("data-kind").isEmpty()) {
                    kinds.add(g.getAttribute("data-kind"));
                }
            }
        }
        assertThat(kinds).containsExactly("dataset", "deployment", "model", "run");
        assertThat(marksShown).containsExactlyInAnyOrder("kind", "root", "quarantined", "production", "arrow");
        // The legend sits under the drawing, inside the file's own size.
        double height = Double.parseDouble(doc.getDocumentElement().getAttribute("height"));
        assertThat(svg.indexOf("pg-legend")).isGreaterThan(svg.indexOf("pg-nodes"));
        assertThat(height).isGreaterThan(Legend.ROW);
    }

    @Test
    void legendWithoutMarksNamesOnlyTheKindsTheRootAndTheArrow() {
        String svg = new LineageDiagram().svgDocument(lineage(), Marks.none(), Set.of(),
                new Links(k -> "/node", g -> "/"));
        assertThat(svg).doesNotContain("data-mark=\"quarantined\"").doesNotContain("data-mark=\"production\"")
                .contains("data-mark=\"root\"").contains("data-mark=\"arrow\"");
    }

    @Test
    void pngIsTheSameLayoutTwiceAsLarge() throws Exception {
        LineageDiagram diagram = new LineageDiagram();
        byte[] png = diagram.png(lineage(), Marks.none(), Set.of());
        Files.write(Path.of("target/lineage-download.png"), png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Document svg = Svgs.parse(diagram.svgDocument(lineage(), Marks.none(), Set.of(),
                new Links(k -> "/node", g -> "/")));
        assertThat(image.getWidth()).isEqualTo((int) Math.ceil(
                Double.parseDouble(svg.getDocumentElement().getAttribute("width")) * PngWriter.SCALE));
        assertThat(image.getHeight()).isEqualTo((int) Math.ceil(
                Double.parseDouble(svg.getDocumentElement().getAttribute("height")) * PngWriter.SCALE));
    }
}
