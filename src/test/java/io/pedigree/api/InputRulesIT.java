package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The input rules hold for every body and query parameter of the API, not just node properties: the string limit
 * (PEDIGREE_MAX_STRING_LENGTH, here 64), finite numbers, well-formed text and declared query parameters.
 */
class InputRulesIT extends PedigreeIT {

    private static final String LONG = "x".repeat(65);

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_MAX_STRING_LENGTH", "64");
        return s;
    }

    private Api.Response postRaw(String path, String json) {
        return admin.postRaw(path, "application/json", json);
    }

    @Test
    void aModelDescriptionOverTheStringLimitIsRefusedNamingTheField() {
        assertProblem(admin.post("/api/v1/models", Map.of("name", "fraud", "description", LONG)), 413,
                "description");

        assertThat(admin.get("/api/v1/models").json()).isEmpty();
    }

    @Test
    void everyFreeTextFieldOfTheRegistryFollowsTheStringLimit() {
        Registry reg = new Registry(admin);
        reg.lineage("dataset:d@1", "run:r@1");
        reg.model("fraud", null);
        int v = reg.version("fraud", "run:r@1", List.of("dataset:d@1"));
        String version = "/api/v1/models/fraud/versions/" + v;

        assertProblem(admin.patch("/api/v1/models/fraud", Map.of("tags", Map.of("team", LONG))), 413, "tags.team");
        assertProblem(admin.patch("/api/v1/models/fraud", Map.of("tags", Map.of(LONG, "x"))), 413, "tags." + LONG);
        assertProblem(admin.patch(version, Map.of("description", LONG)), 413, "description");
        assertProblem(admin.patch(version, Map.of("card", Map.of("intendedUse", LONG))), 413, "card.intendedUse");
        assertProblem(admin.post(version + "/approvals", Map.of("stage", "staging", "decision", "approve",
                "comment", LONG)), 413, "comment");
        assertProblem(admin.post(version + "/transitions", Map.of("to", "staging", "reason", LONG)), 413,
                "reason");
        assertProblem(admin.post("/api/v1/quarantines", Map.of("key", "dataset:d@1", "reason", LONG)), 413,
                "reason");
        assertProblem(admin.put("/api/v1/deployments/api", Map.of("environment", "production", "description",
                LONG)), 413, "description");
        assertProblem(admin.post("/api/v1/admin/tokens", Map.of("principal", "bot", "roles", List.of("reader"),
                "description", LONG)), 413, "description");

        assertThat(admin.get("/api/v1/models/fraud").json().path("tags").toString()).doesNotContain(LONG);
        assertThat(admin.get("/api/v1/quarantines").json().toString()).doesNotContain(LONG);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"key\": \"dataset:d@1\", \"properties\": {\"rows\": 1e400}}       | properties.rows",
            "{\"key\": \"dataset:d@1\", \"properties\": {\"rows\": -1e400}}      | properties.rows",
            "{\"key\": \"dataset:d@1\", \"properties\": {\"rows\": [1, 1e999]}}  | properties.rows[1]",
            "{\"key\": \"dataset:d@1\", \"properties\": {\"rows\": NaN}}         | properties.rows",
            "{\"key\": \"dataset:d@1\", \"properties\": {\"rows\": Infinity}}    | properties.rows",
    })
    void numbersThatAreNotFiniteDoublesAreRefusedNamingTheField(String body, String field) {
        assertProblem(admin.send(admin.builder("/api/v1/nodes").header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))), 400, field);

        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void aMetricThatOverflowsADoubleIsRefusedNamingIt() {
        Registry reg = new Registry(admin);
        reg.lineage("dataset:d@1", "run:r@1");
        reg.model("fraud", null);
        int v = reg.version("fraud", "run:r@1", List.of("dataset:d@1"));

        assertProblem(postRaw("/api/v1/models/fraud/versions/" + v + "/evaluations",
                "{\"suite\": \"s\", \"metrics\": [{\"name\": \"auc\", \"value\": 1e400}]}"), 400, "metrics[0].value");
        assertProblem(postRaw("/api/v1/models/fraud/versions/" + v + "/evaluations",
                "{\"suite\": \"s\", \"metrics\": [{\"name\": \"auc\", \"value\": 1" + "0".repeat(400) + "}]}"), 400,
                "metrics[0].value");
    }

    @Test
    void aLoneSurrogateInAKeyOrStringIsRefusedNamingTheField() {
        assertProblem(postRaw("/api/v1/batch", "{\"nodes\": [{\"key\": \"dataset:sur\\ud800x@1\"}]}"), 400,
                "nodes[0].key");
        assertProblem(postRaw("/api/v1/batch", "{\"nodes\": [{\"key\": \"dataset:d@1\", \"properties\":"
                + " {\"note\": \"a\\udc00\"}}]}"), 400, "nodes[0].properties.note");
        assertProblem(postRaw("/api/v1/models", "{\"name\": \"fraud\", \"description\": \"\\udbff\"}"), 400,
                "description");

        assertThat(Graph.nodes()).isZero();
        assertThat(admin.post("/api/v1/batch", "{\"nodes\": [{\"key\": \"dataset:emoji\\ud83d\\ude00@1\"}]}")
                .status()).as("a surrogate pair is text").isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/v1/node?key=dataset:sur%ED%A0%80x@1  | key",
            "/api/v1/node?key=dataset:bad%FFx@1        | key",
            "/api/v1/node?key=dataset:half%E2%82@1     | key",
    })
    void queryParametersThatAreNotUtf8TextAreRefusedNamingThem(String pathAndQuery, String parameter) {
        assertProblem(admin.get(pathAndQuery), 400, parameter);
    }

    @Test
    void aQueryParameterOverTheStringLimitIsRefused() {
        assertProblem(admin.get("/api/v1/nodes?q=" + LONG), 413, "q");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/v1/audit?actr=nobody                                     | actr",
            "/api/v1/audit/export?format=csv&actr=nobody                   | actr",
            "/api/v1/nodes?limit=5&kinds=model                             | kinds",
            "/api/v1/models?_method=POST                                   | _method",
            "/api/v1/admin/tokens?includeRevoked=true&all=1                | all",
            "/api/v1/artifacts?key=dataset:d@1&role=data                   | role",
            "/api/v1/whoami?debug                                          | debug",
            "/api/v1/health?verbose=1                                      | verbose",
    })
    void unknownQueryParametersAreRefusedNamingThem(String pathAndQuery, String parameter) {
        assertThat(assertProblem(admin.get(pathAndQuery), 400, parameter).get("detail").asText())
                .contains("Unknown query parameter '" + parameter + "'");
    }

    @Test
    void declaredQueryParametersStillWork() {
        assertThat(admin.get("/api/v1/audit?actor=nobody&limit=5").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/admin/tokens?includeRevoked=true").status()).isEqualTo(200);
        assertThat(admin.get("/api/v1/nodes?kind=dataset&q=a+b&limit=3").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"})
    void aGetWithAMethodOverrideHeaderNeverWrites(String header) {
        String id = admin.post("/api/v1/admin/tokens", Map.of("principal", "bot", "roles", List.of("reader")))
                .json().at("/info/id").asText();

        assertProblem(admin.send(admin.builder("/api/v1/admin/tokens/" + id).header(header, "DELETE").GET()), 400,
                header);
        assertProblem(admin.send(admin.builder("/api/v1/models").header(header, "POST").GET()), 400, header);

        assertThat(admin.get("/api/v1/admin/tokens").json().findValues("id").toString()).as("not revoked")
                .contains(id);
    }
}
