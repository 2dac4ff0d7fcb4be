package io.pedigree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Evaluations of versions, comparisons of two versions and the regression check against production. */
class EvaluationAndCompareIT extends PedigreeIT {

    private static final String M = "fraud";
    private static final String V = "/api/v1/models/" + M + "/versions/";

    private Api ana;
    private Registry reg;

    @BeforeEach
    void model() {
        ana = admin.withNewToken("ana", "writer");
        reg = new Registry(ana);
        reg.lineage("dataset:tx@3", "dataset:tx@4", "dataset:holdout@1", "commit:repo@a1", "commit:repo@b2",
                "prompt:explain@1", "embedding:merchants@1", "run:train@r1", "run:train@r2");
        reg.model(M, Map.of("production", Map.of("approvals", 0, "cardFields", List.of())));
    }

    private int version(String run, List<String> inputs, Map<String, Object> parameters, Map<String, Object> card) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("run", run);
        body.put("inputs", inputs);
        body.put("parameters", parameters);
        body.put("card", card);
        return ok(reg.register(M, body)).get("number").asInt();
    }

    @Test
    void anEvaluationRecordsSuiteDatasetMetricsThresholdsAndNotes() {
        reg.version(M, null, List.of());

        Api.Response r = ana.post(V + "1/evaluations", Map.of("suite", "holdout", "dataset", "dataset:holdout@1",
                "notes", "weekly run", "metrics", List.of(
                        Map.of("name", "auc", "value", 0.93, "threshold", 0.9),
                        Map.of("name", "latency_ms", "value", 35, "higherIsBetter", false, "threshold", 50),
                        Map.of("name", "recall", "value", 0.7))));

        assertThat(r.status()).isEqualTo(201);
        JsonNode e = ok(ana.get(V + "1/evaluations")).get(0);
        assertThat(e).isEqualTo(r.json());
        assertThat(e.get("suite").asText()).isEqualTo("holdout");
        assertThat(e.get("dataset").asText()).isEqualTo("dataset:holdout@1");
        assertThat(e.get("notes").asText()).isEqualTo("weekly run");
        assertThat(e.get("recordedBy").asText()).isEqualTo("ana");
        assertThat(e.get("passed").asBoolean()).isTrue();
        JsonNode metrics = e.get("metrics");
        assertThat(metrics.get(0).get("passed").asBoolean()).isTrue();
        assertThat(metrics.get(1).get("higherIsBetter").asBoolean()).isFalse();
        assertThat(metrics.get(1).get("passed").asBoolean()).isTrue();
        assertThat(metrics.get(2).get("passed").isNull()).as("no threshold, no verdict").isTrue();
        assertThat(Audit.events("evaluation.record")).singleElement()
                .satisfies(a -> assertThat(a.get("target").asString()).isEqualTo("model:fraud@1"));
        // The evaluation is lineage: it used the holdout set, so it is downstream of it.
        assertThat(ok(ana.get("/api/v1/impact?key=" + Api.q("dataset:holdout@1"))).toString())
                .contains(e.get("key").asText());
    }

    @Test
    void oneMetricMissingItsThresholdFailsTheWholeEvaluation() {
        reg.version(M, null, List.of());

        JsonNode e = ok(ana.post(V + "1/evaluations", Map.of("suite", "holdout", "metrics", List.of(
                Map.of("name", "auc", "value", 0.95, "threshold", 0.9),
                Map.of("name", "latency_ms", "value", 80, "higherIsBetter", false, "threshold", 50)))));

        assertThat(e.get("passed").asBoolean()).isFalse();
        assertThat(e.get("metrics").get(1).get("passed").asBoolean()).isFalse();
    }

    @Test
    void anEvaluationOnAnUnrecordedDatasetWritesNothing() {
        reg.version(M, null, List.of());
        long events = Audit.count();

        assertProblem(ana.post(V + "1/evaluations", Map.of("suite", "holdout", "dataset", "dataset:nope@1",
                "metrics", List.of(Map.of("name", "auc", "value", 0.9)))), 400, "dataset");
        assertProblem(ana.post(V + "1/evaluations", Map.of("suite", "holdout", "dataset", "commit:repo@a1",
                "metrics", List.of(Map.of("name", "auc", "value", 0.9)))), 400, "dataset");
        assertProblem(ana.post(V + "1/evaluations", Map.of("suite", "holdout", "metrics", List.of(
                Map.of("name", "auc", "value", 0.9), Map.of("name", "auc", "value", 0.8)))), 400, "metrics[1].name");
        assertProblem(ana.post(V + "1/evaluations", Map.of("suite", "holdout", "metrics", List.of())), 400,
                "metrics");
        assertProblem(ana.post(V + "9/evaluations", Map.of("suite", "holdout", "metrics", List.of(
                Map.of("name", "auc", "value", 0.9)))), 404, "version");

        assertThat(ok(ana.get(V + "1/evaluations"))).isEmpty();
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void compareShowsChangedDatasetVersionCommitParametersMetricsAndCard() {
        int a = version("run:train@r1", List.of("dataset:tx@3", "commit:repo@a1", "embedding:merchants@1"),
                Map.of("lr", 0.01, "depth", 6), Map.of("intendedUse", "score", "riskLevel", "high"));
        int b = version("run:train@r2", List.of("dataset:tx@4", "commit:repo@b2", "prompt:explain@1"),
                Map.of("lr", 0.02, "depth", 6, "trees", 300), Map.of("intendedUse", "score", "riskLevel", "medium"));
        reg.evaluate(M, a, "holdout", Map.of("auc", 0.90, "recall", 0.8));
        reg.evaluate(M, b, "holdout", Map.of("auc", 0.93, "recall", 0.7));

        JsonNode c = ok(ana.get("/api/v1/models/" + M + "/compare?a=" + a + "&b=" + b));

        JsonNode inputs = c.get("inputs");
        assertThat(changes(inputs.get("changed"))).containsExactly(
                "commit:repo: commit:repo@a1 -> commit:repo@b2", "dataset:tx: dataset:tx@3 -> dataset:tx@4");
        assertThat(inputs.get("added")).extracting(JsonNode::asText).containsExactly("prompt:explain@1");
        assertThat(inputs.get("removed")).extracting(JsonNode::asText).containsExactly("embedding:merchants@1");
        assertThat(inputs.get("unchanged")).isEmpty();
        assertThat(c.get("run").get("a").asText()).isEqualTo("run:train@r1");
        assertThat(c.get("run").get("b").asText()).isEqualTo("run:train@r2");
        assertThat(changes(c.get("parameters"))).containsExactly("lr: 0.01 -> 0.02", "trees: null -> 300");
        assertThat(changes(c.get("card"))).containsExactly("riskLevel: high -> medium");
        JsonNode auc = metric(c, "auc");
        assertThat(auc.get("delta").asDouble()).isCloseTo(0.03, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(auc.get("better").asBoolean()).isTrue();
        JsonNode recall = metric(c, "recall");
        assertThat(recall.get("delta").asDouble()).isCloseTo(-0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(recall.get("better").asBoolean()).isFalse();
    }

    @Test
    void compareAcceptsAliasesAndRefusesComparingAVersionWithItself() {
        int a = reg.version(M, null, List.of("dataset:tx@3"));
        int b = reg.version(M, null, List.of("dataset:tx@3"));
        ok(ana.put("/api/v1/models/" + M + "/aliases/champion", Map.of("version", a)));

        JsonNode c = ok(ana.get("/api/v1/models/" + M + "/compare?a=champion&b=" + b));

        assertThat(c.get("a").asInt()).isEqualTo(1);
        assertThat(c.get("inputs").get("unchanged")).extracting(JsonNode::asText).containsExactly("dataset:tx@3");
        assertThat(c.get("inputs").get("changed")).isEmpty();
        assertThat(c.get("parameters")).isEmpty();
        assertProblem(ana.get("/api/v1/models/" + M + "/compare?a=1&b=champion"), 400, "b");
        assertProblem(ana.get("/api/v1/models/" + M + "/compare?a=1"), 400, "b");
        assertProblem(ana.get("/api/v1/models/" + M + "/compare?a=1&b=7"), 404, "b");
    }

    @Test
    void theRegressionCheckComparesAVersionWithTheOneInProduction() {
        int prod = reg.version(M, null, List.of());
        int next = reg.version(M, null, List.of());
        reg.evaluate(M, prod, "holdout", Map.of("auc", 0.95));
        reg.evaluate(M, next, "holdout", Map.of("auc", 0.91));

        JsonNode before = ok(ana.get(V + next + "/regression"));
        assertThat(before.get("production").isNull()).isTrue();
        assertThat(before.get("comparison").isNull()).isTrue();

        reg.promote(ana, M, prod, "staging", Map.of());
        reg.promote(ana, M, prod, "production", Map.of());

        JsonNode r = ok(ana.get(V + next + "/regression"));
        assertThat(r.get("production").asInt()).isEqualTo(prod);
        JsonNode auc = metric(r.get("comparison"), "auc");
        assertThat(auc.get("a").asDouble()).isEqualTo(0.95);
        assertThat(auc.get("b").asDouble()).isEqualTo(0.91);
        assertThat(auc.get("better").asBoolean()).isFalse();
        assertThat(ok(ana.get(V + prod + "/regression")).get("comparison").isNull()).isTrue();
    }

    private static List<String> changes(JsonNode list) {
        return java.util.stream.StreamSupport.stream(list.spliterator(), false).map(ch -> ch.get("name").asText()
                + ": " + text(ch.get("a")) + " -> " + text(ch.get("b"))).toList();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "null" : n.asText();
    }

    private static JsonNode metric(JsonNode comparison, String name) {
        for (JsonNode m : comparison.get("metrics")) {
            if (m.get("metric").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no metric " + name + " in " + comparison);
    }
}
