package io.pedigree.web;

import io.pedigree.demo.DemoData;
import io.pedigree.demo.DemoRegistry;
import io.pedigree.demo.OpenLineageDemo;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Job, run and home pages for what OpenLineage producers reported, with the demo's dbt project. */
class OpenLineagePagesIT extends PedigreeIT {

    private static final String INVOCATION = "0196a5d2-d0b7-7000-8000-000000000001";
    private WebClient browser;

    @BeforeEach
    void signIn() {
        browser = new WebClient(app);
        assertThat(browser.signIn(TestApp.ADMIN_TOKEN).status()).isEqualTo(303);
    }

    @Test
    void theDemoDbtProjectFeedsTheProductionFraudModel() {
        DemoData.load(app.writer());
        DemoRegistry.load(app.registry(), app.models(), app.versions(), app.evaluations(), app.lifecycle());
        assertThat(OpenLineageDemo.load(app.openLineage(), app.writer())).isEqualTo(10);
        assertThat(OpenLineageDemo.load(app.openLineage(), app.writer())).as("loading again").isZero();

        String impact = admin.get("/api/v1/impact?key="
                + Api.q("dataset:{postgres://warehouse:5432}raw.public.transactions")).body();
        assertThat(impact).contains("model:fraud-detector@4").contains("deployment:fraud-api-prod");

        String home = browser.get("/").body();
        assertThat(home).contains("OpenLineage producers")
                .contains("https://github.com/OpenLineage/OpenLineage/tree/1.45.0/integration/dbt");

        Api.Response run = browser.get("/openlineage/run?runId=" + INVOCATION);
        assertThat(run.status()).isEqualTo(200);
        assertThat(run.body()).contains("dbt-run-fraud_features").contains("model.fraud_features.stg_customers")
                .contains("Events received").contains("dbt_run");
        Api.Response job = browser.get("/openlineage/job?namespace=dbt-fraud&name="
                + Api.q("model.fraud_features.fct_transaction_features"));
        assertThat(job.status()).isEqualTo(200);
        assertThat(job.body()).contains("completed").contains("fct_transaction_features@schema-");
    }

    @Test
    void aFailedRunShowsItsErrorFirstOnItsPagesAndOnTheHomePage() {
        Api w = admin.withNewToken("airflow", "writer");
        String failed = """
                {"eventType":"FAIL","eventTime":"2026-10-01T10:05:00Z","producer":"https://airflow.example/<b>x</b>",
                 "run":{"runId":"r-1","facets":{"errorMessage":{"message":"<script>alert(1)</script> division by zero",
                 "programmingLanguage":"python"}}},"job":{"namespace":"airflow","name":"etl.orders"}}""";
        assertThat(w.post("/api/v1/lineage", failed).status()).isEqualTo(201);
        assertThat(w.post("/api/v1/lineage", failed.replace("FAIL", "COMPLETE").replace("r-1", "r-2")
                .replace("10:05", "11:05")).status()).isEqualTo(201);

        String home = browser.get("/").body();
        assertThat(home).contains("Recent failed runs").contains("&lt;script&gt;alert(1)&lt;/script&gt; division by zero")
                .doesNotContain("<script>alert").doesNotContain("<b>x</b>");
        String job = browser.get("/openlineage/job?namespace=airflow&name=etl.orders").body();
        assertThat(job.indexOf("r-1")).as("the failure comes first").isLessThan(job.indexOf("r-2"));
        assertThat(job).contains("division by zero");
        String run = browser.get("/openlineage/run?runId=r-1").body();
        assertThat(run).contains("Failed:").contains("division by zero").doesNotContain("<script>alert");
        assertThat(browser.get("/openlineage/run?runId=nope").status()).isEqualTo(404);
    }
}
