package io.pedigree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/** Aliases that move between versions, and the descriptive fields of models and versions: each change audited. */
class AliasAndCardIT extends PedigreeIT {

    private static final String M = "ranker";
    private static final String V = "/api/v1/models/" + M + "/versions/";

    private Api ana;
    private Registry reg;

    @BeforeEach
    void threeVersions() {
        ana = admin.withNewToken("ana", "writer");
        reg = new Registry(ana);
        reg.model(M, null);
        for (int i = 0; i < 3; i++) {
            reg.version(M, null, List.of());
        }
    }

    @Test
    void anAliasIsLookedUpAsAVersionEverywhereAVersionIsNamed() {
        ok(ana.put("/api/v1/models/" + M + "/aliases/champion", Map.of("version", 2, "reason", "best so far")));

        assertThat(ok(ana.get("/api/v1/models/" + M + "/aliases/champion")).get("key").asText())
                .isEqualTo("model:ranker@2");
        assertThat(ok(ana.get(V + "champion")).get("version").get("key").asText()).isEqualTo("model:ranker@2");
        assertThat(ok(ana.get(V + "champion/evaluations"))).isEmpty();
        assertThat(ok(ana.get("/api/v1/models/" + M)).get("aliases").get("champion").asInt()).isEqualTo(2);
    }

    @Test
    void anAliasThePolicyGovernsMovesThroughApiV1OnlyToAVersionThatMeetsTheProductionGates() {
        ok(admin.put("/api/v1/models/" + M + "/policy", Map.of("production", Map.of("approvals", 1),
                "governedAliases", List.of("champion"), "reason", "champion serves")));

        JsonNode refused = assertProblem(ana.put("/api/v1/models/" + M + "/aliases/champion",
                Map.of("version", 2, "reason", "try")), 409);
        assertThat(refused.toString()).contains("approvals");
        assertThat(ok(ana.get("/api/v1/models/" + M)).get("aliases").has("champion")).isFalse();
        assertThat(Audit.events("alias.move")).isEmpty();
        // An alias the policy does not govern moves freely.
        ok(ana.put("/api/v1/models/" + M + "/aliases/candidate", Map.of("version", 2, "reason", "try")));

        Api bo = admin.withNewToken("bo", "approver");
        ok(bo.post(V + "2/approvals", Map.of("stage", "production", "decision", "approve", "comment", "fine")));
        ok(ana.put("/api/v1/models/" + M + "/aliases/champion", Map.of("version", 2, "reason", "approved")));
        assertThat(ok(ana.get("/api/v1/models/" + M)).get("aliases").get("champion").asInt()).isEqualTo(2);
    }

    @Test
    void movingAnAliasIsAuditedWithWhereItPointedBefore() {
        ok(ana.put("/api/v1/models/" + M + "/aliases/champion", Map.of("version", 1, "reason", "first")));

        ok(ana.put("/api/v1/models/" + M + "/aliases/champion", Map.of("version", 3, "reason", "beat v1 on A/B")));

        assertThat(ok(ana.get(V + "champion")).get("version").get("number").asInt()).isEqualTo(3);
        var moves = Audit.events("alias.move");
        assertThat(moves).hasSize(2);
        var last = moves.get(1);
        assertThat(last.get("actor").asString()).isEqualTo("ana");
        assertThat(last.get("target").asString()).isEqualTo("model:ranker");
        assertThat(last.get("reason").asString()).isEqualTo("beat v1 on A/B");
        assertThat(last.get("details").asString()).contains("\"from\":1", "\"to\":3", "champion");
    }

    @Test
    void aDeletedAliasIsUnknownAfterwardsAndItsDeletionAudited() {
        ok(ana.put("/api/v1/models/" + M + "/aliases/challenger", Map.of("version", 2)));

        ok(ana.delete("/api/v1/models/" + M + "/aliases/challenger?reason=retired"));

        assertProblem(ana.get("/api/v1/models/" + M + "/aliases/challenger"), 404, "alias");
        assertProblem(ana.get(V + "challenger"), 404, "version");
        assertProblem(ana.delete("/api/v1/models/" + M + "/aliases/challenger"), 404, "alias");
        assertThat(Audit.events("alias.delete")).singleElement()
                .satisfies(e -> assertThat(e.get("reason").asString()).isEqualTo("retired"));
    }

    @Test
    void anAliasCannotPointAtAVersionThatDoesNotExist() {
        long events = Audit.count();

        assertProblem(ana.put("/api/v1/models/" + M + "/aliases/champion", Map.of("version", 9)), 404, "version");
        assertProblem(ana.put("/api/v1/models/" + M + "/aliases/champion", Map.of("reason", "no version")), 400,
                "version");
        assertProblem(ana.put("/api/v1/models/" + M + "/aliases/Champion!", Map.of("version", 1)), 400, "alias");

        assertThat(ok(ana.get("/api/v1/models/" + M)).get("aliases")).isEmpty();
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void descriptionTagsAndCardOfAVersionChangeAndEachChangeIsAudited() {
        Map<String, Object> card = Map.of("intendedUse", "rank search results", "limitations", "english only",
                "license", "apache-2.0", "riskLevel", "low");

        JsonNode v = ok(ana.patch(V + "2", Map.of("description", "retrained", "tags", Map.of("ab", "won"),
                "card", card, "reason", "after the A/B test")));

        assertThat(v.get("description").asText()).isEqualTo("retrained");
        assertThat(v.get("tags").get("ab").asText()).isEqualTo("won");
        assertThat(v.get("card").get("license").asText()).isEqualTo("apache-2.0");
        assertThat(v.get("card").has("contacts")).as("the card is replaced as a whole").isFalse();
        JsonNode read = ok(ana.get(V + "2")).get("version");
        assertThat(read.get("card").get("limitations").asText()).isEqualTo("english only");
        assertThat(read.get("parameters").get("lr").asDouble()).as("what produced it is untouched").isEqualTo(0.01);
        var update = Audit.events("version.update");
        assertThat(update).singleElement().satisfies(e -> {
            assertThat(e.get("actor").asString()).isEqualTo("ana");
            assertThat(e.get("target").asString()).isEqualTo("model:ranker@2");
            assertThat(e.get("reason").asString()).isEqualTo("after the A/B test");
        });

        ok(ana.patch(V + "2", Map.of("tags", Map.of("ab", "lost"))));

        JsonNode again = ok(ana.get(V + "2")).get("version");
        assertThat(again.get("description").asText()).as("fields left out keep their value").isEqualTo("retrained");
        assertThat(again.get("tags").get("ab").asText()).isEqualTo("lost");
        assertThat(Audit.count("version.update")).isEqualTo(2);
    }

    @Test
    void whatProducedAVersionCannotBeChangedAfterRegistration() {
        long events = Audit.count();

        assertProblem(ana.patch(V + "1", Map.of("parameters", Map.of("lr", 0.5))), 400, "parameters");
        assertProblem(ana.patch(V + "1", Map.of("inputs", List.of("dataset:other@1"))), 400, "inputs");
        assertProblem(ana.patch(V + "1", Map.of("card", Map.of("favouriteColour", "blue"))), 400,
                "card.favouriteColour");
        assertProblem(ana.patch(V + "1", Map.of("card", Map.of("riskLevel", "extreme"))), 400, "card.riskLevel");

        JsonNode v = ok(ana.get(V + "1")).get("version");
        assertThat(v.get("parameters").get("lr").asDouble()).isEqualTo(0.01);
        assertThat(v.get("card").get("riskLevel").asText()).isEqualTo("high");
        assertThat(Audit.count()).isEqualTo(events);
    }

    @Test
    void aModelsDescriptionOwnerAndTagsChangeAndEachChangeIsAudited() {
        reg.lineage("person:bo");

        JsonNode m = ok(ana.patch("/api/v1/models/" + M, Map.of("description", "ranks search results",
                "owner", "person:bo", "tags", Map.of("team", "search"))));

        assertThat(m.get("description").asText()).isEqualTo("ranks search results");
        assertThat(m.get("owner").asText()).isEqualTo("person:bo");
        assertThat(m.get("tags").get("team").asText()).isEqualTo("search");
        assertThat(Audit.events("model.update")).singleElement()
                .satisfies(e -> assertThat(e.get("actor").asString()).isEqualTo("ana"));
        assertProblem(ana.patch("/api/v1/models/" + M, Map.of("owner", "team:search")), 400, "owner");
        assertProblem(ana.patch("/api/v1/models/" + M, Map.of("name", "renamed")), 400, "name");
        assertThat(Audit.count("model.update")).isEqualTo(1);
    }
}
