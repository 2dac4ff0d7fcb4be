package io.pedigree.web.graph;

import io.pedigree.lineage.LineageGraph;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SvgTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final Links LINKS = new Links(
            k -> "/node?key=" + URLEncoder.encode(k, StandardCharsets.UTF_8) + "&depth=3&direction=both",
            id -> "/node?key=x&expand=" + URLEncoder.encode(id, StandardCharsets.UTF_8));

    private static final String EVIL = "<script>alert(1)</script>";

    private static Document draw(LineageGraph g, Marks marks) {
        return Svgs.parse(new LineageDiagram().draw(g, marks, Set.of(), LINKS).svg());
    }

    private static List<Element> all(Document d, String tag) {
        NodeList list = d.getElementsByTagNameNS(SVG_NS, tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static Element nodeLink(Document d, String id) {
        return all(d, "a").stream().filter(a -> a.getAttribute("data-id").equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theDrawingIsOneWellFormedSvgElementWithATitle() {
        Document d = draw(LayoutTest.trainedModel(), Marks.none());
        Element svg = d.getDocumentElement();

        assertThat(svg.getLocalName()).isEqualTo("svg");
        assertThat(svg.getAttribute("viewBox")).matches("0 0 \\d+ \\d+");
        assertThat(svg.getAttribute("width")).isNotEmpty();
        assertThat(svg.getAttribute("aria-labelledby")).isEqualTo("pg-graph-title");
        assertThat(all(d, "title").get(0).getTextContent())
                .isEqualTo("Lineage of model:fraud-detector@3: 8 nodes, both to depth 3");
    }

    @Test
    void aNodeNamedLikeAScriptRendersAsTextEverywhere() {
        String key = Lineages.key("dataset", EVIL, "\"v1\" & 'x' ]]>");
        LineageGraph g = Lineages.rootedAt("model", "m", "1").node("dataset", EVIL, "\"v1\" & 'x' ]]>", 1)
                .edge("model:m@1", "USED", key).build();
        String svg = new LineageDiagram().draw(g, Marks.none(), Set.of(), LINKS).svg();
        Document d = Svgs.parse(svg);

        assertThat(svg).doesNotContain("<script").doesNotContain("]]>");
        assertThat(all(d, "script")).isEmpty();
        Element a = nodeLink(d, key);
        assertThat(a.getTextContent()).contains(EVIL).contains("\"v1\" & 'x' ]]>");
        assertThat(a.getAttribute("href"))
                .isEqualTo("/node?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8) + "&depth=3&direction=both");
        assertThat(all(d, "path")).filteredOn(p -> p.getAttribute("class").equals("pg-edge"))
                .singleElement().satisfies(p -> assertThat(p.getAttribute("data-from")).isEqualTo(key));
    }

    @Test
    void charactersXmlCannotCarryDoNotBreakTheDrawing() {
        String name = "bad\u0000name\uD800end";
        LineageGraph g = Lineages.rootedAt("dataset", name, "v1").build();
        Document d = draw(g, Marks.none());

        assertThat(all(d, "text")).extracting(Element::getTextContent).contains("bad\uFFFDname\uFFFDend");
    }

    @Test
    void longNamesAreCutWithAnEllipsisAndTheFullKeyIsInTheTooltip() {
        String name = "a-very-long-dataset-name-that-goes-on-and-on-and-on";
        LineageGraph g = Lineages.rootedAt("dataset", name, "v1").build();
        Document d = draw(g, Marks.none());
        Element a = nodeLink(d, "dataset:" + name + "@v1");

        assertThat(all(d, "text")).extracting(Element::getTextContent)
                .contains(name.substring(0, Text.MAX_NAME - 1) + "\u2026");
        assertThat(a.getElementsByTagNameNS(SVG_NS, "title").item(0).getTextContent())
                .isEqualTo("dataset:" + name + "@v1");
    }

    @Test
    void everyNodeLinksToItsPageWithAKindClassAndEveryEdgeNamesItsEnds() {
        Document d = draw(LayoutTest.trainedModel(), Marks.none());

        Element model = nodeLink(d, "model:fraud-detector@3");
        assertThat(model.getAttribute("class")).isEqualTo("pg-node kind-model root");
        assertThat(model.getAttribute("aria-current")).isEqualTo("page");
        assertThat(nodeLink(d, "run:train-fraud@r3").getAttribute("class")).isEqualTo("pg-node kind-run");
        assertThat(all(d, "path")).filteredOn(p -> p.getAttribute("class").equals("pg-edge"))
                .extracting(p -> p.getAttribute("data-from") + " -> " + p.getAttribute("data-to"))
                .contains("run:train-fraud@r3 -> model:fraud-detector@3",
                        "model:fraud-detector@3 -> deployment:fraud-api-prod");
    }

    @Test
    void quarantinedNodesAndProductionDeploymentsStandOut() {
        Marks marks = new Marks(Set.of("dataset:transactions-1@v1"), Set.of("deployment:fraud-api-prod"));
        Document d = draw(LayoutTest.trainedModel(), marks);

        Element q = nodeLink(d, "dataset:transactions-1@v1");
        assertThat(q.getAttribute("class")).contains("quarantined");
        assertThat(q.getTextContent()).contains("QUARANTINED");
        assertThat(q.getElementsByTagNameNS(SVG_NS, "rect").item(0).getAttributes()
                .getNamedItem("stroke-dasharray")).isNotNull();
        Element prod = nodeLink(d, "deployment:fraud-api-prod");
        assertThat(prod.getAttribute("class")).contains("production");
        assertThat(prod.getTextContent()).contains("PRODUCTION");
        assertThat(((Element) prod.getElementsByTagNameNS(SVG_NS, "path").item(0)).getAttribute("stroke-width"))
                .isEqualTo("4.5");
    }

    @Test
    void aGroupIsALinkThatExpandsIt() {
        LineageGraph g = Lineages.rootedAt("run", "train", "r1").inputs("run:train@r1", "dataset", EVIL, 12, 1)
                .build();
        Diagram diagram = new LineageDiagram().draw(g, Marks.none(), Set.of(), LINKS);
        Document d = Svgs.parse(diagram.svg());

        String id = "run:train@r1|dataset|upstream";
        assertThat(diagram.collapsed()).extracting(Group::id).containsExactly(id);
        Element group = nodeLink(d, id);
        assertThat(group.getAttribute("class")).isEqualTo("pg-node kind-dataset pg-group");
        assertThat(group.getAttribute("href"))
                .isEqualTo("/node?key=x&expand=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        assertThat(group.getTextContent()).contains("12 datasets");
    }

    @Test
    void anUnknownKindStillDrawsWithASafeClassName() {
        LineageGraph g = new LineageGraph(new io.pedigree.lineage.GraphNode("x:y", "we\"ird kind", null, "y", null,
                null, 0), io.pedigree.lineage.Direction.UPSTREAM, 1, null, List.of(), List.of(), false, null);
        Document d = draw(g, Marks.none());

        assertThat(nodeLink(d, "x:y").getAttribute("class")).isEqualTo("pg-node kind-we-ird-kind root");
    }
}
