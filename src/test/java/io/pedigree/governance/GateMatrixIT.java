package io.pedigree.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.approve;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every production gate on its own: a candidate that misses exactly one gate is refused with 409 naming exactly
 * that gate, and nothing changes (stage, production version, deployment, transitions, audit log); one that meets
 * them all is promoted.
 */
class GateMatrixIT extends PedigreeIT {

    private static final String M = "fraud";
    private static final String V = "/api/v1/models/" + M + "/versions/";
    private static final Map<String, Object> POLICY = Map.of(
            "staging", Map.of("approvals", 0),
            "production", Map.of("approvals", 1, "cardFields", List.of("intendedUse", "license"),
                    "metrics", List.of(Map.of("metric", "auc", "op", ">=", "value", 0.9, "suite", "holdout")),
                    "maxRegression", 0.05));

    /** The one thing wrong with the candidate, and the gate that must say so. */
    enum Miss {
        NOTHING(null), APPROVALS("approvals"), METRIC("metric:auc"), METRIC_ON_OTHER_SUITE("metric:auc"),
        REGRESSION("regression"), CARD("card:license"), QUARANTINE("quarantine"), REJECTION("rejection");

        final String gate;

        Miss(String gate) {
            this.gate = gate;
        }
    }

    private Api ana;
    private Api bo;
    private Api carl;
    private Registry reg;

    @BeforeEach
    void oneVersionInProductionServedByADeployment() {
        ana = admin.withNewToken("ana", "writer");
        bo = admin.withNewToken("bo", "approver");
        carl = admin.withNewToken("carl", "approver");
        reg = new Registry(ana);
        reg.lineage("dataset:tx@1", "dataset:tx@2", "run:train@r1", "run:train@r2");
        reg.model(M, POLICY);
        reg.deployment("fraud-prod", "production");
        int v1 = reg.version(M, "run:train@r1", List.of("dataset:tx@1"));
        reg.evaluate(M, v1, "holdout", Map.of("auc", 0.86, "recall", 0.80));
        reg.promote(ana, M, v1, "staging", Map.of());
        // Version 1 is below today's threshold; an admin put it in production anyway.
        reg.promote(admin, M, v1, "production", Map.of("override", true, "reason", "bootstrap",
                "deployments", List.of("fraud-prod")));
    }

    /** Version 2, in staging, meeting every gate but {@code miss}. */
    private int candidate(Miss miss) {
        Map<String, Object> card = new LinkedHashMap<>(Registry.FULL_CARD);
        if (miss == Miss.CARD) {
            card.remove("license");
        }
        int v2 = ok(reg.register(M, Map.of("run", "run:train@r2", "inputs", List.of("dataset:tx@2"),
                "card", card))).get("number").asInt();
        double auc = miss == Miss.METRIC ? 0.89 : 0.93;
        double recall = miss == Miss.REGRESSION ? 0.70 : 0.79;
        reg.evaluate(M, v2, miss == Miss.METRIC_ON_OTHER_SUITE ? "smoke" : "holdout",
                Map.of("auc", auc, "recall", recall));
        reg.promote(ana, M, v2, "staging", Map.of());
        if (miss != Miss.APPROVALS) {
            approve(bo, M, v2, "production");
        }
        if (miss == Miss.REJECTION) {
            ok(carl.post(V + v2 + "/approvals", Map.of("stage", "production", "decision", "reject",
                    "comment", "explanations are missing")));
        }
        if (miss == Miss.QUARANTINE) {
            ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:tx@2", "reason", "holds raw card numbers")));
        }
        return v2;
    }

    private Api.Response promote(int version) {
        return reg.transition(ana, M, version, "production", Map.of("replaces", 1,
                "deployments", List.of("fraud-prod")));
    }

    @ParameterizedTest
    @EnumSource(Miss.class)
    void aCandidateMissingOneGateIsRefusedNamingExactlyThatGate(Miss miss) {
        int v2 = candidate(miss);
        long events = Audit.count();
        long transitions = Graph.count("MATCH (t:Transition) RETURN count(t) AS c");

        Api.Response r = promote(v2);

        if (miss == Miss.NOTHING) {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(reg.stage(M, v2)).isEqualTo("production");
            assertThat(reg.stage(M, 1)).isEqualTo("staging");
            assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@2");
            assertThat(Audit.count("version.transition")).isEqualTo(4);
            return;
        }
        JsonNode problem = assertProblem(r, 409);
        assertThat(Registry.unmetGates(r)).containsExactly(miss.gate);
        assertThat(problem.get("unmetGates").get(0).get("detail").asText()).isNotBlank();
        JsonNode report = ok(ana.get(V + v2 + "/gates?stage=production"));
        assertThat(report.get("passed").asBoolean()).isFalse();
        List<String> unmet = new ArrayList<>();
        report.get("gates").forEach(g -> {
            if (!g.get("passed").asBoolean()) {
                unmet.add(g.get("gate").asText());
            }
        });
        assertThat(unmet).containsExactly(miss.gate);
        assertNothingChanged(v2, events, transitions);
    }

    @Test
    void aCandidateMissingEveryGateIsRefusedListingThemAll() {
        int v2 = ok(reg.register(M, Map.of("run", "run:train@r2", "inputs", List.of("dataset:tx@2"))))
                .get("number").asInt();
        reg.evaluate(M, v2, "holdout", Map.of("auc", 0.80));
        reg.promote(ana, M, v2, "staging", Map.of());
        ok(carl.post(V + v2 + "/approvals", Map.of("stage", "production", "decision", "reject",
                "comment", "not ready")));
        ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:tx@2", "reason", "holds raw card numbers")));
        long events = Audit.count();
        long transitions = Graph.count("MATCH (t:Transition) RETURN count(t) AS c");

        Api.Response r = promote(v2);

        assertProblem(r, 409);
        assertThat(Registry.unmetGates(r)).containsExactlyInAnyOrder("approvals", "rejection", "metric:auc",
                "regression", "card:intendedUse", "card:license", "quarantine");
        assertThat(r.json().get("unmetGates").findValuesAsText("detail").toString())
                .contains("0 of 1", "carl", "0.8", "dataset:tx@2");
        assertNothingChanged(v2, events, transitions);
    }

    @Test
    void theGateReportListsMetGatesToo() {
        int v2 = candidate(Miss.NOTHING);

        JsonNode report = ok(ana.get(V + v2 + "/gates"));

        assertThat(report.get("stage").asText()).isEqualTo("production");
        assertThat(report.get("passed").asBoolean()).isTrue();
        assertThat(report.get("gates").findValuesAsText("gate")).containsExactly("approvals", "metric:auc",
                "regression", "card:intendedUse", "card:license", "quarantine");
    }

    private void assertNothingChanged(int v2, long events, long transitions) {
        assertThat(reg.stage(M, v2)).isEqualTo("staging");
        assertThat(reg.stage(M, 1)).isEqualTo("production");
        assertThat(ok(ana.get("/api/v1/models/" + M)).get("productionVersion").asInt()).isEqualTo(1);
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@1");
        assertThat(ok(ana.get("/api/v1/deployments/fraud-prod/history"))).hasSize(1);
        assertThat(Graph.count("MATCH (t:Transition) RETURN count(t) AS c")).isEqualTo(transitions);
        // The one trace a refusal leaves is its own audit event, which webhooks notify as version.gate_refused.
        assertThat(Audit.count()).isEqualTo(events + 1);
        assertThat(Audit.last().get("action").asString()).isEqualTo("version.refuse");
        assertThat(Audit.last().get("target").asString()).isEqualTo("model:" + M + "@" + v2);
    }
}
