package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeIT extends PedigreeIT {

    @Test
    void recordedLineageIsAnsweredUpstreamFromTheDeployment() {
        Api writer = admin.withNewToken("ci-bot", "writer");
        var batch = Map.of(
                "nodes", List.of(Map.of("key", "dataset:tx@1"), Map.of("key", "run:train@r1"),
                        Map.of("key", "model:fraud@1"), Map.of("key", "deployment:fraud-api-prod")),
                "relations", List.of(
                        Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:tx@1"),
                        Map.of("from", "model:fraud@1", "type", "WAS_GENERATED_BY", "to", "run:train@r1"),
                        Map.of("from", "deployment:fraud-api-prod", "type", "SERVES", "to", "model:fraud@1")));
        assertThat(writer.post("/api/v1/batch", batch).status()).isEqualTo(200);

        var lineage = writer.get("/api/v1/lineage?key=" + Api.q("deployment:fraud-api-prod")).json();

        assertThat(lineage.get("nodes").findValuesAsText("key"))
                .containsExactly("deployment:fraud-api-prod", "model:fraud@1", "run:train@r1", "dataset:tx@1");
        assertThat(lineage.get("edges")).hasSize(3);
    }
}
