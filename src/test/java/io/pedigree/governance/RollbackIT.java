package io.pedigree.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import io.pedigree.testing.Statements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rollback plans and their execution. Four versions, each trained on its own version of a dataset, served
 * fraud-prod one after the other; version 4 serves now.
 */
class RollbackIT extends PedigreeIT {

    private static final String M = "fraud";
    private static final String PLAN = "/api/v1/deployments/fraud-prod/rollback-plan";
    private static final String ROLLBACK = "/api/v1/deployments/fraud-prod/rollback";

    private final MutableClock clock = new MutableClock();
    private Api ana;
    private Registry reg;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void fourVersionsServedOneAfterTheOther() {
        ana = admin.withNewToken("ana", "writer");
        reg = new Registry(ana);
        reg.lineage("dataset:tx@1", "dataset:tx@2", "dataset:tx@3", "dataset:tx@4", "run:train@r1", "run:train@r2",
                "run:train@r3", "run:train@r4");
        reg.model(M, Map.of("production", Map.of("approvals", 0, "cardFields", List.of("intendedUse"),
                "metrics", List.of(Map.of("metric", "auc", "op", ">=", "value", 0.9, "suite", "holdout")))));
        reg.deployment("fraud-prod", "production");
        for (int v = 1; v <= 4; v++) {
            reg.version(M, "run:train@r" + v, List.of("dataset:tx@" + v));
            reg.evaluate(M, v, "holdout", "auc", 0.90 + v / 100.0);
            reg.promote(ana, M, v, "staging", Map.of());
            reg.promote(ana, M, v, "production", v == 1 ? Map.of("deployments", List.of("fraud-prod"))
                    : Map.of("deployments", List.of("fraud-prod"), "replaces", v - 1));
            clock.advance(Duration.ofMinutes(1));
        }
    }

    @Test
    void thePlanIsTheLastVersionThatServedBeforeTheCurrentOne() {
        JsonNode plan = ok(ana.get(PLAN));

        assertThat(plan.get("deployment").asText()).isEqualTo("deployment:fraud-prod");
        assertThat(plan.get("current").asText()).isEqualTo("model:fraud@4");
        assertThat(plan.get("target").asText()).isEqualTo("model:fraud@3");
        assertThat(plan.get("safe").asBoolean()).isTrue();
        assertThat(plan.get("explanation").asText()).isNotBlank();
        assertThat(plan.get("candidates").get(0).get("chosen").asBoolean()).isTrue();
        assertThat(plan.get("candidates").get(0).get("reasons")).isEmpty();
        assertThat(Audit.count("deployment.rollback")).as("a plan changes nothing").isZero();
    }

    @Test
    void aVersionRolledBackFromIsNotOfferedByTheNextPlan() {
        ok(ana.post(ROLLBACK, Map.of("reason", "v4 blocks good customers")));

        JsonNode plan = ok(ana.get(PLAN));

        assertThat(plan.get("current").asText()).isEqualTo("model:fraud@3");
        assertThat(plan.get("target").asText()).isEqualTo("model:fraud@2");
        JsonNode skipped = plan.get("candidates").get(0);
        assertThat(skipped.get("version").asText()).isEqualTo("model:fraud@4");
        assertThat(skipped.get("chosen").asBoolean()).isFalse();
        assertThat(skipped.get("reasons").toString()).contains("rolled back from", "v4 blocks good customers");
    }

    @Test
    void thePlanSkipsArchivedAndTaintedVersionsSayingWhy() {
        reg.promote(ana, M, 3, "archived", Map.of());
        ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:tx@2", "reason", "unmasked card numbers")));

        JsonNode plan = ok(ana.get(PLAN));

        assertThat(plan.get("target").asText()).isEqualTo("model:fraud@1");
        assertThat(plan.get("safe").asBoolean()).isTrue();
        JsonNode candidates = plan.get("candidates");
        assertThat(candidates.findValuesAsText("version")).containsExactly("model:fraud@3", "model:fraud@2",
                "model:fraud@1");
        assertThat(candidates.get(0).get("reasons").toString()).contains("archived");
        assertThat(candidates.get(1).get("reasons").toString()).contains("tainted", "dataset:tx@2",
                "unmasked card numbers");
        assertThat(candidates.get(2).get("chosen").asBoolean()).isTrue();
    }

    @Test
    void thePlanSearchesTheTaintOfEveryCandidateInOneQuery() {
        ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:tx@3", "reason", "unmasked card numbers")));
        ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:tx@2", "reason", "unmasked card numbers")));
        List<String> statements = new ArrayList<>();

        RollbackPlan plan = app.database().read(tx -> app.rollbacks().plan(Statements.recording(tx, statements), "fraud-prod"));

        assertThat(plan.target()).isEqualTo("model:fraud@1");
        assertThat(plan.candidates()).extracting(c -> c.reasons().toString()).satisfiesExactly(
                r -> assertThat(r).contains("tainted: dataset:tx@3 is quarantined", "model:fraud@3"),
                r -> assertThat(r).contains("tainted: dataset:tx@2 is quarantined", "model:fraud@2"),
                r -> assertThat(r).isEqualTo("[]"));
        // Two tainted candidates and a clean one: one graph search for all three, not two per candidate.
        assertThat(statements).filteredOn(q -> q.contains("shortestPath")).hasSize(1);
    }

    @Test
    void thePlanSkipsVersionsThatNoLongerPassTheirGates() {
        ok(ana.patch("/api/v1/models/" + M + "/versions/3", Map.of("card", Map.of("license", "mit"),
                "reason", "card rewritten")));

        JsonNode plan = ok(ana.get(PLAN));

        assertThat(plan.get("target").asText()).isEqualTo("model:fraud@2");
        assertThat(plan.get("candidates").get(0).get("reasons").toString()).contains("card:intendedUse");
    }

    @Test
    void whenNothingThatServedBeforeIsSafeThePlanSaysSoAndRollbackIsRefused() {
        ok(admin.put("/api/v1/models/" + M + "/policy", Map.of("production", Map.of("approvals", 0,
                "metrics", List.of(Map.of("metric", "auc", "op", ">=", "value", 0.935, "suite", "holdout"))),
                "reason", "the bar moved")));
        long events = Audit.count();

        JsonNode plan = ok(ana.get(PLAN));

        assertThat(plan.get("safe").asBoolean()).isFalse();
        assertThat(plan.get("target").isNull()).isTrue();
        assertThat(plan.get("current").asText()).isEqualTo("model:fraud@4");
        assertThat(plan.get("candidates")).hasSize(3);
        plan.get("candidates").forEach(c -> assertThat(c.get("reasons").toString()).contains("metric:auc"));
        assertProblem(ana.post(ROLLBACK, Map.of("reason", "v4 misbehaves")), 409);
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@4");
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void executingTheRollbackSwitchesTheDeploymentClosesTheIntervalAndIsSeenAtOnce() {
        JsonNode done = ok(ana.post(ROLLBACK, Map.of("reason", "v4 flags every transaction")));

        assertThat(done.get("to").asText()).isEqualTo("model:fraud@3");
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@3");
        JsonNode history = ok(ana.get("/api/v1/deployments/fraud-prod/history"));
        assertThat(history.findValuesAsText("version").subList(0, 2)).containsExactly("model:fraud@3",
                "model:fraud@4");
        assertThat(history.get(1).get("validTo").asText()).isEqualTo(history.get(0).get("validFrom").asText());
        assertThat(history.get(0).get("validTo").isNull()).isTrue();
        assertThat(reg.stage(M, 3)).isEqualTo("production");
        assertThat(reg.stage(M, 4)).isEqualTo("staging");
        assertThat(ok(ana.get("/api/v1/models/" + M)).get("productionVersion").asInt()).isEqualTo(3);
        assertThat(Audit.events("deployment.rollback")).singleElement().satisfies(e -> {
            assertThat(e.get("actor").asString()).isEqualTo("ana");
            assertThat(e.get("target").asString()).isEqualTo("deployment:fraud-prod");
            assertThat(e.get("reason").asString()).isEqualTo("v4 flags every transaction");
        });
        JsonNode lineage = ok(ana.get("/api/v1/lineage?key=deployment:fraud-prod&depth=1"));
        assertThat(lineage.get("nodes").findValuesAsText("key")).contains("model:fraud@3")
                .doesNotContain("model:fraud@4");
        assertThat(deploymentsAffectedBy("dataset:tx@4")).isEmpty();
        assertThat(deploymentsAffectedBy("dataset:tx@3")).containsExactly("deployment:fraud-prod");
    }

    @Test
    void anExecutedRollbackAnswersWhatWasDoneWithItsAuditEvent() {
        JsonNode done = ok(ana.post(ROLLBACK, Map.of("reason", "v4 flags every transaction")));

        assertThat(done.get("deployment").asText()).isEqualTo("deployment:fraud-prod");
        assertThat(done.get("from").asText()).isEqualTo("model:fraud@4");
        assertThat(done.get("to").asText()).isEqualTo("model:fraud@3");
        assertThat(done.get("reason").asText()).isEqualTo("v4 flags every transaction");
        assertThat(done.get("by").asText()).isEqualTo("ana");
        var event = io.pedigree.testing.Graph.rows("""
                MATCH (e:AuditEvent {action: 'deployment.rollback'})
                RETURN e.seq AS seq, e.at AS at""").get(0);
        assertThat(done.get("auditEvent").asLong()).isEqualTo(event.get("seq").asLong());
        assertThat(java.time.Instant.parse(done.get("at").asText()))
                .isEqualTo(event.get("at").asZonedDateTime().toInstant());
        assertThat(done.get("stageChanges")).extracting(JsonNode::asText).containsExactly(
                "model:fraud@4: production -> staging", "model:fraud@3: staging -> production");
        assertThat(done.get("skipped")).isEmpty();
    }

    @Test
    void aNamedVersionPassesTheSameChecks() {
        ok(ana.post("/api/v1/quarantines", Map.of("key", "dataset:tx@2", "reason", "unmasked card numbers")));
        long events = Audit.count();

        assertProblem(ana.post(ROLLBACK, Map.of("version", "model:fraud@2", "reason", "go back")), 409);
        assertProblem(ana.post(ROLLBACK, Map.of("version", "model:fraud@4", "reason", "go back")), 400, "version");
        assertProblem(ana.post(ROLLBACK, Map.of("version", "model:fraud@9", "reason", "go back")), 400, "version");
        assertProblem(ana.post(ROLLBACK, Map.of("version", "model:fraud@1")), 400, "reason");
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@4");
        assertThat(Audit.count()).isEqualTo(events);

        ok(ana.post(ROLLBACK, Map.of("version", "model:fraud@1", "reason", "last known good before the leak")));

        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@1");
        assertThat(reg.stage(M, 1)).isEqualTo("production");
    }

    @Test
    void aNamedVersionThatNeverServedTheDeploymentIsNoRollback() {
        int fresh = reg.version(M, null, List.of());
        reg.evaluate(M, fresh, "holdout", "auc", 0.99);
        reg.promote(ana, M, fresh, "staging", Map.of());
        long events = Audit.count();

        assertProblem(ana.post(ROLLBACK, Map.of("version", "model:fraud@" + fresh, "reason", "try the new one")),
                409);

        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@4");
        assertThat(reg.stage(M, fresh)).isEqualTo("staging");
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void unknownDeploymentsAndDeploymentsServingNothingHaveNothingToRollBack() {
        reg.deployment("fraud-canary", "production");

        JsonNode plan = ok(ana.get("/api/v1/deployments/fraud-canary/rollback-plan"));
        assertThat(plan.get("current").isNull()).isTrue();
        assertThat(plan.get("safe").asBoolean()).isFalse();
        assertProblem(ana.post("/api/v1/deployments/fraud-canary/rollback", Map.of("reason", "x")), 409);
        assertProblem(ana.get("/api/v1/deployments/nowhere/rollback-plan"), 404, "name");
        assertProblem(ana.post("/api/v1/deployments/nowhere/rollback", Map.of("reason", "x")), 404, "name");
        assertThat(Audit.count("deployment.rollback")).isZero();
    }

    private List<String> deploymentsAffectedBy(String key) {
        JsonNode impact = ok(ana.get("/api/v1/impact?key=" + Api.q(key)));
        return impact.get("deployments").findValuesAsText("key").stream().filter(k -> k.startsWith("deployment:"))
                .toList();
    }
}
