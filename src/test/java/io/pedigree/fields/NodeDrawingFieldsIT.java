package io.pedigree.fields;

import io.pedigree.testing.Api;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pedigree.fields.FieldChain.derive;
import static io.pedigree.fields.FieldChain.field;
import static io.pedigree.fields.FieldChain.in;
import static io.pedigree.fields.FieldChain.ref;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node page's lineage drawing with {@code fields=1}: on a dbt-style chain (a wide raw table -> staging ->
 * features -> a model version), each dataset version's box lists its fields, derivations run from row to row,
 * the chosen field's lineage is highlighted from the raw column to the model version, a wide table folds, and
 * the SVG and PNG downloads draw the same.
 */
class NodeDrawingFieldsIT extends PedigreeIT {

    private static final String RAW = "dataset:raw_payments";
    private static final String STG = "dataset:stg_payments";
    private static final String FEAT = "dataset:payment_features";
    private static final String RAW1 = RAW + "@1";
    private static final String STG1 = STG + "@1";
    private static final String FEAT1 = FEAT + "@1";
    private static final String VIEW = "&depth=5&direction=both";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-01T08:00:00Z"));
    private WebClient web;

    @Override
    protected java.time.Clock clock() {
        return clock;
    }

    @BeforeEach
    void dbtChain() {
        Api ana = admin.withNewToken("ana", "writer");
        ok(ana.post("/api/v1/batch", Map.of("nodes", List.of(Map.of("key", RAW1), Map.of("key", STG1),
                        Map.of("key", FEAT1), Map.of("key", "run:dbt-staging@1"), Map.of("key", "run:dbt-features@1"),
                        Map.of("key", "run:train-payments@r1")),
                "relations", List.of(rel("run:dbt-staging@1", "USED", RAW1),
                        rel(STG1, "WAS_GENERATED_BY", "run:dbt-staging@1"),
                        rel("run:dbt-features@1", "USED", STG1),
                        rel(FEAT1, "WAS_GENERATED_BY", "run:dbt-features@1")))));
        // The raw table is wide: 60 columns, three of which the chain uses.
        List<Map<String, Object>> raw = new ArrayList<>(List.of(field("card_number", "string"),
                field("card_token", "string"), field("amount", "decimal"), field("event_time", "timestamp")));
        for (int i = 0; i < 56; i++) {
            raw.add(field(String.format("extra_%02d", i), "string"));
        }
        ok(ana.post("/api/v1/fields", Map.of(
                "datasets", List.of(Map.of("version", RAW1, "fields", raw),
                        Map.of("version", STG1, "fields", List.of(field("card_hash", "string"),
                                field("amount", "decimal"))),
                        Map.of("version", FEAT1, "fields", List.of(field("txn_velocity_7d", "int"),
                                field("avg_amount", "decimal")))),
                "derivations", List.of(
                        derive(STG, "card_hash", in(RAW, "card_number", "DIRECT", "TRANSFORMATION")),
                        derive(STG, "amount", in(RAW, "amount", "DIRECT", "IDENTITY"),
                                in(RAW, "extra_40", "INDIRECT", "FILTER")),
                        derive(FEAT, "txn_velocity_7d", in(STG, "card_hash", "DIRECT", "AGGREGATION")),
                        derive(FEAT, "avg_amount", in(STG, "amount", "DIRECT", "AGGREGATION"),
                                in(STG, "card_hash", "INDIRECT", "GROUP_BY"))),
                "datasetDependencies", List.of(Map.of("dataset", STG, "inputs",
                        List.of(in(RAW, "event_time", "INDIRECT", "FILTER")))))));
        Registry reg = new Registry(ana);
        reg.model("payments", null);
        ok(reg.register("payments", Map.of("run", "run:train-payments@r1", "inputs", List.of(FEAT1),
                "features", List.of(ref(FEAT, "txn_velocity_7d")))));
        web = new WebClient(app);
        web.signIn(TestApp.ADMIN_TOKEN);
    }

    private static Map<String, Object> rel(String from, String type, String to) {
        return Map.of("from", from, "type", type, "to", to);
    }

    private String svg(String query) {
        Api.Response page = web.get("/node?key=" + Api.q(STG1) + VIEW + query);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return page.body().substring(page.body().indexOf("<svg"), page.body().indexOf("</svg>") + 6);
    }

    private static String arrow(String classes, String from, String to) {
        return "class=\"" + classes + "\" data-from=\"" + from + "\" data-to=\"" + to + "\"";
    }

    @Test
    void datasetBoxesListTheirFieldsWithDerivationsFromRowToRowAndTheChosenFieldsLineageHighlighted() {
        String svg = svg("&fields=1&field=card_hash");

        assertThat(FieldDrawingIT.ids(svg, "pg-table")).containsExactlyInAnyOrder(RAW1, STG1, FEAT1);
        assertThat(FieldDrawingIT.ids(svg, "pg-field")).contains(STG1 + "#card_hash", STG1 + "#amount",
                RAW1 + "#card_number", RAW1 + "#event_time", FEAT1 + "#txn_velocity_7d", FEAT1 + "#avg_amount");
        assertThat(FieldDrawingIT.ids(svg, "root")).contains(STG1 + "#card_hash");
        assertThat(FieldDrawingIT.ids(svg, "pg-path")).as("from the raw column, through the filter, to both features")
                .contains(RAW1 + "#card_number", RAW1 + "#event_time", STG1 + "#card_hash",
                        FEAT1 + "#txn_velocity_7d", FEAT1 + "#avg_amount")
                .doesNotContain(STG1 + "#amount", RAW1 + "#amount");
        assertThat(svg).as("highlighted arrows, row to row, then on to the model version consuming the feature")
                .contains(arrow("pg-edge pg-path", RAW1 + "#card_number", STG1 + "#card_hash"))
                .contains(arrow("pg-edge pg-path", STG1 + "#card_hash", FEAT1 + "#txn_velocity_7d"))
                .contains(arrow("pg-edge pg-path", STG1 + "#card_hash", FEAT1 + "#avg_amount"))
                .contains(arrow("pg-edge pg-path", FEAT1 + "#txn_velocity_7d", "model:payments@1"))
                .as("the dataset-wide filter points at the staging box's name")
                .contains(arrow("pg-edge pg-path", RAW1 + "#event_time", STG1))
                .as("other derivations are drawn, not highlighted")
                .contains(arrow("pg-edge pg-field-edge", RAW1 + "#amount", STG1 + "#amount"))
                .contains(arrow("pg-edge pg-field-edge", STG1 + "#amount", FEAT1 + "#avg_amount"))
                .as("and the relations between nodes stay")
                .contains(arrow("pg-edge", RAW1, "run:dbt-staging@1"))
                .contains(arrow("pg-edge", "run:dbt-staging@1", STG1));
        assertThat(svg).as("a row links to this drawing with its own field's lineage highlighted")
                .contains("&amp;field=" + Api.q(RAW + "#card_number"));
    }

    @Test
    void withoutFieldsTheDrawingHasNoRows() {
        String svg = svg("");
        assertThat(FieldDrawingIT.ids(svg, "pg-table")).isEmpty();
        assertThat(FieldDrawingIT.ids(svg, "pg-field")).isEmpty();
        assertThat(FieldDrawingIT.ids(svg, "pg-node")).contains(RAW1, STG1, FEAT1);
    }

    @Test
    void aWideTableFoldsItsOtherFieldsIntoACountingRowUntilUnfolded() {
        String chosen = svg("&fields=1&field=card_hash");
        List<String> rawRows = FieldDrawingIT.ids(chosen, "pg-field").stream().filter(id -> id.startsWith(RAW1))
                .toList();
        assertThat(rawRows).as("the lineage's two columns, two others and a row counting the rest")
                .containsExactly(RAW1 + "#card_number", RAW1 + "#event_time", RAW1 + "#card_token",
                        RAW1 + "#amount", RAW1 + "|others");
        assertThat(chosen).contains("+56 other fields")
                .contains("&amp;expand=" + Api.q(RAW1) + "#graph-h")
                .as("a derivation from a column folded away attaches to the counting row")
                .contains(arrow("pg-edge pg-field-edge", RAW1 + "|others", STG1 + "#amount"));

        String plain = svg("&fields=1");
        assertThat(FieldDrawingIT.ids(plain, "pg-path")).as("no field chosen, nothing highlighted").isEmpty();
        assertThat(FieldDrawingIT.ids(plain, "pg-field").stream().filter(id -> id.startsWith(RAW1)).toList())
                .hasSize(8).endsWith(RAW1 + "|others");
        assertThat(plain).contains("+53 other fields");

        String open = svg("&fields=1&field=card_hash&expand=" + Api.q(RAW1));
        assertThat(FieldDrawingIT.ids(open, "pg-field").stream().filter(id -> id.startsWith(RAW1)).toList()).hasSize(60)
                .doesNotContain(RAW1 + "|others");
    }

    @Test
    void theDrawingShowsTheDerivationsValidAtThePagesInstant() {
        Instant before = clock.advance(Duration.ofDays(1));
        // Staging now hashes the card token instead of the card number.
        ok(admin.post("/api/v1/fields", Map.of("derivations", List.of(
                derive(STG, "card_hash", in(RAW, "card_token", "DIRECT", "TRANSFORMATION"))))));
        // A day later the page's session has lapsed: sign in again.
        web = new WebClient(app);
        web.signIn(TestApp.ADMIN_TOKEN);

        String now = svg("&fields=1&field=card_hash");
        assertThat(now).contains(arrow("pg-edge pg-path", RAW1 + "#card_token", STG1 + "#card_hash"))
                .doesNotContain("data-from=\"" + RAW1 + "#card_number\"");
        String then = svg("&fields=1&field=card_hash&asOf=" + Api.q(before.minusSeconds(3600).toString()));
        assertThat(then).contains(arrow("pg-edge pg-path", RAW1 + "#card_number", STG1 + "#card_hash"))
                .doesNotContain("data-from=\"" + RAW1 + "#card_token\"");
    }

    @Test
    void theDownloadsDrawTheFieldsToo() throws Exception {
        String query = "?key=" + Api.q(STG1) + VIEW + "&fields=1&field=card_hash";
        assertThat(web.get("/node?key=" + Api.q(STG1) + VIEW + "&fields=1&field=card_hash").body())
                .contains("/node/lineage.svg?key=" + Api.q(STG1) + VIEW.replace("&", "&amp;")
                        + "&amp;fields=1&amp;field=");
        Api.Response svg = web.get("/node/lineage.svg" + query);
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.body()).startsWith("<?xml").contains("class=\"pg-legend\"")
                .contains(arrow("pg-edge pg-path", RAW1 + "#card_number", STG1 + "#card_hash"))
                .contains("data-id=\"" + FEAT1 + "#txn_velocity_7d\"")
                .contains("the chosen field&#39;s lineage");
        Matcher size = Pattern.compile("width=\"([0-9.]+)\" height=\"([0-9.]+)\"").matcher(svg.body());
        assertThat(size.find()).isTrue();

        BufferedImage png = ImageIO.read(new ByteArrayInputStream(web.bytes("/node/lineage.png" + query)));
        assertThat(png.getWidth()).isEqualTo((int) Math.ceil(Double.parseDouble(size.group(1)) * 2));
        assertThat(png.getHeight()).isEqualTo((int) Math.ceil(Double.parseDouble(size.group(2)) * 2));
        assertThat(has(png, "#fef3c7")).as("highlighted rows").isTrue();
        assertThat(has(png, "#b45309")).as("highlighted arrows").isTrue();
        BufferedImage plain = ImageIO.read(new ByteArrayInputStream(web.bytes("/node/lineage.png?key="
                + Api.q(STG1) + VIEW)));
        assertThat(has(plain, "#fef3c7")).as("no rows without fields").isFalse();
    }

    @Test
    void aFieldThatIsNotADatasetsFieldIsRefusedNamingTheParameter() {
        Api.Response r = web.get("/node?key=" + Api.q("run:dbt-staging@1") + "&field=card_hash");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("field");
        assertThat(web.get("/node?key=" + Api.q("run:dbt-staging@1") + "&field="
                + Api.q(STG + "#card_hash")).status()).isEqualTo(200);
        assertThat(web.get("/node?key=" + Api.q(STG1) + "&fields=maybe").status()).isEqualTo(400);
    }

    private static boolean has(BufferedImage img, String hex) {
        int want = Integer.parseInt(hex.substring(1), 16);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == want) {
                    return true;
                }
            }
        }
        return false;
    }
}
