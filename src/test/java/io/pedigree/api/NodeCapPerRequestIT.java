package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code maxNodes} caps one lineage or impact answer below the server's cap; the cap holds on a hub, the answer is
 * the same every time, and a kind filter leaves room for what was asked.
 */
class NodeCapPerRequestIT extends PedigreeIT {

    private static final int HUB_EDGES = 5000;

    private JsonNode get(String path) {
        Api.Response r = admin.get(path);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    /** A dataset that 5,000 runs used, written in a few batches. */
    private void recordHub() {
        for (int start = 0; start < HUB_EDGES; start += 1000) {
            Lineage batch = Lineage.of();
            if (start == 0) {
                batch.node("dataset:hub@1");
            }
            for (int i = start; i < start + 1000; i++) {
                String run = "run:r%05d@1".formatted(i);
                batch.node(run).rel(run, "USED", "dataset:hub@1");
            }
            batch.writeWith(admin);
        }
    }

    @Test
    void aHubAnswersAtMostMaxNodesTheFirstByKeyEveryTime() {
        recordHub();
        String q = "?key=" + Api.q("dataset:hub@1") + "&maxNodes=10";

        JsonNode g = get("/api/v1/lineage" + q + "&direction=downstream");
        JsonNode again = get("/api/v1/lineage" + q + "&direction=downstream");
        JsonNode impact = get("/api/v1/impact" + q);

        assertThat(g.get("truncated").asBoolean()).isTrue();
        assertThat(g.get("truncatedReason").asText()).contains("node cap of 10", "depth 1", "maxNodes");
        assertThat(g.get("nodes").findValuesAsText("key")).hasSize(10).startsWith("dataset:hub@1")
                .containsSubsequence("run:r00000@1", "run:r00008@1");
        assertThat(g.get("edges")).hasSize(9);
        assertThat(again.get("nodes")).isEqualTo(g.get("nodes"));
        assertThat(again.get("edges")).isEqualTo(g.get("edges"));
        assertThat(impact.get("truncated").asBoolean()).isTrue();
        assertThat(impact.get("total").asInt()).isEqualTo(9);
        assertThat(impact.get("byKind").findValuesAsText("key")).startsWith("run:r00000@1");
    }

    @Test
    void maxNodesAboveTheServerCapOrBelowOneIsRefusedNamingMaxNodes() {
        Lineage.of().node("dataset:raw@1").writeWith(admin);

        for (String path : List.of("/api/v1/lineage", "/api/v1/impact")) {
            for (String bad : List.of("10001", "0", "-1", "many")) {
                assertProblem(admin.get(path + "?key=" + Api.q("dataset:raw@1") + "&maxNodes=" + bad), 400,
                        "maxNodes");
            }
        }
        JsonNode within = get("/api/v1/lineage?key=" + Api.q("dataset:raw@1") + "&maxNodes=10000");
        assertThat(within.get("truncated").asBoolean()).isFalse();
    }

    /** Six runs used a raw dataset and each made a model: 13 nodes in all, 7 of them the root and models. */
    @Test
    void aKindFilterAsTheTruncationMessageRecommendsLeavesRoomForTheAskedKinds() {
        Lineage fan = Lineage.of().node("dataset:raw@1");
        for (int i = 0; i < 6; i++) {
            fan.node("run:train-" + i + "@1", "model:m" + i + "@1")
                    .rel("run:train-" + i + "@1", "USED", "dataset:raw@1")
                    .rel("model:m" + i + "@1", "WAS_GENERATED_BY", "run:train-" + i + "@1");
        }
        fan.writeWith(admin);
        String q = "?key=" + Api.q("dataset:raw@1") + "&direction=downstream&maxNodes=8";

        JsonNode all = get("/api/v1/lineage" + q);
        JsonNode models = get("/api/v1/lineage" + q + "&kinds=model");
        JsonNode impact = get("/api/v1/impact?key=" + Api.q("dataset:raw@1") + "&maxNodes=8&kinds=model");

        assertThat(all.get("truncated").asBoolean()).isTrue();
        assertThat(all.get("truncatedReason").asText()).contains("fewer kinds");
        assertThat(models.get("truncated").asBoolean()).isFalse();
        assertThat(models.get("nodes")).hasSize(7);
        assertThat(models.get("edges")).hasSize(6).allSatisfy(e -> {
            assertThat(e.get("to").asText()).isEqualTo("dataset:raw@1");
            assertThat(e.get("type").asText()).isEqualTo("WAS_GENERATED_BY/USED");
            assertThat(e.get("via")).hasSize(1);
        });
        assertThat(impact.get("truncated").asBoolean()).isFalse();
        assertThat(impact.get("total").asInt()).isEqualTo(6);
    }
}
