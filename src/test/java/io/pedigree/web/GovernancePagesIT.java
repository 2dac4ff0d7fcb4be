package io.pedigree.web;

import io.pedigree.demo.DemoData;
import io.pedigree.demo.DemoRegistry;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The model, compare and deployment pages as HTML over plain HTTP, and the rollback form's checks. */
class GovernancePagesIT extends PedigreeIT {

    private static final String PROD = "/deployment?name=fraud-api-prod";

    private WebClient web;

    @BeforeEach
    void loadDemoAndSignIn() {
        DemoData.load(app.writer());
        assertThat(DemoRegistry.load(app.registry(), app.models(), app.versions(), app.evaluations(),
                app.lifecycle())).isTrue();
        web = signedIn(TestApp.ADMIN_TOKEN);
    }

    private WebClient signedIn(String token) {
        WebClient browser = new WebClient(app);
        assertThat(browser.signIn(token).status()).isEqualTo(303);
        return browser;
    }

    private WebClient as(String principal, String... roles) {
        Api.Response issued = admin.post("/api/v1/admin/tokens", Map.of("principal", principal,
                "roles", List.of(roles)));
        assertThat(issued.status()).isEqualTo(201);
        return signedIn(issued.json().get("token").asText());
    }

    @Test
    void theModelsPageListsTheRegisteredModels() {
        Api.Response r = web.get("/models");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("href=\"/model?name=fraud-detector\"").contains("v5")
                .contains("href=\"/node?key=model:fraud-detector@4\"");
    }

    @Test
    void theModelPageListsVersionsWithStageMetricsGatesAndApprovals() {
        Api.Response r = web.get("/model?name=fraud-detector");

        assertThat(r.status()).isEqualTo(200);
        String body = r.body();
        for (int v = 1; v <= 5; v++) {
            assertThat(body).contains("href=\"/node?key=model:fraud-detector@" + v + "\"");
        }
        assertThat(body).contains("stage-production\">production</span>").contains("stage-staging\">staging</span>");
        // v5 is not approved for production: its gate lists what is missing; v4 passes.
        String v5 = row(body, 5);
        assertThat(v5).contains("not met:").contains("approvals").contains("0.931");
        assertThat(row(body, 4)).contains("passed").contains("chen@acme.com").contains("approve");
        assertThat(row(body, 1)).contains("reject").contains("Recall at 1% FPR is below 0.6");
        assertThat(body).contains("Policy").contains("auc &gt;= 0.9 on suite holdout");
        assertThat(body).contains("action=\"/model/compare\" method=\"get\"")
                .contains("<label for=\"compare-a\">").contains("<label for=\"compare-b\">");
    }

    @Test
    void theComparePageShowsTheDatasetChangeAndMetricDeltas() {
        Api.Response r = web.get("/model/compare?name=fraud-detector&a=3&b=4");

        assertThat(r.status()).isEqualTo(200);
        String inputs = section(r.body(), "inputs-h");
        // v4 trained on three more weekly feature snapshots, from another commit of the training code.
        assertThat(inputs).contains("added").contains("dataset:fraud-features@2026-10-13")
                .contains("changed").contains("commit:github.com/acme/fraud-model");
        assertThat(section(r.body(), "side-h")).contains("stage-staging\">staging").contains("stage-production");
        String metrics = section(r.body(), "metrics-h");
        assertThat(metrics).contains("auc").contains("0.912").contains("0.927").contains("+0.015")
                .contains("better");
        // The form keeps the view: 3 and 4 stay selected.
        assertThat(r.body()).contains("<option value=\"3\" selected=\"selected\">")
                .contains("<option value=\"4\" selected=\"selected\">");
    }

    @Test
    void comparingAVersionWithItselfOrANonNumberIsA400Page() {
        assertThat(web.get("/model/compare?name=fraud-detector&a=3&b=3").status()).isEqualTo(400);
        assertThat(web.get("/model/compare?name=fraud-detector&a=x&b=3").status()).isEqualTo(400);
        assertThat(web.get("/model?name=nothing-here").status()).isEqualTo(404);
    }

    @Test
    void theDeploymentPageShowsTheTimelineAndTheRollbackPlan() {
        Api.Response r = web.get(PROD);

        assertThat(r.status()).isEqualTo(200);
        String body = r.body();
        assertThat(body).contains("production").contains("model:fraud-detector@4");
        String timeline = section(body, "timeline-h");
        assertThat(timeline).contains("class=\"timeline\"").contains("serving now")
                .contains("href=\"/node?key=model:fraud-detector@4\"")
                .contains("href=\"/node?key=model:fraud-detector@3\"")
                .contains("href=\"/node?key=model:fraud-detector@2\"");
        String plan = section(body, "plan-h");
        assertThat(plan).contains("Would roll back to").contains("model:fraud-detector@3").contains("target");
        assertThat(body).contains("action=\"/deployment/rollback\"").contains("<label for=\"rollback-reason\">");
    }

    @Test
    void aRollbackWithoutTheFormTokenIsRefused() {
        Api.Response r = web.post("/deployment/rollback", Map.of("name", "fraud-api-prod", "reason", "spike"));

        assertThat(r.status()).isEqualTo(403);
        assertThat(Audit.count("deployment.rollback")).isZero();
    }

    @Test
    void aRollbackWithoutAReasonShowsTheFormAgainNamingTheReason() {
        String csrf = WebClient.csrfOf(web.get(PROD));

        Api.Response r = web.post("/deployment/rollback", Map.of("csrf", csrf, "name", "fraud-api-prod",
                "version", "model:fraud-detector@3", "reason", "  "));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.body()).contains("role=\"alert\"").contains("A reason is required")
                .contains("aria-invalid=\"true\"").contains("id=\"rollback-reason\"")
                .contains("<option value=\"model:fraud-detector@3\" selected=\"selected\">");
        assertThat(Audit.count("deployment.rollback")).isZero();
    }

    @Test
    void aReaderSeesNoRollbackFormAndCannotPostOne() {
        WebClient reader = as("ben", "reader");

        Api.Response page = reader.get(PROD);
        Api.Response post = reader.post("/deployment/rollback", Map.of("csrf", WebClient.csrfOf(page),
                "name", "fraud-api-prod", "reason", "latency spike"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("action=\"/deployment/rollback\"").contains("Rolling back needs the writer role");
        assertThat(post.status()).isEqualTo(403);
        assertThat(Audit.count("deployment.rollback")).isZero();
    }

    @Test
    void aWriterRollsBackToVersion3AndTheAuditLogNamesThem() {
        WebClient writer = as("dana", "reader", "writer");
        String csrf = WebClient.csrfOf(writer.get(PROD));

        Api.Response r = writer.post("/deployment/rollback", Map.of("csrf", csrf, "name", "fraud-api-prod",
                "version", "", "reason", "false positives doubled after the <b>v4</b> release"));

        assertThat(r.status()).isEqualTo(303);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/deployment?name=fraud-api-prod&rolledBack=");
        Api.Response after = writer.get(location);
        assertThat(after.body()).contains("Rolled back:").contains("role=\"status\"");
        assertThat(section(after.body(), "timeline-h")).contains("serving now");
        // The plan now names the reason v4 was rolled back from, as text.
        assertThat(section(after.body(), "plan-h")).contains("after the &lt;b&gt;v4&lt;/b&gt; release")
                .doesNotContain("<b>v4");
        assertThat(admin.get("/api/v1/deployments/fraud-api-prod").json().get("serving").asText())
                .isEqualTo("model:fraud-detector@3");
        List<Record> events = Audit.events("deployment.rollback");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("actor").asString()).isEqualTo("dana");
        assertThat(events.get(0).get("reason").asString()).isEqualTo("false positives doubled after the <b>v4</b> release");
    }

    @Test
    void aConfirmationInTheUrlIsShownOnlyWhenItIsTrue() {
        Api.Response r = web.get(PROD + "&rolledBack=" + Api.q("model:fraud-detector@1"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("Rolled back:");
    }

    @Test
    void theDeploymentsPageListsEveryDeploymentWithWhatItServes() {
        Api.Response r = web.get("/deployments");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("href=\"/deployment?name=fraud-api-prod\"").contains("fraud-api-staging");
    }

    /** The table row of version {@code v} on the model page. */
    private static String row(String body, int v) {
        int start = body.indexOf("<tr id=\"v" + v + "\"");
        assertThat(start).as("row of v%s", v).isNotNegative();
        return body.substring(start, body.indexOf("</tr>", start));
    }

    /** The section headed by the heading with id {@code headingId}. */
    private static String section(String body, String headingId) {
        int start = body.indexOf("id=\"" + headingId + "\"");
        assertThat(start).as("heading %s", headingId).isNotNegative();
        int end = body.indexOf("</section>", start);
        return body.substring(start, end);
    }
}
