package io.pedigree.corrections;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasing a person removes their properties and e-mail address from the graph and from the audit log's content,
 * replaces their key by a pseudonym, and leaves an audit chain that still verifies and still catches edits.
 */
class ErasingPersonalDataIT extends PedigreeIT {

    private static final String ANA = "person:ana@acme.com";
    private static final List<String> PERSONAL = List.of("ana@acme.com", "Ana Souza", "+351 912 345 678");

    @BeforeEach
    void anaIsEverywhere() {
        ok(admin.put("/api/v1/nodes", Map.of("key", ANA, "properties", Map.of("email", "ana@acme.com",
                "fullName", "Ana Souza", "phone", "+351 912 345 678"))));
        ok(admin.put("/api/v1/nodes", Map.of("key", "dataset:tx@1", "owner", ANA,
                "properties", Map.of("note", "ask ANA@acme.com before use"))));
        ok(admin.put("/api/v1/nodes", Map.of("key", "run:train@r1")));
        ok(admin.post("/api/v1/relations", Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:tx@1",
                "properties", Map.of("approvedBy", "ana@acme.com"))));
        ok(admin.post("/api/v1/models", Map.of("name", "churn", "owner", ANA,
                "description", "questions to ana@acme.com")));
        ok(admin.post("/api/v1/quarantines", Map.of("key", "dataset:tx@1", "reason", "ana@acme.com reported PII")));
        // Ana is also a principal: the audit log names her as the actor of her own writes.
        ok(admin.withNewToken("ana@acme.com", "writer").put("/api/v1/nodes", Map.of("key", "dataset:by-ana@1")));
    }

    @Test
    void afterErasureNoAnswerHoldsThePersonsDataAndTheChainStillVerifies() {
        Api.Response r = admin.post("/api/v1/admin/erasures", Map.of("key", ANA,
                "reason", "erasure request 17 from ana@acme.com"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String pseudonym = r.json().path("pseudonym").asText();
        assertThat(pseudonym).startsWith("person:erased-");
        assertThat(r.json().path("auditEvents").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode v = admin.get("/api/v1/audit/verify").json();
        assertThat(v.path("ok").asBoolean()).as("%s", v).isTrue();
        for (String path : List.of("/api/v1/node?key=" + Api.q("dataset:tx@1"),
                "/api/v1/node?key=" + Api.q(pseudonym), "/api/v1/nodes?kind=person", "/api/v1/nodes",
                "/api/v1/lineage?key=" + Api.q("run:train@r1") + "&direction=both",
                "/api/v1/impact?key=" + Api.q("dataset:tx@1"), "/api/v1/models", "/api/v1/models/churn",
                "/api/v1/quarantines", "/api/v1/audit?limit=1000", "/api/v1/audit/export?format=jsonl",
                "/api/v1/audit/export?format=csv")) {
            Api.Response answer = admin.get(path);
            assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(200);
            for (String personal : PERSONAL) {
                assertThat(answer.body().toLowerCase()).as(path).doesNotContain(personal.toLowerCase());
            }
        }
        assertProblem(admin.get("/api/v1/node?key=" + Api.q(ANA)), 404, "key");
        JsonNode person = admin.get("/api/v1/node?key=" + Api.q(pseudonym)).json();
        assertThat(person.path("properties").path("fullName").asText()).isEqualTo("[erased]");
        assertThat(admin.get("/api/v1/node?key=" + Api.q("dataset:tx@1")).json().path("owners").toString())
                .contains(pseudonym);
        String holds = " WHERE any(k IN keys(x) WHERE (x[k] IS :: STRING AND toLower(x[k]) CONTAINS 'ana@acme')"
                + " OR (x[k] IS :: LIST<STRING> AND any(i IN x[k] WHERE toLower(i) CONTAINS 'ana@acme')))";
        // Her API token stays an account under her principal name until an admin revokes it (docs/api.md).
        assertThat(Graph.count("MATCH (x) WHERE NOT x:ApiToken WITH x" + holds + " RETURN count(x) AS c")).isZero();
        assertThat(Graph.count("MATCH ()-[x]->()" + holds + " RETURN count(x) AS c")).isZero();
    }

    @Test
    void aPersonAmongTheKeysOfALargeBatchIsErasedThereToo() {
        List<Map<String, Object>> owned = new java.util.ArrayList<>();
        List<Map<String, Object>> ownedBy = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            owned.add(Map.of("key", "dataset:owned-" + i + "@1"));
            ownedBy.add(Map.of("from", "dataset:owned-" + i + "@1", "type", "OWNED_BY", "to", ANA));
        }
        // Sorted, the person's key comes after the first 100 keys, which are all the event lists itself.
        ok(admin.post("/api/v1/batch", Map.of("nodes", owned, "relations", ownedBy)));
        assertThat(admin.get("/api/v1/audit?action=batch.write&target=" + Api.q(ANA)).json().path("items"))
                .hasSize(1);

        String pseudonym = admin.post("/api/v1/admin/erasures", Map.of("key", ANA, "reason", "request 18")).json()
                .path("pseudonym").asText();

        assertThat(admin.get("/api/v1/audit?target=" + Api.q(ANA)).json().path("items")).isEmpty();
        assertThat(admin.get("/api/v1/audit?action=batch.write&target=" + Api.q(pseudonym)).json().path("items"))
                .hasSize(1);
        assertThat(Graph.count("MATCH (k:AuditKeys) WHERE any(x IN k.keys WHERE x CONTAINS 'ana@') "
                + "RETURN count(k) AS c")).isZero();
        assertThat(admin.get("/api/v1/audit/verify").json().path("ok").asBoolean()).isTrue();
    }

    @Test
    void theErasureIsAuditedWithoutTheErasedData() {
        String pseudonym = admin.post("/api/v1/admin/erasures", Map.of("key", ANA,
                "reason", "request 17 from ana@acme.com")).json().path("pseudonym").asText();

        assertThat(admin.get("/api/v1/audit?target=" + Api.q(pseudonym)).json().path("items").toString())
                .contains("node.write", "personal-data.erase");
        JsonNode items = admin.get("/api/v1/audit?action=personal-data.erase").json().path("items");

        assertThat(items).hasSize(1);
        assertThat(items.get(0).path("actor").asText()).isEqualTo("admin");
        assertThat(items.get(0).path("reason").asText()).isEqualTo("request 17 from [erased]");
        assertThat(items.get(0).path("target").asText()).startsWith("person:erased-");
    }

    @Test
    void editingAnErasedEventOrTheErasureIsStillCaught() {
        JsonNode done = admin.post("/api/v1/admin/erasures", Map.of("key", ANA, "reason", "request 17")).json();
        long erased = done.path("auditEventsChanged").get(0).asLong();
        long erasure = done.path("auditEvent").asLong();

        Graph.rows("MATCH (e:AuditEvent {seq: $seq}) SET e.reason = 'someone else'", "seq", erased);
        JsonNode v = admin.get("/api/v1/audit/verify").json();
        assertThat(v.path("ok").asBoolean()).as("%s", v).isFalse();
        assertThat(v.at("/firstBroken/seq").asLong()).isEqualTo(erased);

        Graph.rows("MATCH (e:AuditEvent {seq: $seq}) SET e.reason = 'request 18'", "seq", erasure);
        JsonNode range = admin.get("/api/v1/audit/verify?fromSeq=" + erasure).json();
        assertThat(range.path("ok").asBoolean()).as("%s", range).isFalse();
        assertThat(range.at("/firstBroken/seq").asLong()).isEqualTo(erasure);
    }

    @Test
    void onlyAnAdminErasesAndOnlyAPerson() {
        Api writer = admin.withNewToken("ci-bot", "writer");

        assertThat(writer.post("/api/v1/admin/erasures", Map.of("key", ANA, "reason", "x")).status())
                .isEqualTo(403);
        assertProblem(admin.post("/api/v1/admin/erasures", Map.of("key", "dataset:tx@1", "reason", "x")), 400,
                "key");
        assertProblem(admin.post("/api/v1/admin/erasures", Map.of("key", ANA)), 400, "reason");
        assertProblem(admin.post("/api/v1/admin/erasures", Map.of("key", "person:nobody", "reason", "x")), 404,
                "key");
    }

    private static void ok(Api.Response r) {
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }
}
