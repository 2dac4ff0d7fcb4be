package io.pedigree.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import io.pedigree.testing.WebClient;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.evidence.EvidenceStory.HOLDOUT;
import static io.pedigree.evidence.EvidenceStory.M;
import static io.pedigree.evidence.EvidenceStory.TRAIN;
import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** The evidence pack of a model version, as JSON, page and PDF, built from Pedigree's own records. */
class EvidencePackIT extends PedigreeIT {

    private static final String PACK = "/api/v1/models/" + M + "/versions/1/evidence";

    @Test
    void packHoldsEverySectionWithTheAuditEventsBehindIt() {
        assertThat(EvidenceStory.tell(admin)).isEqualTo(1);
        Api reader = admin.withNewToken("rita", "reader");

        Api.Response r = reader.get(PACK);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode p = r.json();
        assertThat(p.at("/version/key").asText()).isEqualTo("model:fraud-detector@1");
        assertThat(p.path("generatedBy").asText()).isEqualTo("rita");
        assertThat(p.path("intendedUse").asText()).isEqualTo("score card transactions");
        assertThat(p.path("riskLevel").asText()).isEqualTo("high");
        assertThat(p.at("/version/parameters/lr").asDouble()).isEqualTo(0.01);
        Map<String, JsonNode> data = byField(p.path("data"), "key");
        assertThat(data.get(TRAIN).path("role").asText()).isEqualTo("training");
        assertThat(data.get(TRAIN).path("licence").asText()).isEqualTo("CC-BY-4.0");
        assertThat(data.get(TRAIN).path("owners").toString()).isEqualTo("[\"person:ana\"]");
        assertThat(data.get(HOLDOUT).path("role").asText()).isEqualTo("evaluation");
        assertThat(data.get(HOLDOUT).path("licence").asText()).isEqualTo("proprietary");
        assertThat(p.path("commits").toString()).isEqualTo("[\"commit:fraud-repo@a1\"]");
        assertThat(keys(p.at("/lineage/nodes"), "key")).contains(TRAIN, "dataset:raw-transactions@7",
                "run:train-fraud@r1");
        JsonNode eval = p.at("/evaluations/0");
        assertThat(eval.path("dataset").asText()).isEqualTo(HOLDOUT);
        assertThat(eval.at("/metrics/0/threshold").asDouble()).isEqualTo(0.9);
        assertThat(eval.at("/metrics/0/passed").asBoolean()).isTrue();
        assertThat(p.at("/approvals/0/by").asText()).isEqualTo("bo");
        assertThat(p.at("/approvals/0/comment").asText()).isEqualTo("fairness review FR-7 passed");
        assertThat(keys(p.path("transitions"), "to")).containsExactly("staging", "production");
        assertThat(p.at("/transitions/1/reason").asText()).isEqualTo("quarterly release");
        assertThat(p.at("/transitions/1/by").asText()).isEqualTo("ana");
        assertThat(p.at("/deployments/0/deployment").asText()).isEqualTo("fraud-api-prod");
        assertThat(p.at("/deployments/0/environment").asText()).isEqualTo("production");
        assertThat(p.at("/deployments/0/validTo").isNull()).isTrue();
        assertThat(p.at("/quarantines/0/key").asText()).isEqualTo("dataset:raw-transactions@7");
        assertThat(p.at("/quarantines/0/reason").asText()).isEqualTo("holds unmasked card numbers");

        // Each section cites the events behind it, each carried with the hash the audit log holds for it.
        Map<String, JsonNode> events = byField(p.path("events"), "seq");
        Map<String, String> logged = new HashMap<>();
        admin.get("/api/v1/audit?limit=1000").json().path("items")
                .forEach(e -> logged.put(e.path("seq").asText(), e.path("hash").asText()));
        for (String section : List.of("identity", "evaluations", "approvals", "transitions", "deployments",
                "quarantines")) {
            assertThat(p.at("/citations/" + section)).as(section).isNotEmpty();
            p.at("/citations/" + section).forEach(seq -> assertThat(events.get(seq.asText()).path("hash").asText())
                    .isEqualTo(logged.get(seq.asText())));
        }
        assertThat(events.get(p.at("/citations/approvals/0").asText()).path("reason").asText())
                .isEqualTo("fairness review FR-7 passed");

        // The proof runs from the first cited event to a signed checkpoint of the head.
        JsonNode proof = p.path("proof");
        JsonNode chain = proof.path("chain");
        long head = admin.get("/api/v1/audit/verify").json().at("/head/seq").asLong();
        assertThat(proof.at("/checkpoint/seq").asLong()).isEqualTo(head);
        assertThat(chain.get(0).path("seq").asLong()).isEqualTo(p.at("/events/0/seq").asLong());
        assertThat(chain.get(chain.size() - 1).path("hash").asText()).isEqualTo(proof.at("/checkpoint/hash").asText());
        assertThat(proof.path("publicKeyPem").asText()).isEqualTo(admin.as(null)
                .get("/.well-known/pedigree-audit-key.pem").body());
    }

    @Test
    void pageAndPdfShowThePackToASignedInReader() throws Exception {
        EvidenceStory.tell(admin);
        WebClient browser = new WebClient(app);
        assertThat(browser.get("/model/evidence?name=" + M + "&version=1").status()).isEqualTo(303);
        browser.signIn(admin.withNewToken("rita", "reader").token());

        Api.Response page = browser.get("/model/evidence?name=" + M + "&version=1");

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).contains("fairness review FR-7 passed", "quarterly release", "CC-BY-4.0",
                "holds unmasked card numbers", "<svg", "dataset:raw-transactions@7",
                "/model/evidence.pdf?name=fraud-detector&amp;version=1");
        assertThat(browser.get("/model?name=" + M).body()).contains("/model/evidence?name=fraud-detector&amp;version=1");
        byte[] pdf = browser.bytes("/model/evidence.pdf?name=" + M + "&version=1");
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("fraud-detector version 1", "fairness review FR-7 passed",
                    "quarterly release", "CC-BY-4.0", "holds unmasked card numbers");
        }
    }

    @Test
    void incidentsAttributedToTheVersionAreListedWithTheAuditEventsBehindThem() throws Exception {
        EvidenceStory.tell(admin);
        Api ana = admin.withNewToken("ana", "writer");
        Api carl = admin.withNewToken("carl", "writer");
        String mine = ok(ana.post("/api/v1/deployments/fraud-api-prod/incidents", Map.of("severity", "high",
                "title", "p95 above 400 ms"))).path("key").asText();
        ok(carl.post("/api/v1/incidents/" + mine.substring("incident:".length()) + "/resolve",
                Map.of("resolution", "cache warmed")));
        // Version 2 then serves on the same deployment; the incident opened there now is its, not version 1's.
        Registry reg = new Registry(ana);
        reg.lineage("run:train-fraud@r2", "dataset:fraud-train@2"); // clear of the quarantined raw data
        int v2 = reg.version(M, "run:train-fraud@r2", List.of("dataset:fraud-train@2"));
        reg.evaluate(M, v2, "holdout", "auc", 0.95);
        reg.promote(ana, M, v2, "staging", Map.of());
        Registry.approve(admin.withNewToken("bo", "approver"), M, v2, "production");
        reg.promote(ana, M, v2, "production", Map.of("deployments", List.of("fraud-api-prod"), "replaces", 1));
        String theirs = ok(ana.post("/api/v1/deployments/fraud-api-prod/incidents", Map.of("severity", "low",
                "title", "error rate doubled"))).path("key").asText();
        Api reader = admin.withNewToken("rita", "reader");

        JsonNode p = ok(reader.get(PACK));

        assertThat(keys(p.path("incidents"), "key")).containsExactly(mine);
        JsonNode incident = p.at("/incidents/0");
        assertThat(incident.path("severity").asText()).isEqualTo("high");
        assertThat(incident.path("title").asText()).isEqualTo("p95 above 400 ms");
        assertThat(incident.path("status").asText()).isEqualTo("resolved");
        assertThat(incident.path("deployment").asText()).isEqualTo("fraud-api-prod");
        assertThat(incident.path("openedBy").asText()).isEqualTo("ana");
        assertThat(incident.path("acknowledgedBy").asText()).isEqualTo("carl");
        assertThat(incident.path("resolvedBy").asText()).isEqualTo("carl");
        assertThat(incident.path("resolvedAt").isNull()).isFalse();
        Map<String, JsonNode> events = byField(p.path("events"), "seq");
        List<String> cited = new ArrayList<>();
        p.at("/citations/incidents").forEach(seq -> cited.add(events.get(seq.asText()).path("action").asText()
                + " " + events.get(seq.asText()).path("target").asText()));
        assertThat(cited).containsExactly("incident.open " + mine, "incident.resolve " + mine);
        assertThat(p.path("events").toString()).doesNotContain(theirs, "error rate doubled");
        String proof = reader.get(PACK + "?format=proof").body();
        for (JsonNode seq : p.at("/citations/incidents")) {
            assertThat(proof).contains("cite incidents " + seq.asLong() + "\n", "content " + seq.asLong() + " ");
        }

        WebClient browser = new WebClient(app);
        browser.signIn(reader.token());
        String page = browser.get("/model/evidence?name=" + M + "&version=1").body();
        assertThat(page).contains("p95 above 400 ms", "cache warmed", mine).doesNotContain("error rate doubled");
        try (PDDocument doc = Loader.loadPDF(browser.bytes("/model/evidence.pdf?name=" + M + "&version=1"))) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("10. Incidents", "p95 above 400 ms", "resolved", "cache warmed")
                    .doesNotContain("error rate doubled");
        }
        assertThat(keys(ok(reader.get("/api/v1/models/" + M + "/versions/" + v2 + "/evidence")).path("incidents"),
                "key")).containsExactly(theirs);
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        EvidenceStory.tell(admin);

        assertProblem(admin.get("/api/v1/models/" + M + "/versions/9/evidence"), 404, "version");
        assertProblem(admin.get("/api/v1/models/no-such-model/versions/1/evidence"), 404);
        assertProblem(admin.get(PACK + "?format=xml"), 400, "format");
        assertProblem(admin.as(null).get(PACK), 401);
    }

    private static Map<String, JsonNode> byField(JsonNode array, String field) {
        Map<String, JsonNode> out = new HashMap<>();
        array.forEach(n -> out.put(n.path(field).asText(), n));
        return out;
    }

    private static List<String> keys(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path(field).asText()));
        return out;
    }
}
