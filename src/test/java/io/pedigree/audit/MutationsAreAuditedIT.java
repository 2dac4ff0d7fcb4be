package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of change appends exactly one event, naming who did what to which key; no change appends none. */
class MutationsAreAuditedIT extends PedigreeIT {

    private Api ci;

    @BeforeEach
    void writer() {
        ci = admin.withNewToken("ci-bot", "writer");
    }

    /** Runs a request and returns the events it appended. */
    private List<JsonNode> appendedBy(Runnable request) {
        long before = AuditTrail.lastSeq(admin);
        request.run();
        return AuditTrail.after(admin, before);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    @Test
    void nodeWriteAppendsOneEventAndTheSameNodeAgainAppendsNone() {
        Map<String, Object> body = Map.of("key", "model:fraud@1", "properties", Map.of("auc", 0.91));

        List<JsonNode> first = appendedBy(() -> assertThat(ci.put("/api/v1/nodes", body).status()).isEqualTo(201));
        List<JsonNode> again = appendedBy(() -> assertThat(ci.put("/api/v1/nodes", body).status()).isEqualTo(200));

        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.path("action").asText()).isEqualTo("node.write");
            assertThat(e.path("actor").asText()).isEqualTo("ci-bot");
            assertThat(e.path("target").asText()).isEqualTo("model:fraud@1");
            assertThat(e.path("after").asText()).hasSize(64);
            assertThat(e.path("at").asText()).endsWith("Z");
        });
        assertThat(again).isEmpty();
    }

    @Test
    void relationWriteAppendsOneEventNamingBothEnds() {
        Lineage.of().node("dataset:raw@1", "dataset:clean@1").writeWith(ci);
        Map<String, Object> body = Map.of("from", "dataset:clean@1", "type", "DERIVED_FROM", "to", "dataset:raw@1");

        List<JsonNode> first = appendedBy(() -> assertThat(ci.post("/api/v1/relations", body).status())
                .isEqualTo(201));
        List<JsonNode> again = appendedBy(() -> assertThat(ci.post("/api/v1/relations", body).status())
                .isEqualTo(200));

        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.path("action").asText()).isEqualTo("relation.write");
            assertThat(e.path("actor").asText()).isEqualTo("ci-bot");
            assertThat(e.path("target").asText()).isEqualTo("dataset:clean@1");
            assertThat(texts(e.path("targets"))).containsExactly("dataset:raw@1");
        });
        assertThat(again).isEmpty();
    }

    @Test
    void batchAppendsOneEventListingEveryKeyItTouched() {
        Lineage batch = Lineage.of().node("dataset:raw@1", "dataset:clean@1", "model:fraud@1")
                .rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1");

        List<JsonNode> first = appendedBy(() -> batch.writeWith(ci));
        List<JsonNode> again = appendedBy(() -> batch.writeWith(ci));

        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.path("action").asText()).isEqualTo("batch.write");
            assertThat(e.path("actor").asText()).isEqualTo("ci-bot");
            List<String> keys = new ArrayList<>(texts(e.path("targets")));
            keys.add(e.path("target").asText());
            assertThat(keys).containsExactlyInAnyOrder("dataset:raw@1", "dataset:clean@1", "model:fraud@1");
        });
        assertThat(again).isEmpty();
    }

    @Test
    void batchThatFailsAppendsNothing() {
        Lineage.of().node("dataset:raw@1", Map.of("rows", 10)).writeWith(ci);

        List<JsonNode> dangling = appendedBy(() -> assertProblem(ci.post("/api/v1/batch", Lineage.of()
                .node("dataset:clean@1").rel("dataset:clean@1", "DERIVED_FROM", "dataset:nowhere@1").body()), 400));
        List<JsonNode> conflict = appendedBy(() -> assertProblem(ci.post("/api/v1/batch", Lineage.of()
                .node("model:fraud@1").node("dataset:raw@1", Map.of("rows", 11)).body()), 409));

        assertThat(dangling).isEmpty();
        assertThat(conflict).isEmpty();
    }

    @Test
    void closingARelationAppendsOneEventAndClosingItAgainAppendsNone() {
        Lineage.of().node("dataset:raw@1", "dataset:clean@1").rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1")
                .writeWith(ci);
        Map<String, Object> close = Map.of("from", "dataset:clean@1", "type", "DERIVED_FROM", "to", "dataset:raw@1");

        List<JsonNode> first = appendedBy(() -> assertThat(ci.post("/api/v1/relations/close", close).status())
                .isEqualTo(200));
        List<JsonNode> again = appendedBy(() -> assertProblem(ci.post("/api/v1/relations/close", close), 404));

        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.path("action").asText()).isEqualTo("relation.close");
            assertThat(e.path("actor").asText()).isEqualTo("ci-bot");
            assertThat(e.path("target").asText()).isEqualTo("dataset:clean@1");
            assertThat(texts(e.path("targets"))).containsExactly("dataset:raw@1");
            assertThat(e.path("before").asText()).isNotEqualTo(e.path("after").asText());
        });
        assertThat(again).isEmpty();
    }

    @Test
    void tokenCreationAndRevocationEachAppendOneEventAndRevokingAgainAppendsNone() {
        String[] id = new String[1];
        List<JsonNode> created = appendedBy(() -> {
            Api.Response r = admin.post("/api/v1/admin/tokens", Map.of("principal", "nightly", "roles",
                    List.of("reader"), "description", "nightly export"));
            assertThat(r.status()).isEqualTo(201);
            id[0] = r.json().at("/info/id").asText();
        });
        List<JsonNode> revoked = appendedBy(() -> assertThat(admin.delete("/api/v1/admin/tokens/" + id[0]).status())
                .isEqualTo(200));
        List<JsonNode> again = appendedBy(() -> assertThat(admin.delete("/api/v1/admin/tokens/" + id[0]).status())
                .isEqualTo(200));

        assertThat(created).singleElement().satisfies(e -> {
            assertThat(e.path("action").asText()).isEqualTo("token.create");
            assertThat(e.path("actor").asText()).isEqualTo("admin");
            assertThat(e.path("target").asText()).isEqualTo("token:" + id[0]);
            assertThat(e.path("reason").asText()).isEqualTo("nightly export");
            assertThat(e.toString()).doesNotContain("pdg_");
        });
        assertThat(revoked).singleElement().satisfies(e -> {
            assertThat(e.path("action").asText()).isEqualTo("token.revoke");
            assertThat(e.path("actor").asText()).isEqualTo("admin");
            assertThat(e.path("target").asText()).isEqualTo("token:" + id[0]);
        });
        assertThat(again).isEmpty();
    }

    @Test
    void refusedRequestsAppendNothing() {
        Api reader = admin.withNewToken("viewer", "reader");

        List<JsonNode> events = appendedBy(() -> {
            assertProblem(reader.put("/api/v1/nodes", Map.of("key", "model:fraud@1")), 403);
            assertProblem(ci.put("/api/v1/nodes", Map.of("key", "not a key")), 400);
            assertProblem(ci.delete("/api/v1/admin/tokens/nope"), 403);
        });

        assertThat(events).isEmpty();
    }

    @Test
    void eventsOfEveryKindFormOneChainThatVerifies() {
        Lineage.of().node("dataset:raw@1", "dataset:clean@1").rel("dataset:clean@1", "DERIVED_FROM", "dataset:raw@1")
                .writeWith(ci);
        ci.put("/api/v1/nodes", Map.of("key", "model:fraud@1"));
        ci.post("/api/v1/relations/close", Map.of("from", "dataset:clean@1", "type", "DERIVED_FROM",
                "to", "dataset:raw@1"));
        admin.withNewToken("someone", "reader");

        List<JsonNode> events = AuditTrail.all(admin);
        JsonNode v = AuditTrail.verify(admin);

        assertThat(events).extracting(e -> e.path("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(events).extracting(e -> e.path("action").asText()).containsExactly("token.install",
                "token.create", "batch.write", "node.write", "relation.close", "token.create");
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).path("prevHash").asText()).isEqualTo(events.get(i - 1).path("hash").asText());
        }
        assertThat(v.path("ok").asBoolean()).as("%s", v).isTrue();
        assertThat(v.path("checked").asLong()).isEqualTo(6);
        assertThat(v.at("/head/seq").asLong()).isEqualTo(6);
        assertThat(v.at("/head/hash").asText()).isEqualTo(events.get(5).path("hash").asText());
        assertThat(v.path("firstBroken").isNull()).isTrue();
    }
}
