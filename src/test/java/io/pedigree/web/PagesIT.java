package io.pedigree.web;

import io.pedigree.demo.DemoData;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pages as HTML over plain HTTP: what they show, how they escape, their errors and headers. */
class PagesIT extends PedigreeIT {

    private WebClient browser;

    @BeforeEach
    void signIn() {
        browser = new WebClient(app);
        assertThat(browser.signIn(TestApp.ADMIN_TOKEN).status()).isEqualTo(303);
    }

    @Test
    void markupInNamesKeysAndPropertiesIsShownAsTextInSearchResults() {
        Hostile.record(admin);

        Api.Response r = browser.get("/search?q=" + Api.q("<script>"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>").doesNotContain("<svg").doesNotContain("<img");
        assertThat(r.body()).contains("/node?key=dataset:%3Cscript%3Ealert(1)%3C/script%3E");
    }

    @Test
    void markupInNamesKeysAndPropertiesIsShownAsTextOnTheNodePage() {
        Hostile.record(admin);

        Api.Response r = browser.get("/node?key=" + Api.q(Hostile.KEY));

        assertThat(r.status()).isEqualTo(200);
        // The lineage drawing is SVG of the server's own; no markup from the node's strings gets through.
        assertThat(r.body()).doesNotContain("<script>").doesNotContain("<svg onload").doesNotContain("<img")
                .doesNotContain("<b>").doesNotContain("<u>").doesNotContain("<i>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("&quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt; &amp; &#39;single&#39;")
                .contains("person:&lt;svg onload=alert(3)&gt;");
    }

    @Test
    void aSearchByKeyPrefixFindsKeysAndAKindNarrowsIt() {
        Lineage().node("dataset:transactions@1", "dataset:transfers@1", "model:transactions-scorer@1")
                .writeWith(admin);

        String byKey = browser.get("/search?q=" + Api.q("dataset:trans")).body();
        String byName = browser.get("/search?q=trans&kind=model").body();

        assertThat(byKey).contains("dataset:transactions@1").contains("dataset:transfers@1")
                .doesNotContain("model:transactions-scorer@1");
        assertThat(byName).contains("model:transactions-scorer@1").doesNotContain("dataset:transfers@1")
                .contains("<option value=\"model\" selected=\"selected\">model</option>");
    }

    @Test
    void theHomePageShowsProductionQuarantinesAndRecentActivity() {
        DemoData.load(app.writer());
        assertThat(admin.post("/api/v1/quarantines", Map.of("key",
                "dataset:{postgres://payments-db.acme.internal:5432}public.card_transactions",
                "reason", "card numbers found in clear")).status()).isEqualTo(201);

        Api.Response r = browser.get("/");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("Production deployments").contains("card numbers found in clear")
                .contains("quarantine.create").contains("Recent activity")
                .contains("fraud-api-prod").contains("support-assistant-prod").doesNotContain("fraud-api-staging");
    }

    @Test
    void anUnknownNodeIsA404PageAndABadKeyA400Page() {
        Api.Response missing = browser.get("/node?key=" + Api.q("dataset:nothing-here@1"));
        Api.Response bad = browser.get("/node?key=" + Api.q("nokind"));
        Api.Response nowhere = browser.get("/no/such/page");

        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("text/html");
        assertThat(missing.body()).contains("No node with key dataset:nothing-here@1");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("text/html");
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.contentType()).startsWith("text/html");
    }

    @Test
    void aPageShowsItsErrorsAsPagesWhateverTheClientAccepts() {
        browser.withHeader("Accept", "*/*");

        Api.Response bad = browser.get("/node?key=nokind");
        Api.Response unknownPath = browser.get("/no/such/page");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("text/html");
        // A path that is no page at all answers a client that did not ask for HTML as the API would.
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theApiStillAnswersErrorsAsProblemJson() {
        Api.Response r = admin.get("/api/v1/nodes/" + Api.q("dataset:nothing-here@1"));
        Api.Response unknown = admin.get("/api/v1/no-such-route");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndAreNotCached() {
        Api.Response r = browser.get("/");

        assertThat(r.headers().firstValue("Content-Security-Policy")).contains("default-src 'self'; "
                + "img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; "
                + "base-uri 'none'; form-action 'self'");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
        // Scripts only from this server's own files, never inline.
        assertThat(r.body()).doesNotContain("style=\"").doesNotContainPattern("<script(?![^>]*\\bsrc=\"/static/)");
    }

    @Test
    void theStylesheetIsServed() {
        Api.Response css = browser.get("/static/pedigree.css");

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        assertThat(css.body()).contains("--kind-dataset").contains(".kind-deployment");
    }

    private static io.pedigree.testing.Lineage Lineage() {
        return io.pedigree.testing.Lineage.of();
    }
}
