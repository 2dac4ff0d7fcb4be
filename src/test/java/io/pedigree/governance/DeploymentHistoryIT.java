package io.pedigree.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Deployments serve one version at a time; their history is a sequence of intervals that answers "as of". */
class DeploymentHistoryIT extends PedigreeIT {

    private static final String M = "fraud";

    private final MutableClock clock = new MutableClock();
    private Api ana;
    private Registry reg;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void threeVersionsInStaging() {
        ana = admin.withNewToken("ana", "writer");
        reg = new Registry(ana);
        reg.model(M, Map.of("production", Map.of("approvals", 0)));
        reg.deployment("fraud-prod", "production");
        reg.deployment("fraud-staging", "staging");
        for (int i = 0; i < 3; i++) {
            int v = reg.version(M, null, List.of());
            reg.promote(ana, M, v, "staging", Map.of());
        }
    }

    private Instant promoteAndServe(int version, Integer replaces) {
        clock.advance(Duration.ofSeconds(1));
        Map<String, Object> more = replaces == null ? Map.of("deployments", List.of("fraud-prod"))
                : Map.of("deployments", List.of("fraud-prod"), "replaces", replaces);
        reg.promote(ana, M, version, "production", more);
        return clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void aDeploymentIsRecordedWithItsEnvironmentAndServesNothingAtFirst() {
        JsonNode d = ok(ana.get("/api/v1/deployments/fraud-prod"));

        assertThat(d.get("key").asText()).isEqualTo("deployment:fraud-prod");
        assertThat(d.get("environment").asText()).isEqualTo("production");
        assertThat(d.get("endpoint").asText()).isEqualTo("https://fraud-prod.example");
        assertThat(d.get("serving").isNull()).isTrue();
        assertThat(ok(ana.get("/api/v1/deployments/fraud-prod/history"))).isEmpty();
        assertThat(Audit.count("deployment.save")).isEqualTo(2);
        assertProblem(ana.get("/api/v1/deployments/nowhere"), 404, "name");
        assertProblem(ana.get("/api/v1/deployments/nowhere/history"), 404, "name");
        assertProblem(ana.put("/api/v1/deployments/fraud-prod", Map.of("environment", "Prod!")), 400, "environment");
    }

    @Test
    void promotionsSwitchNamedDeploymentsAndHistoryKeepsEveryInterval() throws Exception {
        Instant beforeAll = clock.instant();
        Instant afterV1 = promoteAndServe(1, null);
        Instant afterV2 = promoteAndServe(2, 1);
        Instant afterV3 = promoteAndServe(3, 2);

        JsonNode history = ok(ana.get("/api/v1/deployments/fraud-prod/history"));
        assertThat(history.findValuesAsText("version")).containsExactly("model:fraud@3", "model:fraud@2",
                "model:fraud@1");
        assertThat(history.get(0).get("validTo").isNull()).isTrue();
        for (int i = 1; i < 3; i++) {
            assertThat(history.get(i).get("validTo").asText()).as("each interval closes when the next opens")
                    .isEqualTo(history.get(i - 1).get("validFrom").asText());
        }
        assertThat(servingAsOf(beforeAll.minusSeconds(5))).isNull();
        assertThat(servingAsOf(afterV1)).isEqualTo("model:fraud@1");
        assertThat(servingAsOf(afterV2)).isEqualTo("model:fraud@2");
        assertThat(servingAsOf(afterV3)).isEqualTo("model:fraud@3");
        assertThat(servingAsOf(Instant.parse(history.get(1).get("validFrom").asText())))
                .as("an interval includes its start").isEqualTo("model:fraud@2");
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@3");
        assertThat(Audit.events("deployment.serve")).hasSize(3).last().satisfies(e -> {
            assertThat(e.get("target").asString()).isEqualTo("deployment:fraud-prod");
            assertThat(e.get("details").asString()).contains("model:fraud@2", "model:fraud@3");
        });
        assertThat(ok(ana.get("/api/v1/deployments/fraud-staging/history"))).isEmpty();
    }

    @Test
    void aProductionDeploymentRefusesToServeAVersionNotInProduction() throws Exception {
        promoteAndServe(1, null);
        long events = Audit.count();

        assertProblem(reg.serve("fraud-prod", "model:fraud@2"), 409);

        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@1");
        assertThat(ok(ana.get("/api/v1/deployments/fraud-prod/history"))).hasSize(1);
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void aVersionServedByAProductionDeploymentCannotLeaveProduction() throws Exception {
        promoteAndServe(1, null);
        long events = Audit.count();

        assertProblem(reg.transition(ana, M, 1, "archived", Map.of()), 409);
        assertProblem(reg.transition(ana, M, 1, "staging", Map.of()), 409);

        assertThat(reg.stage(M, 1)).isEqualTo("production");
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void aReplacementMustSwitchEveryProductionDeploymentServingTheVersionItReplaces() {
        reg.deployment("fraud-prod-eu", "production");
        reg.promote(ana, M, 1, "production", Map.of("deployments", List.of("fraud-prod", "fraud-prod-eu")));
        long events = Audit.count();

        assertProblem(reg.transition(ana, M, 2, "production", Map.of("replaces", 1,
                "deployments", List.of("fraud-prod"))), 409);

        assertThat(reg.stage(M, 1)).isEqualTo("production");
        assertThat(reg.stage(M, 2)).isEqualTo("staging");
        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@1");
        assertThat(Audit.count()).isEqualTo(events);

        reg.promote(ana, M, 2, "production", Map.of("replaces", 1, "deployments",
                List.of("fraud-prod", "fraud-prod-eu")));

        assertThat(reg.serving("fraud-prod")).isEqualTo("model:fraud@2");
        assertThat(reg.serving("fraud-prod-eu")).isEqualTo("model:fraud@2");
    }

    @Test
    void aStagingDeploymentServesStagingVersionsButNeverArchivedOnes() {
        ok(reg.serve("fraud-staging", "model:fraud@2"));
        reg.promote(ana, M, 3, "archived", Map.of());

        assertProblem(reg.serve("fraud-staging", "model:fraud@3"), 409);
        assertProblem(ana.post("/api/v1/deployments/fraud-staging/serve", Map.of("version", "model:fraud@1")), 400,
                "reason");
        assertProblem(reg.serve("fraud-staging", "model:fraud@9"), 400, "version");
        assertProblem(reg.serve("fraud-staging", "dataset:tx@1"), 400, "version");
        assertProblem(reg.serve("nowhere", "model:fraud@1"), 404, "name");

        assertThat(reg.serving("fraud-staging")).isEqualTo("model:fraud@2");
        assertThat(Audit.events("deployment.serve")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString()).isEqualTo("test serve"));
    }

    @Test
    void aPromotionNamingAnUnknownDeploymentChangesNothingAtAll() {
        long events = Audit.count();

        Api.Response r = reg.transition(ana, M, 1, "production", Map.of("deployments",
                List.of("fraud-staging", "nowhere")));

        assertProblem(r, 400, "deployments[1]");
        assertThat(reg.stage(M, 1)).isEqualTo("staging");
        assertThat(reg.serving("fraud-staging")).isNull();
        assertThat(Audit.count()).isEqualTo(events);
        assertProblem(reg.transition(ana, M, 1, "staging", Map.of("deployments", List.of("fraud-staging"))), 400,
                "deployments");
    }

    private String servingAsOf(Instant at) {
        JsonNode s = ok(ana.get("/api/v1/deployments/fraud-prod?asOf=" + Api.q(at.toString()))).get("serving");
        return s.isNull() ? null : s.asText();
    }
}
