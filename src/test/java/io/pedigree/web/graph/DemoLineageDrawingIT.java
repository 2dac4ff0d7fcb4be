package io.pedigree.web.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.demo.DemoData;
import io.pedigree.lineage.Direction;
import io.pedigree.lineage.GraphNode;
import io.pedigree.lineage.LineageGraph;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeKey;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draws the demo fraud model's lineage from a real database, the way a node page will, and leaves the drawing in
 * {@code target/graph-demo.svg} (and a page around it, {@code target/graph-demo.html}) for eyes to check.
 */
class DemoLineageDrawingIT extends PedigreeIT {

    private static final String MODEL = "model:fraud-detector@4";
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    @Test
    void theFraudModelsLineageDrawsAsAWellFormedLinkedPicture() throws IOException {
        DemoData.load(app.writer());
        LineageService lineage = new LineageService(app.database(), new Limits(100, 10_000, 10_000, 20, 10_000,
                1_000), Clock.systemUTC());
        LineageGraph graph = lineage.lineage(NodeKey.parse("key", MODEL), Direction.BOTH, 4, Set.of(), null);
        String quarantined = graph.nodes().stream().filter(n -> n.kind().equals("dataset") && n.depth() == 2)
                .map(GraphNode::key).sorted().findFirst().orElseThrow();
        assertThat(admin.post("/api/v1/quarantines", Map.of("key", quarantined, "reason", "negative amounts"))
                .status()).isEqualTo(201);

        Marks marks = new Marks(activeQuarantines(), productionDeployments(graph));
        Links links = new Links(
                k -> "/node?key=" + URLEncoder.encode(k, StandardCharsets.UTF_8) + "&direction=both&depth=4",
                id -> "/node?key=" + URLEncoder.encode(MODEL, StandardCharsets.UTF_8) + "&direction=both&depth=4"
                        + "&expand=" + URLEncoder.encode(id, StandardCharsets.UTF_8));
        Diagram diagram = new LineageDiagram().draw(graph, marks, Set.of(), links);
        save(diagram.svg());

        Document d = Svgs.parse(diagram.svg());
        Map<String, Element> drawn = links(d);
        assertThat(drawn.get(MODEL).getAttribute("class")).contains("root");
        assertThat(drawn.get(quarantined).getAttribute("class")).contains("quarantined");
        assertThat(drawn.get("deployment:fraud-api-prod").getAttribute("class")).contains("production");
        assertThat(drawn.get("deployment:fraud-api-staging").getAttribute("class")).doesNotContain("production");
        int counted = diagram.nodes() + diagram.collapsed().stream().mapToInt(g -> g.members() + g.beyond()).sum();
        assertThat(counted).as("every node in the answer is drawn or counted in a group")
                .isEqualTo(graph.nodes().size());
        assertThat(drawn.values()).allSatisfy(a -> assertThat(a.getAttribute("href")).startsWith("/node?key="));
    }

    private Set<String> activeQuarantines() {
        Set<String> keys = new HashSet<>();
        // The list answers active quarantines unless asked otherwise.
        for (JsonNode q : admin.get("/api/v1/quarantines").json()) {
            keys.add(q.get("key").asText());
        }
        return keys;
    }

    private Set<String> productionDeployments(LineageGraph graph) {
        return graph.nodes().stream().filter(n -> n.kind().equals("deployment"))
                .filter(n -> {
                    Api.Response r = admin.get("/api/v1/node?key=" + URLEncoder.encode(n.key(), StandardCharsets.UTF_8));
                    return r.json().path("properties").path("environment").asText("").startsWith("prod");
                })
                .map(GraphNode::key).collect(Collectors.toSet());
    }

    private static Map<String, Element> links(Document d) {
        NodeList list = d.getElementsByTagNameNS(SVG_NS, "a");
        Map<String, Element> out = new java.util.HashMap<>();
        for (int i = 0; i < list.getLength(); i++) {
            Element a = (Element) list.item(i);
            out.put(a.getAttribute("data-id"), a);
        }
        return out;
    }

    private static void save(String svg) throws IOException {
        Path target = Path.of("target");
        Files.createDirectories(target);
        Files.writeString(target.resolve("graph-demo.svg"), svg);
        Files.writeString(target.resolve("graph-demo.html"), """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Lineage drawing</title>
                <link rel="stylesheet" href="../static/graph.css"></head>
                <body><div class="pg-graph-view">%s</div>
                <script src="../static/graph.js"></script></body></html>
                """.formatted(svg));
    }
}
