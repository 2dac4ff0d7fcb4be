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

/** The node page's lineage drawing and its view controls, the impact page and its CSV, and the audit page. */
class LineageAndAuditPagesIT extends PedigreeIT {

    private static final String MODEL = "model:fraud-detector@4";
    private WebClient browser;

    @BeforeEach
    void demoAndSignIn() {
        DemoData.load(app.writer());
        browser = new WebClient(app);
        assertThat(browser.signIn(TestApp.ADMIN_TOKEN).status()).isEqualTo(303);
    }

    @Test
    void theNodePageDrawsItsLineageAndKeepsTheViewInEveryLink() {
        Api.Response r = browser.get("/node?key=" + Api.q(MODEL) + "&depth=2&direction=upstream");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("<svg", "train-fraud-detector", "/static/graph.js")
                .contains("depth=2&amp;direction=upstream");
        assertThat(r.body()).containsPattern("<option value=\"2\" selected");
    }

    @Test
    void theNodePageListsTheArtifactsAttachedToIt() {
        Api.Response up = admin.send(admin.builder("/api/v1/artifacts?key=" + Api.q(MODEL)
                + "&role=weights&fileName=model.onnx").header("Content-Type", "application/onnx")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("weights of version 4")));
        assertThat(up.status()).as(up.body()).isEqualTo(201);

        Api.Response r = browser.get("/node?key=" + Api.q(MODEL));

        assertThat(r.body()).contains("Artifacts", "model.onnx", "weights", "application/onnx",
                up.json().get("artifact").get("sha256").asText());
    }

    @Test
    void badViewParametersAreA400PageNamingThem() {
        assertThat(browser.get("/node?key=" + Api.q(MODEL) + "&depth=99").status()).isEqualTo(400);
        Api.Response badAsOf = browser.get("/node?key=" + Api.q(MODEL) + "&asOf=yesterday");
        assertThat(badAsOf.status()).isEqualTo(400);
        assertThat(badAsOf.body()).contains("asOf is a date");
    }

    @Test
    void impactListsTheProductionDeploymentWithItsOwnersAndDownloadsAsCsv() {
        String raw = "dataset:transactions-raw@2026-09-01";
        Api.Response page = browser.get("/impact?key=" + Api.q(raw));
        Api.Response csv = browser.get("/impact.csv?key=" + Api.q(raw));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Production deployments affected", "fraud-api-prod", "person:chen@acme.com");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        assertThat(csv.body()).startsWith("kind,key,name,version,depth,environment,serves,owners\r\n")
                .contains("deployment:fraud-api-prod", "production");
    }

    @Test
    void impactPageAndCsvKeepTheDepthAndKindsAsked() {
        String raw = "dataset:transactions-raw@2026-09-01";
        String view = "?key=" + Api.q(raw) + "&depth=10&kinds=model";
        Api.Response page = browser.get("/impact" + view);
        Api.Response csv = browser.get("/impact.csv" + view);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"depth\"", "value=\"10\"")
                .contains("/impact.csv?key=" + Api.q(raw) + "&amp;depth=10&amp;kinds=model");
        assertThat(csv.body().lines().skip(1)).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("model,"));
        assertThat(browser.get("/impact?key=" + Api.q(raw) + "&kinds=widget").status()).isEqualTo(400);
    }

    @Test
    void theAuditPageFiltersEventsAndSaysWhetherTheChainVerifies() {
        admin.put("/api/v1/nodes", Map.of("key", "dataset:audit-page@1"));

        Api.Response all = browser.get("/audit");
        Api.Response filtered = browser.get("/audit?action=node.write");

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body()).contains("The hash chain verifies", "batch.write");
        assertThat(filtered.body()).contains("dataset:audit-page@1").doesNotContain("batch.write");
    }

    @Test
    void aBrokenChainIsShownOnTheAuditPage() {
        io.pedigree.testing.Graph.rows("MATCH (e:AuditEvent {seq: 1}) SET e.reason = 'edited' RETURN e.seq AS s");

        Api.Response r = browser.get("/audit");

        assertThat(r.body()).contains("The hash chain is broken at event");
    }
}
