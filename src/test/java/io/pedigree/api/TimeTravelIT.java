package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class TimeTravelIT extends PedigreeIT {

    private static final String SINCE = "2025-01-01";

    private List<String> lineageKeys(String key, String direction, String asOf) {
        Api.Response r = admin.get("/api/v1/lineage?key=" + Api.q(key) + "&direction=" + direction
                + (asOf == null ? "" : "&asOf=" + Api.q(asOf)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("nodes").findValuesAsText("key");
    }

    /** The production deployment served fraud@1 from 10 January to 1 March, and fraud@2 since. */
    private void recordServingHistory() {
        Lineage.of().nodesValidFrom(SINCE, "deployment:fraud-api", "model:fraud@1", "model:fraud@2")
                .rel("deployment:fraud-api", "SERVES", "model:fraud@1", "2025-01-10", "2025-03-01")
                .rel("deployment:fraud-api", "SERVES", "model:fraud@2", "2025-03-01", null)
                .writeWith(admin);
    }

    @Test
    void upstreamAsOfADateFollowsOnlyRelationsValidThen() {
        recordServingHistory();

        assertThat(lineageKeys("deployment:fraud-api", "upstream", "2025-01-05"))
                .as("before it served anything").containsExactly("deployment:fraud-api");
        assertThat(lineageKeys("deployment:fraud-api", "upstream", "2025-02-01"))
                .containsExactly("deployment:fraud-api", "model:fraud@1");
        assertThat(lineageKeys("deployment:fraud-api", "upstream", "2025-04-01"))
                .containsExactly("deployment:fraud-api", "model:fraud@2");
        assertThat(lineageKeys("deployment:fraud-api", "upstream", null))
                .containsExactly("deployment:fraud-api", "model:fraud@2");
    }

    @Test
    void intervalsIncludeTheirStartAndExcludeTheirEnd() {
        recordServingHistory();

        assertThat(lineageKeys("deployment:fraud-api", "upstream", "2025-03-01T00:00:00Z"))
                .containsExactly("deployment:fraud-api", "model:fraud@2");
        assertThat(lineageKeys("deployment:fraud-api", "upstream", "2025-02-28T23:59:59Z"))
                .containsExactly("deployment:fraud-api", "model:fraud@1");
        assertThat(lineageKeys("deployment:fraud-api", "upstream", "2025-01-10T00:00:00Z"))
                .containsExactly("deployment:fraud-api", "model:fraud@1");
    }

    @Test
    void whatServedAModelAtADateIsItsDownstreamAsOfThatDate() {
        recordServingHistory();

        assertThat(lineageKeys("model:fraud@1", "downstream", "2025-02-01"))
                .containsExactly("model:fraud@1", "deployment:fraud-api");
        assertThat(lineageKeys("model:fraud@1", "downstream", "2025-04-01")).containsExactly("model:fraud@1");
        JsonNode impact = admin.get("/api/v1/impact?key=" + Api.q("model:fraud@1") + "&asOf=2025-02-01").json();
        assertThat(impact.get("deployments").findValuesAsText("key")).containsExactly("deployment:fraud-api");
        assertThat(impact.at("/deployments/0/serves/0").asText()).isEqualTo("model:fraud@1");
    }

    @Test
    void offsetsInAsOfAreHonoured() {
        recordServingHistory();

        // 2025-03-01T01:00+02:00 is still 28 February in UTC.
        assertThat(lineageKeys("deployment:fraud-api", "upstream", "2025-03-01T01:00:00+02:00"))
                .containsExactly("deployment:fraud-api", "model:fraud@1");
    }

    @Test
    void rootNotYetValidAtAsOfIs404NamingAsOf() {
        recordServingHistory();

        assertProblem(admin.get("/api/v1/lineage?key=" + Api.q("deployment:fraud-api") + "&asOf=2024-12-01"),
                404, "asOf");
    }

    @Test
    void nodesNotYetValidAtAsOfAreLeftOutOfTheAnswer() {
        Lineage.of().nodesValidFrom(SINCE, "dataset:raw@1")
                .nodesValidFrom("2025-06-01", "dataset:clean@1")
                .rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1", "2025-01-01", null)
                .writeWith(admin);

        assertThat(lineageKeys("dataset:raw@1", "downstream", "2025-03-01")).containsExactly("dataset:raw@1");
        assertThat(lineageKeys("dataset:raw@1", "downstream", "2025-07-01"))
                .containsExactly("dataset:raw@1", "dataset:clean@1");
    }

    @Test
    void familyAsOfADateStandsOnlyForVersionsValidThen() {
        Lineage.of().nodesValidFrom("2025-01-01", "model:fraud@1").nodesValidFrom("2025-03-01", "model:fraud@2")
                .writeWith(admin);

        assertThat(lineageKeys("model:fraud", "upstream", "2025-02-01")).containsExactly("model:fraud",
                "model:fraud@1");
        assertThat(lineageKeys("model:fraud", "upstream", "2025-04-01"))
                .containsExactlyInAnyOrder("model:fraud", "model:fraud@1", "model:fraud@2");
    }

    @Test
    void closingARelationEndsItAtTheGivenInstant() {
        Lineage.of().nodesValidFrom(SINCE, "deployment:fraud-api", "model:fraud@1")
                .rel("deployment:fraud-api", "SERVES", "model:fraud@1", "2025-01-10", null).writeWith(admin);

        Api.Response r = admin.post("/api/v1/relations/close", Map.of("from", "deployment:fraud-api",
                "type", "SERVES", "to", "model:fraud@1", "at", "2025-05-01"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("closed").asBoolean()).isTrue();
        assertThat(lineageKeys("deployment:fraud-api", "upstream", "2025-04-30"))
                .containsExactly("deployment:fraud-api", "model:fraud@1");
        assertThat(lineageKeys("deployment:fraud-api", "upstream", "2025-05-01"))
                .containsExactly("deployment:fraud-api");
        assertThat(Graph.rows("MATCH ()-[r:SERVES]->() RETURN r.closedBy AS by").get(0).get("by").asString())
                .isEqualTo("admin");
    }

    @Test
    void closingNowAndServingAgainKeepsBothIntervals() {
        Lineage.of().node("deployment:fraud-api", "model:fraud@1")
                .rel("deployment:fraud-api", "SERVES", "model:fraud@1").writeWith(admin);
        Map<String, Object> rel = Map.of("from", "deployment:fraud-api", "type", "SERVES", "to", "model:fraud@1");

        assertThat(admin.post("/api/v1/relations/close", rel).status()).isEqualTo(200);
        assertThat(lineageKeys("deployment:fraud-api", "upstream", null)).containsExactly("deployment:fraud-api");
        Api.Response again = admin.post("/api/v1/relations", rel);

        assertThat(again.status()).isEqualTo(201);
        assertThat(lineageKeys("deployment:fraud-api", "upstream", null))
                .containsExactly("deployment:fraud-api", "model:fraud@1");
        assertThat(Graph.count("MATCH ()-[r:SERVES]->() RETURN count(r) AS c")).isEqualTo(2);
        assertThat(Graph.count("MATCH ()-[r:SERVES]->() WHERE r.validTo IS NULL RETURN count(r) AS c"))
                .isEqualTo(1);
    }

    @Test
    void closingWhatIsNotOpenIs404AndClosingBeforeTheStartIs400() {
        Lineage.of().nodesValidFrom(SINCE, "deployment:fraud-api", "model:fraud@1", "model:fraud@2")
                .rel("deployment:fraud-api", "SERVES", "model:fraud@1", "2025-01-10", null).writeWith(admin);

        assertProblem(admin.post("/api/v1/relations/close", Map.of("from", "deployment:fraud-api",
                "type", "SERVES", "to", "model:fraud@2")), 404);
        assertProblem(admin.post("/api/v1/relations/close", Map.of("from", "deployment:fraud-api",
                "type", "SERVES", "to", "model:fraud@1", "at", "2025-01-10")), 400, "at");
        assertProblem(admin.post("/api/v1/relations/close", Map.of("from", "deployment:fraud-api",
                "type", "SERVES", "to", "model:fraud@1", "at", "soon")), 400, "at");
        assertThat(Graph.count("MATCH ()-[r:SERVES]->() WHERE r.validTo IS NULL RETURN count(r) AS c"))
                .as("a refused close leaves the relation open").isEqualTo(1);
    }

    @Test
    void resendingTheSameIntervalIsUnchanged() {
        recordServingHistory();

        Api.Response r = admin.post("/api/v1/relations", Map.of("from", "deployment:fraud-api", "type", "SERVES",
                "to", "model:fraud@1", "validFrom", "2025-01-10", "validTo", "2025-03-01"));

        assertThat(r.json().get("outcome").asText()).isEqualTo("unchanged");
        assertThat(Graph.count("MATCH ()-[r:SERVES]->() RETURN count(r) AS c")).isEqualTo(2);
    }

    @Test
    void relationsRecordedWithoutAStartBeginNow() {
        Lineage.of().nodesValidFrom(SINCE, "dataset:raw@1", "dataset:clean@1")
                .rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1").writeWith(admin);

        assertThat(lineageKeys("dataset:clean@1", "upstream", "2025-02-01")).containsExactly("dataset:clean@1");
        assertThat(lineageKeys("dataset:clean@1", "upstream", null))
                .containsExactly("dataset:clean@1", "dataset:raw@1");
    }

    @Test
    void unparseableAsOfIsRefusedNamingAsOf() {
        recordServingHistory();

        assertProblem(admin.get("/api/v1/lineage?key=" + Api.q("deployment:fraud-api") + "&asOf=yesterday"),
                400, "asOf");
        assertProblem(admin.get("/api/v1/impact?key=" + Api.q("model:fraud@1") + "&asOf=2025-13-01"), 400, "asOf");
    }
}
