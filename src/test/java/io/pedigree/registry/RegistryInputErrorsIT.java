package io.pedigree.registry;

import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad input is a 400 problem naming the offending field; unknown things are 404. Either way nothing is written:
 * no version, no audit event.
 */
class RegistryInputErrorsIT extends PedigreeIT {

    private static final String M = "/api/v1/models/fraud";
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private Api ana;

    @BeforeEach
    void oneModelWithOneVersion() {
        ana = admin.withNewToken("ana", "writer");
        Registry reg = new Registry(ana);
        reg.lineage("dataset:tx@1", "run:train@r1");
        reg.model("fraud", null);
        reg.version("fraud", null, List.of());
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                arguments("POST", "/api/v1/models", Map.of("name", "has space"), "name"),
                arguments("POST", "/api/v1/models", Map.of("name", "-starts-with-dash"), "name"),
                arguments("POST", "/api/v1/models", Map.of(), "name"),
                arguments("POST", "/api/v1/models", Map.of("name", "x", "owner", "dataset:tx@1"), "owner"),
                arguments("POST", "/api/v1/models", Map.of("name", "x", "colour", "red"), "colour"),
                arguments("POST", "/api/v1/models", Map.of("name", "x", "policy",
                        Map.of("production", Map.of("approvals", -1))), "policy.production.approvals"),
                arguments("POST", "/api/v1/models", Map.of("name", "x", "policy",
                        Map.of("staging", Map.of("cardFields", List.of("mood")))), "policy.staging.cardFields[0]"),
                arguments("POST", "/api/v1/models", Map.of("name", "x", "policy", Map.of("production",
                        Map.of("metrics", List.of(Map.of("metric", "auc", "op", "~", "value", 1))))),
                        "policy.production.metrics[0].op"),
                arguments("POST", "/api/v1/models", Map.of("name", "x", "policy",
                        Map.of("production", Map.of("maxRegression", -0.1))), "policy.production.maxRegression"),
                arguments("PUT", M + "/policy", Map.of("production", Map.of("approvals", -1), "reason", "x"),
                        "production.approvals"),
                arguments("PUT", M + "/policy", Map.of("production", Map.of("approvals", 11), "reason", "x"),
                        "production.approvals"),
                arguments("POST", M + "/versions", Map.of("inputs", List.of("dataset:tx@1", "dataset:none@1")),
                        "inputs[1]"),
                arguments("POST", M + "/versions", Map.of("inputs", List.of("person:ana")), "inputs[0]"),
                arguments("POST", M + "/versions", Map.of("inputs", List.of("not a key")), "inputs[0]"),
                arguments("POST", M + "/versions", Map.of("run", "dataset:tx@1"), "run"),
                arguments("POST", M + "/versions", Map.of("run", "run:train@r9"), "run"),
                arguments("POST", M + "/versions", Map.of("baseModel", "model:fraud"), "baseModel"),
                arguments("POST", M + "/versions", Map.of("card", Map.of("mood", "good")), "card.mood"),
                arguments("POST", M + "/versions", Map.of("card", Map.of("riskLevel", "meh")), "card.riskLevel"),
                arguments("POST", M + "/versions", Map.of("artifacts", List.of(Map.of("role", "weights",
                        "name", "w.bin", "sha256", "abc"))), "artifacts[0].sha256"),
                arguments("POST", M + "/versions", Map.of("artifacts", List.of(Map.of("role", "weights",
                        "name", "w.bin", "sha256", SHA.toUpperCase()))), "artifacts[0].sha256"),
                arguments("POST", M + "/versions", Map.of("artifacts", List.of(Map.of("role", "weights",
                        "name", "w.bin", "sha256", SHA, "size", -1))), "artifacts[0].size"),
                arguments("POST", M + "/versions", Map.of("artifacts", List.of(Map.of("role", "Weights!",
                        "sha256", SHA))), "artifacts[0].role"),
                arguments("POST", M + "/versions", Map.of("datasets", List.of("dataset:tx@1")), "datasets"),
                arguments("POST", M + "/versions", Map.of("number", 7), "number"),
                arguments("POST", M + "/versions/1/transitions", Map.of("to", "prod", "reason", "x"), "to"),
                arguments("POST", M + "/versions/1/transitions", Map.of("to", "staging"), "reason"),
                arguments("POST", M + "/versions/1/approvals", Map.of("stage", "production", "decision", "maybe"),
                        "decision"),
                arguments("POST", M + "/versions/1/evaluations", Map.of("suite", "has space",
                        "metrics", List.of(Map.of("name", "auc", "value", 1))), "suite"),
                arguments("POST", M + "/versions/1/evaluations", Map.of("suite", "s",
                        "metrics", List.of(Map.of("name", "auc"))), "metrics[0].value"),
                arguments("PATCH", M + "/versions/1", Map.of("card", Map.of("mood", "good")), "card.mood"),
                arguments("PUT", M + "/aliases/champion", Map.of("version", "one"), "version"));
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @MethodSource("badBodies")
    void badInputIsA400NamingTheFieldAndWritesNothing(String method, String path, Map<String, Object> body,
                                                      String field) {
        long events = Audit.count();
        long versions = Graph.count("MATCH (s:ModelVersion) RETURN count(s) AS c");
        Api as = method.equals("PUT") && path.endsWith("/policy") ? admin : ana;
        if (path.endsWith("/approvals")) {
            as = admin.withNewToken("bo", "approver");
            events = Audit.count();
        }

        Api.Response r = switch (method) {
            case "POST" -> as.post(path, body);
            case "PUT" -> as.put(path, body);
            default -> as.patch(path, body);
        };

        assertProblem(r, 400, field);
        assertThat(Audit.count()).isEqualTo(events);
        assertThat(Graph.count("MATCH (s:ModelVersion) RETURN count(s) AS c")).isEqualTo(versions);
        assertThat(Graph.count("MATCH (m:RegisteredModel) RETURN count(m) AS c")).isEqualTo(1);
    }

    @Test
    void unknownModelsVersionsAliasesDeploymentsAndQuarantinesAre404() {
        assertProblem(ana.get("/api/v1/models/nope"), 404, "name");
        assertProblem(ana.get("/api/v1/models/nope/versions"), 404, "name");
        assertProblem(ana.post("/api/v1/models/nope/versions", Map.of()), 404, "name");
        assertProblem(ana.patch("/api/v1/models/nope", Map.of("description", "x")), 404, "name");
        assertProblem(ana.get(M + "/versions/2"), 404, "version");
        assertProblem(ana.get(M + "/versions/2/transitions"), 404, "version");
        assertProblem(ana.get(M + "/versions/2/gates"), 404, "version");
        assertProblem(ana.get(M + "/versions/2/regression"), 404, "version");
        assertProblem(ana.patch(M + "/versions/2", Map.of("description", "x")), 404, "version");
        assertProblem(ana.post(M + "/versions/2/transitions", Map.of("to", "staging", "reason", "x")), 404,
                "version");
        assertProblem(ana.get(M + "/versions/champion"), 404, "version");
        assertProblem(ana.get(M + "/aliases/champion"), 404, "alias");
        assertProblem(ana.get("/api/v1/deployments/nope"), 404, "name");
        assertProblem(ana.get("/api/v1/quarantines/q-123"), 404, "id");
        assertProblem(ana.get("/api/v1/models/bad%20name"), 400, "name");
        assertProblem(ana.get(M + "/versions/1/gates?stage=live"), 400, "stage");
    }
}
