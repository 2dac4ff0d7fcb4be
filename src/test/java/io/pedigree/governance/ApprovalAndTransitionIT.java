package io.pedigree.governance;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.approve;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Stages, approvals and rejections, admin overrides and policy changes. */
class ApprovalAndTransitionIT extends PedigreeIT {

    private static final String M = "fraud";
    private static final String V = "/api/v1/models/" + M + "/versions/";

    private Api ana;
    private Api bo;
    private Api carl;
    private Registry reg;

    @BeforeEach
    void people() {
        ana = admin.withNewToken("ana", "writer");
        bo = admin.withNewToken("bo", "approver");
        carl = admin.withNewToken("carl", "approver");
        reg = new Registry(ana);
    }

    @Test
    void everyTransitionRecordsActorTimeReasonFromAndTo() {
        reg.model(M, null);
        int v = reg.version(M, null, List.of());
        Instant before = Instant.now();

        reg.promote(ana, M, v, "staging", Map.of("reason", "ready for shadow traffic"));
        approve(bo, M, v, "production");
        reg.promote(ana, M, v, "production", Map.of("reason", "shadow results good"));
        reg.promote(ana, M, v, "archived", Map.of("reason", "superseded"));

        JsonNode history = ok(ana.get(V + v + "/transitions"));
        assertThat(history).hasSize(3);
        assertThat(history.findValuesAsText("from")).containsExactly("development", "staging", "production");
        assertThat(history.findValuesAsText("to")).containsExactly("staging", "production", "archived");
        assertThat(history.findValuesAsText("reason")).containsExactly("ready for shadow traffic",
                "shadow results good", "superseded");
        assertThat(history.findValuesAsText("by")).containsOnly("ana");
        assertThat(Instant.parse(history.get(0).get("at").asText())).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(Audit.events("version.transition")).extracting(e -> e.get("reason").asString())
                .containsExactly("ready for shadow traffic", "shadow results good", "superseded");
        assertThat(ok(ana.get(V + v)).get("transitions")).isEqualTo(history);
    }

    @Test
    void aTransitionWithoutReasonOrToAnUnknownStageChangesNothing() {
        reg.model(M, null);
        int v = reg.version(M, null, List.of());
        long events = Audit.count();

        assertProblem(ana.post(V + v + "/transitions", Map.of("to", "staging")), 400, "reason");
        assertProblem(ana.post(V + v + "/transitions", Map.of("to", "staging", "reason", "  ")), 400, "reason");
        assertProblem(ana.post(V + v + "/transitions", Map.of("to", "live", "reason", "go")), 400, "to");
        assertProblem(ana.post(V + v + "/transitions", Map.of("reason", "go")), 400, "to");

        assertThat(reg.stage(M, v)).isEqualTo("development");
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void stagesMoveOnlyAlongTheLifecycle() {
        reg.model(M, Map.of("production", Map.of("approvals", 0)));
        int v = reg.version(M, null, List.of());

        assertProblem(reg.transition(ana, M, v, "production", Map.of()), 409);
        assertProblem(reg.transition(ana, M, v, "development", Map.of()), 409);
        reg.promote(ana, M, v, "archived", Map.of());
        assertProblem(reg.transition(ana, M, v, "staging", Map.of()), 409);
        assertProblem(reg.transition(admin, M, v, "staging", Map.of("override", true)), 409);

        assertThat(reg.stage(M, v)).isEqualTo("archived");
    }

    @Test
    void approvalsCountDistinctApproversOtherThanTheRegistrant() {
        reg.model(M, Map.of("production", Map.of("approvals", 2)));
        int v = reg.version(M, null, List.of());
        reg.promote(ana, M, v, "staging", Map.of());

        approve(bo, M, v, "production");
        approve(bo, M, v, "production");
        assertThat(Registry.unmetGates(reg.transition(ana, M, v, "production", Map.of()))).containsExactly("approvals");
        approve(bo, M, v, "staging");
        assertThat(Registry.unmetGates(reg.transition(ana, M, v, "production", Map.of())))
                .as("an approval for staging is not one for production").containsExactly("approvals");

        approve(carl, M, v, "production");
        reg.promote(ana, M, v, "production", Map.of());

        assertThat(reg.stage(M, v)).isEqualTo("production");
        assertThat(ok(ana.get(V + v + "/approvals")).findValuesAsText("by")).containsExactly("bo", "bo", "bo",
                "carl");
        assertThat(Audit.count("version.approve")).isEqualTo(4);
    }

    @Test
    void theRegistrantCannotApproveAndAWriterIsNoApprover() {
        reg.model(M, null);
        Api both = admin.withNewToken("dee", "writer", "approver");
        int v = new Registry(both).version(M, null, List.of());
        long events = Audit.count();

        assertProblem(both.post(V + v + "/approvals", Map.of("stage", "production", "decision", "approve")), 403);
        assertProblem(ana.post(V + v + "/approvals", Map.of("stage", "production", "decision", "approve")), 403);

        assertThat(ok(ana.get(V + v + "/approvals"))).isEmpty();
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void aRejectionWithCommentIsRecordedAndBlocksUntilItsAuthorApproves() {
        reg.model(M, null);
        int v = reg.version(M, null, List.of());
        reg.promote(ana, M, v, "staging", Map.of());
        approve(bo, M, v, "production");

        assertProblem(carl.post(V + v + "/approvals", Map.of("stage", "production", "decision", "reject")), 400,
                "comment");
        ok(carl.post(V + v + "/approvals", Map.of("stage", "production", "decision", "reject",
                "comment", "bias review missing")));

        Api.Response refused = reg.transition(ana, M, v, "production", Map.of());
        assertProblem(refused, 409);
        assertThat(Registry.unmetGates(refused)).containsExactly("rejection");
        assertThat(refused.json().get("unmetGates").get(0).get("detail").asText()).contains("carl",
                "bias review missing");
        assertThat(Audit.events("version.reject")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString()).isEqualTo("bias review missing"));

        approve(carl, M, v, "production");
        reg.promote(ana, M, v, "production", Map.of());
        assertThat(reg.stage(M, v)).isEqualTo("production");
    }

    @Test
    void anAdminOverrideNeedsTheAdminRoleAndAReasonAndIsRecordedAsAnOverride() {
        reg.model(M, null);
        int v = ok(reg.register(M, Map.of())).get("number").asInt();
        reg.promote(ana, M, v, "staging", Map.of());
        long events = Audit.count();

        assertProblem(reg.transition(ana, M, v, "production", Map.of("override", true)), 403);
        assertProblem(admin.post(V + v + "/transitions", Map.of("to", "production", "override", true)), 400,
                "reason");
        assertThat(reg.stage(M, v)).isEqualTo("staging");
        assertThat(Audit.count()).isEqualTo(events);

        reg.promote(admin, M, v, "production", Map.of("override", true, "reason", "incident fix, review later"));

        assertThat(reg.stage(M, v)).isEqualTo("production");
        var override = Audit.events("version.override");
        assertThat(override).singleElement().satisfies(e -> {
            assertThat(e.get("actor").asString()).isNotEqualTo("ana");
            assertThat(e.get("target").asString()).isEqualTo("model:fraud@1");
            assertThat(e.get("reason").asString()).isEqualTo("incident fix, review later");
            assertThat(e.get("details").asString()).contains("approvals", "card:intendedUse");
        });
        JsonNode t = ok(ana.get(V + v + "/transitions")).get(1);
        assertThat(t.get("override").asBoolean()).isTrue();
        assertThat(t.get("unmetGates").toString()).contains("approvals");
    }

    @Test
    void aSecondVersionReplacesProductionOnlyWhenItSaysWhichOne() {
        reg.model(M, Map.of("production", Map.of("approvals", 0, "cardFields", List.of())));
        int v1 = reg.version(M, null, List.of());
        int v2 = reg.version(M, null, List.of());
        for (int v : List.of(v1, v2)) {
            reg.promote(ana, M, v, "staging", Map.of());
        }
        reg.promote(ana, M, v1, "production", Map.of());

        assertProblem(reg.transition(ana, M, v2, "production", Map.of()), 409);
        assertProblem(reg.transition(ana, M, v2, "production", Map.of("replaces", 7)), 409);
        assertThat(reg.stage(M, v2)).isEqualTo("staging");

        reg.promote(ana, M, v2, "production", Map.of("replaces", v1));

        assertThat(reg.stage(M, v1)).isEqualTo("staging");
        assertThat(reg.stage(M, v2)).isEqualTo("production");
        assertThat(Graph.count("MATCH (s:ModelVersion {stage: 'production'}) RETURN count(s) AS c")).isEqualTo(1);
    }

    @Test
    void onlyAnAdminChangesAPolicyWithAReasonAndTheChangeIsAuditedAndApplied() {
        reg.model(M, null);
        int v = ok(reg.register(M, Map.of())).get("number").asInt();
        reg.promote(ana, M, v, "staging", Map.of());
        Map<String, Object> lenient = Map.of("production", Map.of("approvals", 0, "cardFields", List.of()),
                "reason", "internal tool, low risk");

        assertProblem(ana.put("/api/v1/models/" + M + "/policy", lenient), 403);
        assertProblem(bo.put("/api/v1/models/" + M + "/policy", lenient), 403);
        assertProblem(admin.put("/api/v1/models/" + M + "/policy", Map.of("production", Map.of("approvals", 0))),
                400, "reason");
        assertProblem(admin.put("/api/v1/models/" + M + "/policy", Map.of("production", Map.of("approvals", -1),
                "reason", "x")), 400, "production.approvals");
        assertThat(Audit.count("model.policy")).isZero();
        assertProblem(reg.transition(ana, M, v, "production", Map.of()), 409);

        JsonNode m = ok(admin.put("/api/v1/models/" + M + "/policy", lenient));

        assertThat(m.get("policy").get("production").get("approvals").asInt()).isZero();
        assertThat(Audit.events("model.policy")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString()).isEqualTo("internal tool, low risk"));
        reg.promote(ana, M, v, "production", Map.of());
        assertThat(reg.stage(M, v)).isEqualTo("production");
    }
}
