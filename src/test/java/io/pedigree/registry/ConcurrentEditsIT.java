package io.pedigree.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.AtOnce;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;

import java.util.List;
import java.util.Map;

import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edits of a model, a version and a policy racing each other: each is read, decided and written under the model's
 * lock, so none is lost, and each audit event's "before" is the "after" of the event before it on that target.
 */
class ConcurrentEditsIT extends PedigreeIT {

    private static final int CLIENTS = 16;
    private static final String M = "/api/v1/models/churn";

    private Api ana;

    @BeforeEach
    void aModelWithOneVersion() {
        ana = admin.withNewToken("ana", "writer", "admin");
        Registry reg = new Registry(ana);
        reg.lineage("dataset:tx@1", "run:train@r1");
        reg.model("churn", null);
        reg.version("churn", "run:train@r1", List.of("dataset:tx@1"));
    }

    @Test
    void sixteenConcurrentModelPatchesOfDifferentTagsAllSurvive() throws Exception {
        List<Api.Response> answers = AtOnce.run(CLIENTS, i -> ana.patch(M, Map.of("tags", Map.of("t" + i, "v" + i))));

        assertThat(AtOnce.statuses(answers)).containsOnly(200);
        JsonNode tags = ok(ana.get(M)).get("tags");
        for (int i = 0; i < CLIENTS; i++) {
            assertThat(tags.path("t" + i).asText()).as("tag t%d", i).isEqualTo("v" + i);
        }
        assertChained("model.update", CLIENTS);
    }

    @Test
    void sixteenConcurrentVersionPatchesOfDifferentTagsAllSurvive() throws Exception {
        List<Api.Response> answers = AtOnce.run(CLIENTS, i -> ana.patch(M + "/versions/1",
                Map.of("tags", Map.of("t" + i, "v" + i), "reason", "client " + i)));

        assertThat(AtOnce.statuses(answers)).containsOnly(200);
        JsonNode tags = ok(ana.get(M + "/versions/1")).get("version").get("tags");
        for (int i = 0; i < CLIENTS; i++) {
            assertThat(tags.path("t" + i).asText()).as("tag t%d", i).isEqualTo("v" + i);
        }
        assertChained("version.update", CLIENTS);
    }

    @Test
    void concurrentPolicyChangesEachAuditTheStateTheyReplaced() throws Exception {
        List<Api.Response> answers = AtOnce.run(CLIENTS, i -> ana.put(M + "/policy", Map.of("production",
                Map.of("approvals", i % 4, "cardFields", List.of()), "reason", "client " + i)));

        assertThat(AtOnce.statuses(answers)).containsOnly(200);
        assertChained("model.policy", CLIENTS);
    }

    @Test
    void aDescriptionPatchAndATagPatchAtOnceBothSurvive() throws Exception {
        List<Api.Response> answers = AtOnce.run(2, i -> i == 0
                ? ana.patch(M, Map.of("description", "predicts churn"))
                : ana.patch(M, Map.of("tags", Map.of("team", "growth"))));

        assertThat(AtOnce.statuses(answers)).containsOnly(200);
        JsonNode m = ok(ana.get(M));
        assertThat(m.get("description").asText()).isEqualTo("predicts churn");
        assertThat(m.get("tags").get("team").asText()).isEqualTo("growth");
    }

    @Test
    void aTagSetToNullIsRemovedAndOthersAreKept() {
        ok(ana.patch(M, Map.of("tags", Map.of("team", "growth", "tier", "gold"))));
        java.util.Map<String, Object> remove = new java.util.HashMap<>();
        remove.put("tier", null);

        JsonNode m = ok(ana.patch(M, Map.of("tags", remove)));

        assertThat(m.get("tags").get("team").asText()).isEqualTo("growth");
        assertThat(m.get("tags").has("tier")).isFalse();
    }

    /** The events of {@code action}, in the order they were appended, each starting where the one before ended. */
    private static void assertChained(String action, int expected) {
        List<Record> events = Graph.rows("""
                MATCH (e:AuditEvent {action: $a})
                RETURN e.before AS before, e.after AS after
                ORDER BY e.seq""", "a", action);
        assertThat(events).hasSize(expected);
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).get("before").asString(null)).as("before of event %d", i)
                    .isEqualTo(events.get(i - 1).get("after").asString(null));
        }
    }
}
