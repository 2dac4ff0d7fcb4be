package io.pedigree.web.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node page's drawing downloads as an SVG file and a PNG image, each with a legend and a box for every node of
 * the lineage answer, and the page links to both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrawingDownloadIT extends PedigreeIT {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final String MODEL = "model:fraud@6";
    private static final String VIEW = "?key=" + Api.q(MODEL) + "&depth=3&direction=both";

    private WebClient browser;

    @BeforeEach
    void lineageAndBrowser() {
        Lineage.of().node("person:ana@acme.com", "run:train-fraud@r-1", MODEL, "model:base@1",
                        "evaluation:fraud-eval-1", "deployment:fraud-api", "commit:github.com/acme/fraud@3f2a9c1")
                .nodeBody(Map.of("key", "dataset:tx@2026-10-01", "owner", "person:ana@acme.com"))
                .rel("run:train-fraud@r-1", "USED", "dataset:tx@2026-10-01")
                .rel("run:train-fraud@r-1", "USED", "commit:github.com/acme/fraud@3f2a9c1")
                .rel(MODEL, "WAS_GENERATED_BY", "run:train-fraud@r-1").rel(MODEL, "DERIVED_FROM", "model:base@1")
                .rel("evaluation:fraud-eval-1", "EVALUATES", MODEL).rel("deployment:fraud-api", "SERVES", MODEL)
                .writeWith(admin);
        browser = new WebClient(app);
        assertThat(browser.signIn(TestApp.ADMIN_TOKEN).status()).isEqualTo(303);
    }

    @Test
    void nodePageLinksToTheDownloadsOfItsOwnView() {
        String page = browser.get("/node" + VIEW).body();
        assertThat(page).contains("/node/lineage.svg?key=model%3Afraud%406&amp;depth=3&amp;direction=both")
                .contains("/node/lineage.png?key=model%3Afraud%406&amp;depth=3&amp;direction=both")
                .contains("/node/lineage.prov.json?key=model%3Afraud%406&amp;depth=3&amp;direction=both");
    }

    @Test
    void svgDownloadIsAStandaloneFileWithABoxPerNodeAndALegend() {
        Api.Response r = browser.get("/node/lineage.svg" + VIEW);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("image/svg+xml");
        assertThat(r.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment").contains("lineage-model_fraud_6.svg");
        assertThat(r.body()).startsWith("<?xml");
        Document svg = Svgs.parse(r.body());
        assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");

        Set<String> boxes = new TreeSet<>();
        NodeList links = svg.getElementsByTagNameNS(SVG_NS, "a");
        for (int i = 0; i < links.getLength(); i++) {
            Element a = (Element) links.item(i);
            boxes.add(a.getAttribute("data-id"));
            // The file leaves the page: its links lead back to the server.
            assertThat(a.getAttribute("href")).startsWith("http://");
        }
        assertThat(boxes).isEqualTo(answerKeys());

        Set<String> legendKinds = new TreeSet<>();
        Set<String> marks = new HashSet<>();
        NodeList groups = svg.getElementsByTagNameNS(SVG_NS, "g");
        boolean legend = false;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            legend |= g.getAttribute("class").equals("pg-legend");
            if (g.getAttribute("class").equals("pg-legend-entry")) {
                marks.add(g.getAttribute("data-mark"));
                if (!g.getAttribute("data-kind").isEmpty()) {
                    legendKinds.add(g.getAttribute("data-kind"));
                }
            }
        }
        assertThat(legend).as("a legend").isTrue();
        assertThat(legendKinds).isEqualTo(answerKinds());
        assertThat(marks).contains("root", "arrow");
        assertThat(r.body()).contains(Legend.ARROW);
    }

    @Test
    void pngDownloadPaintsTheSameLayoutWithItsLegend() throws Exception {
        Document svg = Svgs.parse(browser.get("/node/lineage.svg" + VIEW).body());
        double width = Double.parseDouble(svg.getDocumentElement().getAttribute("width"));
        double height = Double.parseDouble(svg.getDocumentElement().getAttribute("height"));
        double legendTop = Double.MAX_VALUE;
        NodeList rects = svg.getElementsByTagNameNS(SVG_NS, "rect");
        for (int i = 0; i < rects.getLength(); i++) {
            Element rect = (Element) rects.item(i);
            if (((Element) rect.getParentNode()).getAttribute("class").equals("pg-legend-entry")) {
                legendTop = Math.min(legendTop, Double.parseDouble(rect.getAttribute("y")));
            }
        }

        Api.Response head = browser.get("/node/lineage.png" + VIEW);
        assertThat(head.contentType()).isEqualTo("image/png");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(browser.bytes("/node/lineage.png" + VIEW)));
        assertThat(png).as("a PNG image").isNotNull();
        assertThat(png.getWidth()).isEqualTo((int) Math.ceil(width * PngWriter.SCALE));
        assertThat(png.getHeight()).isEqualTo((int) Math.ceil(height * PngWriter.SCALE));

        int split = (int) (legendTop * PngWriter.SCALE);
        for (String kind : answerKinds()) {
            KindStyle style = KindStyle.of(kind);
            assertThat(has(png, style.fill, 0, split)).as("a %s box", kind).isTrue();
            assertThat(has(png, style.fill, split, png.getHeight())).as("a %s swatch in the legend", kind).isTrue();
        }
        assertThat(has(png, KindStyle.ROOT_HALO, split, png.getHeight())).as("the root in the legend").isTrue();
    }

    @Test
    void downloadsOfAnUnknownNodeAreNotFound() {
        assertThat(browser.get("/node/lineage.svg?key=" + Api.q("model:nope@1")).status()).isEqualTo(404);
        assertThat(browser.get("/node/lineage.png?key=" + Api.q("model:nope@1")).status()).isEqualTo(404);
        assertThat(browser.get("/node/lineage.svg?key=" + Api.q(MODEL) + "&depth=0").status()).isEqualTo(400);
    }

    @Test
    void pageOffersItsLineageAsProvJson() {
        Api.Response r = browser.get("/node/lineage.prov.json" + VIEW);
        assertThat(r.status()).isEqualTo(200);
        JsonNode bundle = r.json().path("bundle").elements().next();
        Set<String> keys = new TreeSet<>();
        for (String section : new String[]{"entity", "activity", "agent"}) {
            bundle.path(section).forEach(e -> keys.add(e.path("pedigree:key").get(0).asText()));
        }
        Set<String> expected = new TreeSet<>(answerKeys());
        expected.add("person:ana@acme.com");
        assertThat(keys).isEqualTo(expected);
    }

    private Set<String> answerKeys() {
        JsonNode answer = admin.get("/api/v1/lineage" + VIEW).json();
        return new TreeSet<>(answer.path("nodes").findValuesAsText("key"));
    }

    private Set<String> answerKinds() {
        JsonNode answer = admin.get("/api/v1/lineage" + VIEW).json();
        return new TreeSet<>(answer.path("nodes").findValuesAsText("kind"));
    }

    private static boolean has(BufferedImage img, String colour, int fromY, int toY) {
        int rgb = Integer.parseInt(colour.substring(1), 16);
        for (int y = fromY; y < toY; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
