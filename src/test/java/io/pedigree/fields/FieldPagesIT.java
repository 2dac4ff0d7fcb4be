package io.pedigree.fields;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pedigree.fields.FieldChain.M;
import static io.pedigree.fields.FieldChain.RAW;
import static io.pedigree.fields.FieldChain.STG;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** A dataset page lists its fields, each linking to a field page with its upstream and its impact. */
class FieldPagesIT extends PedigreeIT {

    private WebClient web;

    @BeforeEach
    void chainAndSignedIn() {
        Api ana = admin.withNewToken("ana", "writer");
        FieldChain.declare(ana);
        new io.pedigree.testing.Registry(ana).promote(ana, M, 1, "staging", Map.of());
        new io.pedigree.testing.Registry(ana).promote(ana, M, 1, "production",
                Map.of("deployments", List.of("fraud-prod")));
        web = new WebClient(app);
        web.signIn(TestApp.ADMIN_TOKEN);
    }

    @Test
    void aDatasetVersionPageListsItsFieldsWithLinksToUpstreamAndImpact() {
        Api.Response page = web.get("/node?key=" + Api.q(RAW + "@1"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Fields", "card_number", "event_time",
                "/field?dataset=dataset:raw.transactions&amp;field=card_number#impact-h");
    }

    @Test
    void aFieldPageShowsProductionDeploymentsVersionsDerivedFieldsAndUpstreamTransformations() {
        Api.Response impact = web.get("/field?dataset=" + Api.q(RAW) + "&field=card_number");
        Api.Response upstream = web.get("/field?dataset=" + Api.q(STG) + "&field=card_hash");

        assertThat(impact.status()).isEqualTo(200);
        assertThat(impact.body()).contains("deployment:fraud-prod", "model:fraud@1", STG + "#card_hash");
        assertThat(upstream.body()).contains(RAW + "#card_number", "TRANSFORMATION", "sha256(card_number)");
        assertThat(upstream.body()).contains("every field of");
    }

    @Test
    void aFieldPageDrawsItsUpstreamAndDownstreamWithEveryBoxLinkingToItsPage() {
        Api.Response page = web.get("/field?dataset=" + Api.q(STG) + "&field=card_hash");

        assertThat(page.status()).isEqualTo(200);
        String svg = page.body().substring(page.body().indexOf("<svg"), page.body().indexOf("</svg>"));
        assertThat(svg).contains("Field lineage of " + STG + "#card_hash")
                .contains("/field?dataset=dataset%3Araw.transactions&amp;field=card_number&amp;view=all")
                .contains("/field?dataset=dataset%3Afraud_features&amp;field=txn_velocity_7d&amp;view=all")
                .contains("/node?key=model%3Afraud%401", "/node?key=deployment%3Afraud-prod");
        assertThat(page.body()).as("the upstream table links the input field too")
                .contains("<a href=\"/field?dataset=dataset%3Araw.transactions&amp;field=card_number&amp;view=all\"");
    }

    @Test
    void theFieldImpactDownloadsAsCsv() {
        Api.Response csv = web.get("/field-impact.csv?dataset=" + Api.q(RAW) + "&field=card_number");

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body()).startsWith("kind,key,depth,environment,serves,owners,via")
                .contains("deployment,deployment:fraud-prod");
    }
}
