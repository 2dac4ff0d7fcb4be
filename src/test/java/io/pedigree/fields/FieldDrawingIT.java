package io.pedigree.fields;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.pedigree.fields.FieldChain.FEAT;
import static io.pedigree.fields.FieldChain.M;
import static io.pedigree.fields.FieldChain.RAW;
import static io.pedigree.fields.FieldChain.STG;
import static io.pedigree.fields.FieldChain.derive;
import static io.pedigree.fields.FieldChain.field;
import static io.pedigree.fields.FieldChain.in;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The field page's drawing puts each dataset's fields inside its box, highlights the chosen field's lineage from
 * the raw column to the deployment, and folds a wide table into a row that counts the rest until it is unfolded.
 */
class FieldDrawingIT extends PedigreeIT {

    private static final String WIDE = "dataset:wide_events";
    private WebClient web;

    @BeforeEach
    void chainWithAWideTable() {
        Api ana = admin.withNewToken("ana", "writer");
        FieldChain.declare(ana);
        new io.pedigree.testing.Registry(ana).promote(ana, M, 1, "staging", Map.of());
        new io.pedigree.testing.Registry(ana).promote(ana, M, 1, "production",
                Map.of("deployments", List.of("fraud-prod")));
        // A 40-column table, two of whose columns are computed from the staged card hash.
        new io.pedigree.testing.Registry(ana).lineage(WIDE + "@1");
        List<Map<String, Object>> cols = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            cols.add(field(String.format("col_%02d", i), "string"));
        }
        ok(ana.post("/api/v1/fields", Map.of("datasets", List.of(Map.of("version", WIDE + "@1", "fields", cols)),
                "derivations", List.of(derive(WIDE, "col_07", in(STG, "card_hash", "DIRECT", "IDENTITY")),
                        derive(WIDE, "col_31", in(STG, "card_hash", "DIRECT", "TRANSFORMATION"))))));
        web = new WebClient(app);
        web.signIn(TestApp.ADMIN_TOKEN);
    }

    private String svg(String path) {
        Api.Response page = web.get(path);
        assertThat(page.status()).isEqualTo(200);
        return page.body().substring(page.body().indexOf("<svg"), page.body().indexOf("</svg>") + 6);
    }

    /** The data-id of every element with {@code cls} among its classes, in document order. */
    static List<String> ids(String svg, String cls) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("class=\"([^\"]*)\"[^>]*? data-id=\"([^\"]*)\"").matcher(svg);
        while (m.find()) {
            if (List.of(m.group(1).split(" ")).contains(cls)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    @Test
    void eachDatasetIsOneBoxListingItsFieldsWithTheChosenFieldsLineageHighlighted() {
        String svg = svg("/field?dataset=" + Api.q(STG) + "&field=card_hash");

        assertThat(ids(svg, "pg-table")).containsExactlyInAnyOrder(STG, RAW, FEAT, WIDE);
        assertThat(ids(svg, "pg-field")).contains(STG + "#card_hash", STG + "#amount", STG + "#merchant_id",
                RAW + "#card_number", FEAT + "#txn_velocity_7d");
        assertThat(ids(svg, "root")).containsExactly(STG + "#card_hash");
        assertThat(ids(svg, "pg-path")).as("the rows on the lineage, from the raw column to the features")
                .contains(RAW + "#card_number", RAW + "#event_time", STG + "#card_hash", FEAT + "#txn_velocity_7d",
                        FEAT + "#avg_amount_30d", WIDE + "#col_07", WIDE + "#col_31")
                .doesNotContain(STG + "#amount", STG + "#merchant_id", FEAT + "#merchant_risk");
        // Arrows run row to row and on to the version and the deployment, all highlighted.
        assertThat(svg).contains("class=\"pg-edge pg-path\" data-from=\"" + RAW + "#card_number\" data-to=\""
                        + STG + "#card_hash\"")
                .contains("data-from=\"" + STG + "#card_hash\" data-to=\"" + FEAT + "#txn_velocity_7d\"")
                .contains("data-from=\"" + FEAT + "#txn_velocity_7d\" data-to=\"model:fraud@1\"")
                .contains("data-from=\"model:fraud@1\" data-to=\"deployment:fraud-prod\"")
                .as("the dataset-wide filter points at the staging table's name")
                .contains("data-from=\"" + RAW + "#event_time\" data-to=\"" + STG + "\"");
        assertThat(svg).doesNotContain("class=\"pg-edge\" ").as("no arrow is left plain");
    }

    @Test
    void aWideTableFoldsItsOtherFieldsIntoOneRowUntilUnfolded() {
        String folded = svg("/field?dataset=" + Api.q(STG) + "&field=card_hash");
        String open = svg("/field?dataset=" + Api.q(STG) + "&field=card_hash&expand=" + Api.q(WIDE));

        List<String> foldedRows = ids(folded, "pg-field").stream().filter(id -> id.startsWith(WIDE)).toList();
        assertThat(foldedRows).containsExactly(WIDE + "#col_07", WIDE + "#col_31", WIDE + "#col_00",
                WIDE + "#col_01", WIDE + "|others");
        assertThat(folded).contains("+36 other fields")
                .contains("&amp;expand=dataset%3Awide_events#field-graph-h");
        List<String> openRows = ids(open, "pg-field").stream().filter(id -> id.startsWith(WIDE)).toList();
        assertThat(openRows).hasSize(40).doesNotContain(WIDE + "|others");
    }
}
