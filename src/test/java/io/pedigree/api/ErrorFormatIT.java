package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal is an RFC 9457 problem naming what to fix, and never shows the server's insides. */
class ErrorFormatIT extends PedigreeIT {

    private Api.Response putRaw(String contentType, String body) {
        HttpRequest.Builder b = admin.builder("/api/v1/nodes").PUT(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return admin.send(b);
    }

    @Test
    void unknownRouteIsA404Problem() {
        assertThat(assertProblem(admin.get("/api/v1/no-such-thing"), 404).get("detail").asText())
                .contains("/api/v1/no-such-thing");
        assertProblem(admin.as(null).get("/nothing/here"), 404);
    }

    @Test
    void wrongMethodOnAKnownRouteIsAProblem() {
        Api.Response r = admin.delete("/api/v1/nodes");

        assertThat(r.status()).isIn(404, 405);
        assertProblem(r, r.status());
    }

    @Test
    void problemsNameTheirInstance() {
        assertThat(assertProblem(admin.get("/api/v1/node?key=" + Api.q("model:ghost@1")), 404)
                .get("instance").asText()).isEqualTo("/api/v1/node");
    }

    @Test
    void malformedJsonIs400NamingTheBody() {
        assertProblem(putRaw("application/json", "{\"key\": "), 400, "body");
        assertProblem(putRaw("application/json", "{key: 'model:a@1'}"), 400, "body");
        assertProblem(putRaw("application/json", "not json at all"), 400, "body");
    }

    @Test
    void missingOrNullBodyIs400NamingTheBody() {
        assertProblem(putRaw("application/json", ""), 400, "body");
        assertProblem(putRaw("application/json", "null"), 400, "body");
    }

    @Test
    void unknownBodyFieldIs400NamingItWithoutJavaTypes() {
        Api.Response r = putRaw("application/json", "{\"key\": \"model:a@1\", \"colour\": \"red\"}");

        assertThat(assertProblem(r, 400, "colour").get("detail").asText())
                .contains("Unknown field 'colour'", "key", "properties");
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void unknownFieldInsideABatchIsNamedByItsPath() {
        Api.Response r = admin.post("/api/v1/batch", "{\"nodes\": [{\"key\": \"model:a@1\"}, {\"key\": \"model:b@1\","
                + " \"props\": {}}]}");

        assertThat(assertProblem(r, 400, "nodes[1].props").get("detail").asText()).contains("Unknown field 'props'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"key\": {\"a\": 1}}                            | key        | 'key' must be a string",
            "{\"key\": \"model:a@1\", \"properties\": \"x\"}  | properties | 'properties' must be a JSON object",
            "{\"key\": \"model:a@1\", \"properties\": [1]}    | properties | 'properties' must be a JSON object",
            "[{\"key\": \"model:a@1\"}]                       | body       | The body must be a JSON object",
            "\"model:a@1\"                                    | body       | The body must be a JSON object",
            "{\"key\": \"model:a@1\"} {\"key\": \"x\"}        | body       | single JSON value",
    })
    void wrongShapesAre400NamingTheFieldWithoutJavaTypes(String body, String field, String detail) {
        assertThat(assertProblem(putRaw("application/json", body), 400, field).get("detail").asText())
                .contains(detail);
    }

    @Test
    void nonJsonContentTypeIs400NamingIt() {
        assertProblem(putRaw("text/plain", "{\"key\": \"model:a@1\"}"), 400, "Content-Type");
        assertProblem(putRaw("application/x-www-form-urlencoded", "key=model:a@1"), 400, "Content-Type");
        assertThat(putRaw("application/json; charset=utf-8", "{\"key\": \"model:a@1\"}").status()).isEqualTo(201);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/api/v1/nodes?kind=widget                           | kind",
            "/api/v1/nodes?limit=-1                              | limit",
            "/api/v1/nodes?limit=lots                            | limit",
            "/api/v1/nodes?owner=person:%25zz                    | owner",
            "/api/v1/lineage?key=model:a@1&direction=sideways    | direction",
            "/api/v1/lineage?key=model:a@1&asOf=last-tuesday     | asOf",
            "/api/v1/lineage?key=model:a@1&depth=1.5             | depth",
            "/api/v1/lineage?key=model:a@1&kinds=widget          | kinds",
            "/api/v1/lineage?key=widget:a                        | key",
            "/api/v1/impact?key=model:a@1&asOf=2026-02-30        | asOf",
            "/api/v1/path?from=model:a@1&to=model:b@1&limit=101  | limit",
            "/api/v1/node                                        | key",
    })
    void badQueryParametersAre400NamingTheParameter(String pathAndQuery, String parameter) {
        admin.put("/api/v1/nodes", Map.of("key", "model:a@1"));

        assertProblem(admin.get(pathAndQuery), 400, parameter);
    }

    @Test
    void badRelationBodiesNameTheFieldOfTheRelation() {
        assertProblem(admin.post("/api/v1/relations", Map.of("from", "model:a@1", "type", "USED")), 400, "to");
        assertProblem(admin.post("/api/v1/relations", Map.of("from", "model:a@1", "type", "USED", "to", "run:r@1",
                "validFrom", "someday")), 400, "validFrom");
        assertProblem(admin.post("/api/v1/relations/close", Map.of("from", "model:a@1", "type", "NOPE",
                "to", "run:r@1")), 400, "type");
    }

    @Test
    void keyLongerThanTheMaximumIs400NamingTheKey() {
        assertProblem(admin.put("/api/v1/nodes", Map.of("key", "deployment:" + "k".repeat(2100))), 400, "key");
    }
}
