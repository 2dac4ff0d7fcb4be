package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class PathIT extends PedigreeIT {

    private static final String DEPLOYMENT = "deployment:fraud-api";
    private static final String RAW = "dataset:raw@1";

    /** The deployment depends on raw data through the model, its run and two datasets derived from the raw one. */
    private void recordDiamond() {
        Lineage.of()
                .node(DEPLOYMENT, "model:fraud@2", "run:train@r1", "dataset:clean@1", "dataset:labels@1", RAW,
                        "dataset:unrelated@1")
                .rel(DEPLOYMENT, "SERVES", "model:fraud@2")
                .rel("model:fraud@2", "WAS_GENERATED_BY", "run:train@r1")
                .rel("run:train@r1", "USED", "dataset:clean@1")
                .rel("run:train@r1", "USED", "dataset:labels@1")
                .rel("dataset:clean@1", "DERIVED_FROM", RAW)
                .rel("dataset:labels@1", "DERIVED_FROM", RAW)
                .writeWith(admin);
    }

    private JsonNode path(String from, String to, String extra) {
        Api.Response r = admin.get("/api/v1/path?from=" + Api.q(from) + "&to=" + Api.q(to) + extra);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<List<String>> nodeSequences(JsonNode paths) {
        List<List<String>> out = new ArrayList<>();
        paths.get("paths").forEach(p -> out.add(p.get("nodes").findValuesAsText("key")));
        return out;
    }

    @Test
    void allShortestPathsRunFromTheDependentToItsDependency() {
        recordDiamond();

        JsonNode p = path(DEPLOYMENT, RAW, "");

        assertThat(p.get("dependent").asText()).isEqualTo(DEPLOYMENT);
        assertThat(p.get("length").asInt()).isEqualTo(4);
        assertThat(nodeSequences(p)).containsExactlyInAnyOrder(
                List.of(DEPLOYMENT, "model:fraud@2", "run:train@r1", "dataset:clean@1", RAW),
                List.of(DEPLOYMENT, "model:fraud@2", "run:train@r1", "dataset:labels@1", RAW));
        JsonNode firstEdge = p.at("/paths/0/edges/0");
        assertThat(firstEdge.get("from").asText()).isEqualTo(DEPLOYMENT);
        assertThat(firstEdge.get("type").asText()).isEqualTo("SERVES");
    }

    @Test
    void argumentOrderDoesNotMatterAndDependentSaysWhichEndDepends() {
        recordDiamond();

        JsonNode forward = path(DEPLOYMENT, RAW, "");
        JsonNode backward = path(RAW, DEPLOYMENT, "");

        assertThat(backward.get("from").asText()).isEqualTo(RAW);
        assertThat(backward.get("dependent").asText()).isEqualTo(DEPLOYMENT);
        assertThat(nodeSequences(backward)).containsExactlyInAnyOrderElementsOf(nodeSequences(forward));
    }

    @Test
    void limitCapsTheNumberOfPaths() {
        recordDiamond();

        assertThat(path(DEPLOYMENT, RAW, "&limit=1").get("paths")).hasSize(1);
        assertProblem(admin.get("/api/v1/path?from=" + Api.q(DEPLOYMENT) + "&to=" + Api.q(RAW) + "&limit=0"),
                400, "limit");
    }

    @Test
    void unconnectedNodesHaveNoPath() {
        recordDiamond();

        JsonNode p = path(DEPLOYMENT, "dataset:unrelated@1", "");

        assertThat(p.get("paths")).isEmpty();
        assertThat(p.get("dependent").isNull()).isTrue();
        assertThat(path("dataset:clean@1", "dataset:labels@1", "").get("paths")).as("siblings").isEmpty();
    }

    @Test
    void pathsLongerThanMaxDepthAreNotFound() {
        recordDiamond();

        assertThat(path(DEPLOYMENT, RAW, "&maxDepth=3").get("paths")).isEmpty();
        assertThat(path(DEPLOYMENT, RAW, "&maxDepth=4").get("paths")).hasSize(2);
        assertProblem(admin.get("/api/v1/path?from=" + Api.q(DEPLOYMENT) + "&to=" + Api.q(RAW) + "&maxDepth=51"),
                400, "maxDepth");
    }

    @Test
    void closedRelationsAreNotFollowedNow() {
        recordDiamond();
        admin.post("/api/v1/relations/close", Map.of("from", DEPLOYMENT, "type", "SERVES", "to", "model:fraud@2"));

        assertThat(path(DEPLOYMENT, RAW, "").get("paths")).isEmpty();
    }

    @Test
    void pathsAsOfADateUseOnlyNodesAndRelationsValidThen() {
        // The relations were back-filled from January, but the model version was only recorded as valid in June.
        Lineage.of().nodesValidFrom("2025-01-01", DEPLOYMENT, "run:train@r1", RAW)
                .nodesValidFrom("2025-06-01", "model:fraud@2")
                .rel(DEPLOYMENT, "SERVES", "model:fraud@2", "2025-01-01", null)
                .rel("model:fraud@2", "WAS_GENERATED_BY", "run:train@r1", "2025-01-01", null)
                .rel("run:train@r1", "USED", RAW, "2025-01-01", "2025-09-01")
                .writeWith(admin);

        assertThat(path(DEPLOYMENT, RAW, "&asOf=2025-03-01").get("paths")).as("model not yet valid").isEmpty();
        assertThat(path(DEPLOYMENT, RAW, "&asOf=2025-07-01").get("paths")).hasSize(1);
        assertThat(path(DEPLOYMENT, RAW, "&asOf=2025-10-01").get("paths")).as("run stopped using it").isEmpty();
    }

    @Test
    void ownershipIsNotAPath() {
        admin.put("/api/v1/nodes", Map.of("key", DEPLOYMENT, "owner", "person:ana@acme.com"));

        assertThat(path(DEPLOYMENT, "person:ana@acme.com", "").get("paths")).isEmpty();
    }

    @Test
    void unknownEndIs404NamingIt() {
        recordDiamond();

        assertProblem(admin.get("/api/v1/path?from=" + Api.q("deployment:ghost") + "&to=" + Api.q(RAW)), 404, "from");
        assertProblem(admin.get("/api/v1/path?from=" + Api.q(DEPLOYMENT) + "&to=" + Api.q("dataset:ghost@1")),
                404, "to");
        assertProblem(admin.get("/api/v1/path?from=" + Api.q(DEPLOYMENT)), 400, "to");
    }
}
