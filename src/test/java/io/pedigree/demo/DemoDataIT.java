package io.pedigree.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.WriteSummary;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Session;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DemoDataIT extends PedigreeIT {

    @Test
    void loadingTheDemoTwiceLeavesTheGraphUnchanged() {
        Batch batch = DemoData.batch();

        WriteSummary first = DemoData.load(app.writer());
        List<Long> afterFirst = graphCounts();
        WriteSummary second = DemoData.load(app.writer());

        assertThat(first.nodes()).isEqualTo(new WriteSummary.Counts(batch.nodes().size(), 0, 0));
        assertThat(first.relations()).isEqualTo(new WriteSummary.Counts(batch.relations().size(), 0, 0));
        assertThat(second.nodes()).isEqualTo(new WriteSummary.Counts(0, 0, batch.nodes().size()));
        assertThat(second.relations()).isEqualTo(new WriteSummary.Counts(0, 0, batch.relations().size()));
        assertThat(graphCounts()).isEqualTo(afterFirst);
        // Every node is in the batch (families included), and every relation but the VERSION_OF links.
        assertThat(afterFirst.subList(0, 2)).containsExactly((long) batch.nodes().size(),
                (long) batch.relations().size());
    }

    @Test
    void impactOfARawTransactionSnapshotListsTheProductionFraudApiFirst() {
        DemoData.load(app.writer());

        JsonNode impact = get("/api/v1/impact?key=" + Api.q("dataset:transactions-raw@2026-09-01"));

        JsonNode deployments = impact.get("deployments");
        assertThat(deployments.get(0).get("deployment").get("key").asText()).isEqualTo("deployment:fraud-api-prod");
        assertThat(deployments.get(0).get("environment").asText()).isEqualTo("production");
        assertThat(texts(deployments.get(0).get("serves"))).containsExactly("model:fraud-detector@4");
        assertThat(deployments.findValuesAsText("key")).doesNotContain("deployment:support-assistant-prod");
    }

    @Test
    void productionServedTheOlderFraudModelEarlyInOctober() {
        DemoData.load(app.writer());

        List<String> then = upstreamKeys("deployment:fraud-api-prod", 1, "2026-10-03T14:00:00Z");
        List<String> now = upstreamKeys("deployment:fraud-api-prod", 1, null);

        assertThat(then).contains("model:fraud-detector@3").doesNotContain("model:fraud-detector@4",
                "model:fraud-detector@2");
        assertThat(now).contains("model:fraud-detector@4").doesNotContain("model:fraud-detector@3");
    }

    @Test
    void theSupportAssistantsUpstreamReachesItsPromptIndexAndHelpCenterCrawl() {
        DemoData.load(app.writer());

        List<String> upstream = upstreamKeys("deployment:support-assistant-prod", 5, null);

        assertThat(upstream).contains("model:support-llm@2", "model:llama-3-8b@base", "prompt:support-answer@4",
                "embedding:support-index@v8", "model:text-embedder@1", "dataset:support-docs@2026-11-09");
    }

    private List<String> upstreamKeys(String key, int depth, String asOf) {
        JsonNode lineage = get("/api/v1/lineage?key=" + Api.q(key) + "&depth=" + depth
                + (asOf == null ? "" : "&asOf=" + Api.q(asOf)));
        return lineage.get("nodes").findValuesAsText("key");
    }

    private JsonNode get(String path) {
        Api.Response r = admin.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * Lineage nodes, their relations other than the VERSION_OF links Pedigree maintains itself, and everything in
     * the database.
     */
    private static List<Long> graphCounts() {
        try (var session = TestNeo4j.driver().session()) {
            return List.of(
                    count(session, "MATCH (n:Node) RETURN count(n) AS c"),
                    count(session, "MATCH (:Node)-[r]->(:Node) WHERE type(r) <> 'VERSION_OF' RETURN count(r) AS c"),
                    count(session, "MATCH (n) RETURN count(n) AS c"),
                    count(session, "MATCH ()-[r]->() RETURN count(r) AS c"));
        }
    }

    private static long count(Session session, String query) {
        return session.run(query).single().get("c").asLong();
    }
}
