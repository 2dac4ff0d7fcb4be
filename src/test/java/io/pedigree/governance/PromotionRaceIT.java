package io.pedigree.governance;

import io.pedigree.testing.Api;
import io.pedigree.testing.AtOnce;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.approve;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Two versions of one model promoted to production at the same instant: exactly one wins, the other gets 409. */
class PromotionRaceIT extends PedigreeIT {

    private static final String M = "fraud";

    private Api ana;
    private Registry reg;

    @BeforeEach
    void twoApprovedVersionsInStaging() {
        ana = admin.withNewToken("ana", "writer");
        Api bo = admin.withNewToken("bo", "approver");
        reg = new Registry(ana);
        reg.model(M, null);
        reg.deployment("fraud-prod", "production");
        for (int i = 0; i < 3; i++) {
            int v = reg.version(M, null, List.of());
            reg.promote(ana, M, v, "staging", Map.of());
            approve(bo, M, v, "production");
        }
    }

    @RepeatedTest(4)
    void racingPromotionsWithNothingInProductionHaveExactlyOneWinner() throws Exception {
        List<Api.Response> answers = AtOnce.run(2, i -> reg.transition(ana, M, i + 1, "production",
                Map.of("deployments", List.of("fraud-prod"))));

        int winner = assertOneWinner(answers);
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@" + winner);
        assertThat(ok(ana.get("/api/v1/deployments/fraud-prod/history"))).hasSize(1);
    }

    @RepeatedTest(4)
    void racingReplacementsOfTheSameProductionVersionHaveExactlyOneWinner() throws Exception {
        reg.promote(ana, M, 3, "production", Map.of("deployments", List.of("fraud-prod")));

        List<Api.Response> answers = AtOnce.run(2, i -> reg.transition(ana, M, i + 1, "production",
                Map.of("replaces", 3, "deployments", List.of("fraud-prod"))));

        int winner = assertOneWinner(answers);
        assertThat(reg.stage(M, 3)).isEqualTo("staging");
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@" + winner);
        assertThat(ok(ana.get("/api/v1/deployments/fraud-prod/history"))).hasSize(2);
    }

    /** Checks one 200 and one 409, one version in production, and answers the winner's number. */
    private int assertOneWinner(List<Api.Response> answers) {
        List<Integer> statuses = AtOnce.statuses(answers);
        assertThat(statuses).as("answers %s", answers).containsExactlyInAnyOrder(200, 409);
        int winner = statuses.indexOf(200) + 1;
        int loser = statuses.indexOf(409) + 1;
        assertProblem(answers.get(loser - 1), 409);
        assertThat(ok(ana.get("/api/v1/models/" + M)).get("productionVersion").asInt()).isEqualTo(winner);
        assertThat(reg.stage(M, winner)).isEqualTo("production");
        assertThat(reg.stage(M, loser)).isEqualTo("staging");
        assertThat(Graph.count("MATCH (s:ModelVersion {stage: 'production'}) RETURN count(s) AS c")).isEqualTo(1);
        assertThat(Graph.count("MATCH (:Node {key: 'deployment:fraud-prod'})-[r:SERVES]->() WHERE r.validTo IS NULL"
                + " RETURN count(r) AS c")).isEqualTo(1);
        long toProduction = Audit.events("version.transition").stream()
                .filter(e -> e.get("target").asString().equals("model:fraud@" + loser)
                        && e.get("details").asString().contains("\"to\":\"production\"")).count();
        assertThat(toProduction).as("the loser wrote no event").isZero();
        assertThat(Collections.frequency(Audit.actions(), "deployment.serve")).isEqualTo(
                ok(ana.get("/api/v1/deployments/fraud-prod/history")).size());
        return winner;
    }
}
