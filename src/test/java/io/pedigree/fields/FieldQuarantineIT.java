package io.pedigree.fields;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.pedigree.fields.FieldChain.FEAT;
import static io.pedigree.fields.FieldChain.M;
import static io.pedigree.fields.FieldChain.RAW;
import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A quarantined column taints exactly the versions consuming it or a field derived from it by value: version 1
 * (txn_velocity_7d, an aggregation of the hashed card number), not version 2 (avg_amount_30d, only grouped by it)
 * nor version 3 (merchant_risk), though all three were trained on the same feature table.
 */
class FieldQuarantineIT extends PedigreeIT {

    private static final String PLAN = "/api/v1/deployments/fraud-prod/rollback-plan";

    private final MutableClock clock = new MutableClock();
    private Api ana;
    private Registry reg;

    @Override
    protected Clock clock() {
        return clock;
    }

    /** fraud-prod served version 2, then 1, and serves 3 now. */
    @BeforeEach
    void chainServedTwoThenOneThenThree() {
        ana = admin.withNewToken("ana", "writer");
        reg = new Registry(ana);
        FieldChain.declare(ana);
        int previous = 0;
        for (int v : new int[] {2, 1, 3}) {
            reg.promote(ana, M, v, "staging", Map.of());
            reg.promote(ana, M, v, "production", previous == 0 ? Map.of("deployments", List.of("fraud-prod"))
                    : Map.of("deployments", List.of("fraud-prod"), "replaces", previous));
            previous = v;
            clock.advance(Duration.ofMinutes(1));
        }
    }

    private String quarantineCardNumber() {
        return ok(ana.post("/api/v1/quarantines", Map.of("key", RAW, "field", "card_number",
                "reason", "unmasked card numbers"))).get("id").asText();
    }

    @Test
    void aQuarantinedColumnTaintsOnlyTheVersionsConsumingAFieldDerivedFromItsValues() {
        quarantineCardNumber();

        JsonNode v1 = ok(ana.get("/api/v1/models/" + M + "/versions/1")).get("quarantinedUpstream");
        assertThat(v1.findValuesAsText("asset")).containsExactly(RAW + "#card_number");
        assertThat(v1.get(0).get("path").toString()).contains("model:fraud@1", FEAT + "#txn_velocity_7d",
                "dataset:stg_transactions#card_hash");
        assertThat(ok(ana.get("/api/v1/models/" + M + "/versions/2")).get("quarantinedUpstream")).isEmpty();
        assertThat(ok(ana.get("/api/v1/models/" + M + "/versions/3")).get("quarantinedUpstream")).isEmpty();
    }

    @Test
    void theRollbackPlanPassesOverTheTaintedVersionToTheCleanOne() {
        assertThat(ok(ana.get(PLAN)).get("target").asText()).as("before the quarantine").isEqualTo("model:fraud@1");
        quarantineCardNumber();

        JsonNode plan = ok(ana.get(PLAN));

        assertThat(plan.get("target").asText()).isEqualTo("model:fraud@2");
        assertThat(plan.get("candidates").get(0).get("reasons").toString()).contains("tainted",
                RAW + "#card_number", "unmasked card numbers");
    }

    @Test
    void theQuarantineGateFailsForTheTaintedVersionAndServingItIsRefused() {
        quarantineCardNumber();

        String gates = ok(ana.get("/api/v1/models/" + M + "/versions/1/gates?stage=production")).toString();
        String clean = ok(ana.get("/api/v1/models/" + M + "/versions/2/gates?stage=production")).toString();

        assertThat(gates).contains(RAW + "#card_number is quarantined (unmasked card numbers)");
        assertThat(clean).doesNotContain("card_number");
        assertThat(assertProblem(reg.serve("fraud-shadow", "model:fraud@1"), 409).get("detail").asText())
                .contains("quarantined", RAW + "#card_number");
    }

    @Test
    void theQuarantineNamesTheAffectedVersionsAndDeploymentsAndAReleaseCleansThem() {
        String id = quarantineCardNumber();

        JsonNode q = ok(ana.get("/api/v1/quarantines/" + id));
        assertThat(q.get("quarantine").get("field").asText()).isEqualTo("card_number");
        assertThat(q.get("affectedVersions").toString()).contains("model:fraud@1").doesNotContain("model:fraud@2");

        Api approver = admin.withNewToken("bo", "approver");
        ok(approver.post("/api/v1/quarantines/" + id + "/release", Map.of("reason", "column was masked upstream")));
        assertThat(ok(ana.get("/api/v1/models/" + M + "/versions/1")).get("quarantinedUpstream")).isEmpty();
    }

    @Test
    void quarantiningAFieldThatIsNotDeclaredIsRefused() {
        assertProblem(ana.post("/api/v1/quarantines", Map.of("key", RAW, "field", "cvv", "reason", "x")), 400,
                "field");
    }
}
