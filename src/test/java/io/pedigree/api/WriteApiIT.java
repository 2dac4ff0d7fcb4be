package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class WriteApiIT extends PedigreeIT {

    private Api.Response put(String key, Map<String, Object> properties) {
        return admin.put("/api/v1/nodes", Map.of("key", key, "properties", properties));
    }

    private JsonNode node(String key) {
        Api.Response r = admin.get("/api/v1/node?key=" + Api.q(key));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "model:team/fraud-detector:large@v1.2",
            "dataset:my data set@1",
            "dataset:{postgres://db:5432}public.transactions@2026-10-01",
            "person:ana@acme.com",
            "model:caf\u00e9-\u6a21\u578b@\u7248\u672c1",
            "model:100%25 pure@1",
            "model:a%7Bb%7Dc@1",
            "model:user%40example@2",
            "dataset:s3://bucket/a+b?c=d&e#f@1",
    })
    void canonicalKeysRoundTripThroughPutAndGet(String key) {
        Api.Response created = put(key, Map.of("team", "fraud"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("outcome").asText()).isEqualTo("created");
        JsonNode read = node(key);
        assertThat(read.get("key").asText()).isEqualTo(key);
        assertThat(read.get("properties").get("team").asText()).isEqualTo("fraud");
        assertThat(Graph.count("MATCH (n:Node {key: $key}) RETURN count(n) AS c", "key", key)).isEqualTo(1);
    }

    @Test
    void keysAreStoredInCanonicalFormWhateverEscapesOrUnicodeFormTheyArriveIn() {
        Api.Response created = put("dataset:cafe\u0301/%66x@1", Map.of());

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("key").asText()).as("the answer names the key as stored")
                .isEqualTo("dataset:caf\u00e9/fx@1");

        JsonNode read = node("dataset:caf\u00e9/fx@1");
        assertThat(read.get("key").asText()).isEqualTo("dataset:caf\u00e9/fx@1");
        assertThat(read.get("name").asText()).isEqualTo("caf\u00e9/fx");
        assertThat(read.get("version").asText()).isEqualTo("1");
        assertThat(put("dataset:caf\u00e9/fx@1", Map.of()).json().get("outcome").asText()).isEqualTo("unchanged");
    }

    @Test
    void openLineageNamespaceIsReadBackAsItsOwnField() {
        put("dataset:{postgres://db:5432}public.transactions@2026-10-01", Map.of());

        JsonNode read = node("dataset:{postgres://db:5432}public.transactions@2026-10-01");
        assertThat(read.get("namespace").asText()).isEqualTo("postgres://db:5432");
        assertThat(read.get("name").asText()).isEqualTo("public.transactions");
        assertThat(read.get("family").asText()).isEqualTo("dataset:{postgres://db:5432}public.transactions");
    }

    @Test
    void malformedKeyIsRefusedNamingTheKeyField() {
        assertProblem(put("model:a%zz@1", Map.of()), 400, "key");
        assertProblem(admin.get("/api/v1/node?key=" + Api.q("model:a%zz@1")), 400, "key");
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void unknownKeyReadsAs404NamingTheKey() {
        assertProblem(admin.get("/api/v1/node?key=" + Api.q("model:nope@1")), 404, "key");
    }

    @Test
    void sameContentForAnImmutableKeyIsUnchanged() {
        Map<String, Object> props = Map.of("sha256", "ab12", "rows", 1000, "tags", List.of("pii"));
        assertThat(put("dataset:tx@1", props).status()).isEqualTo(201);
        String createdAt = node("dataset:tx@1").get("createdAt").asText();

        Api.Response again = put("dataset:tx@1", props);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("outcome").asText()).isEqualTo("unchanged");
        assertThat(node("dataset:tx@1").get("createdAt").asText()).isEqualTo(createdAt);
        assertThat(Graph.count("MATCH (n:Node {key: 'dataset:tx@1'}) RETURN count(n) AS c")).isEqualTo(1);
    }

    @Test
    void differentContentForAnImmutableKeyIsAConflictListingTheDifferences() {
        put("model:fraud@1", Map.of("auc", 0.91, "framework", "xgboost"));

        Api.Response r = put("model:fraud@1", Map.of("auc", 0.95, "framework", "xgboost"));

        JsonNode p = assertProblem(r, 409);
        JsonNode diff = p.get("differences").get(0);
        assertThat(diff.get("key").asText()).isEqualTo("model:fraud@1");
        assertThat(diff.get("differences")).hasSize(1);
        assertThat(diff.get("differences").get(0).get("property").asText()).isEqualTo("auc");
        assertThat(diff.get("differences").get(0).get("recorded").asDouble()).isEqualTo(0.91);
        assertThat(diff.get("differences").get(0).get("given").asDouble()).isEqualTo(0.95);
        assertThat(node("model:fraud@1").get("properties").get("auc").asDouble()).isEqualTo(0.91);
    }

    @Test
    void unversionedImmutableKindsAreImmutableToo() {
        put("evaluation:holdout", Map.of("metric", "auc"));

        assertProblem(put("evaluation:holdout", Map.of("metric", "f1")), 409);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deployment:fraud-api", "person:ana@acme.com", "run:train@r1", "model:fraud"})
    void mutableKindsRunVersionsAndFamiliesAreUpdated(String key) {
        assertThat(put(key, Map.of("status", "started", "old", true)).status()).isEqualTo(201);

        Api.Response r = put(key, Map.of("status", "finished"));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("outcome").asText()).isEqualTo("updated");
        JsonNode read = node(key);
        assertThat(read.get("properties").get("status").asText()).isEqualTo("finished");
        assertThat(read.get("properties").has("old")).as("properties are replaced, not merged").isFalse();
        assertThat(read.get("immutable").asBoolean()).isFalse();
        assertThat(read.get("updatedAt").asText()).isNotEqualTo(read.get("createdAt").asText());
        assertThat(Graph.count("MATCH (n:Node {key: $key}) RETURN count(n) AS c", "key", key)).isEqualTo(1);
        assertThat(Graph.count("MATCH (n:Node {key: $key}) WHERE n.`p.old` IS NOT NULL RETURN count(n) AS c",
                "key", key)).as("no stale searchable copy").isZero();
    }

    @Test
    void familyCreatedByItsFirstVersionCanBeDescribedLater() {
        put("model:fraud@1", Map.of());

        Api.Response r = put("model:fraud", Map.of("description", "fraud scoring"));

        assertThat(r.json().get("outcome").asText()).isEqualTo("updated");
        JsonNode family = node("model:fraud");
        assertThat(family.get("properties").get("description").asText()).isEqualTo("fraud scoring");
        assertThat(family.get("versions")).extracting(JsonNode::asText).containsExactly("model:fraud@1");
        assertThat(node("model:fraud@1").get("family").asText()).isEqualTo("model:fraud");
    }

    @Test
    void relationIsCreatedOnceAndThenUnchanged() {
        put("dataset:tx@1", Map.of());
        put("run:train@r1", Map.of());
        Map<String, Object> rel = Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:tx@1");

        Api.Response first = admin.post("/api/v1/relations", rel);
        Api.Response second = admin.post("/api/v1/relations", rel);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().get("outcome").asText()).isEqualTo("created");
        assertThat(admin.post("/api/v1/relations", Map.of("from", "run:train@r1", "type", "used",
                "to", "dataset:tx@1")).json().get("type").asText()).isEqualTo("USED");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("outcome").asText()).isEqualTo("unchanged");
        assertThat(Graph.count("MATCH (:Run)-[r:USED]->(:Dataset) RETURN count(r) AS c")).isEqualTo(1);
    }

    @Test
    void relationReSentWithOtherPropertiesOrAnotherEndIsAConflictAndWritesNothing() {
        put("dataset:tx@1", Map.of());
        put("run:train@r1", Map.of());
        assertThat(admin.post("/api/v1/relations", Map.of("from", "run:train@r1", "type", "USED",
                "to", "dataset:tx@1", "properties", Map.of("rows", 10))).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/relations", Map.of("from", "run:train@r1", "type", "USED", "to",
                "dataset:tx@1", "validFrom", "2026-01-01T00:00:00Z", "validTo", "2026-02-01T00:00:00Z")).status())
                .isEqualTo(201);
        long events = Graph.count("MATCH (e:AuditEvent) RETURN count(e) AS c");

        Api.Response otherProps = admin.post("/api/v1/relations", Map.of("from", "run:train@r1", "type", "USED",
                "to", "dataset:tx@1", "properties", Map.of("rows", 11)));
        Api.Response otherEnd = admin.post("/api/v1/relations", Map.of("from", "run:train@r1", "type", "USED", "to",
                "dataset:tx@1", "validFrom", "2026-01-01T00:00:00Z", "validTo", "2026-03-01T00:00:00Z"));

        assertThat(otherProps.status()).as(otherProps.body()).isEqualTo(409);
        assertThat(otherProps.body()).contains("rows");
        assertThat(otherEnd.status()).as(otherEnd.body()).isEqualTo(409);
        assertThat(otherEnd.body()).contains("validTo", "2026-02-01T00:00:00Z");
        assertThat(Graph.count("MATCH (:Run)-[r:USED]->(:Dataset) RETURN count(r) AS c")).isEqualTo(2);
        assertThat(Graph.count("MATCH (e:AuditEvent) RETURN count(e) AS c")).isEqualTo(events);
    }

    @Test
    void relationToAnUnrecordedNodeIsRefusedNamingTheEnd() {
        put("run:train@r1", Map.of());

        Api.Response r = admin.post("/api/v1/relations",
                Map.of("from", "run:train@r1", "type", "USED", "to", "dataset:missing@1"));

        assertProblem(r, 400, "to");
        assertThat(Graph.count("MATCH ()-[r:USED]->() RETURN count(r) AS c")).isZero();
    }

    @Test
    void relationBetweenKindsItDoesNotConnectIsRefusedNamingTheEnd() {
        put("dataset:tx@1", Map.of());
        put("deployment:api", Map.of());

        assertProblem(admin.post("/api/v1/relations",
                Map.of("from", "deployment:api", "type", "SERVES", "to", "dataset:tx@1")), 400, "to");
        assertProblem(admin.post("/api/v1/relations",
                Map.of("from", "dataset:tx@1", "type", "SERVES", "to", "deployment:api")), 400, "from");
        assertProblem(admin.post("/api/v1/relations",
                Map.of("from", "dataset:tx@1", "type", "VERSION_OF", "to", "dataset:tx")), 400, "type");
        assertProblem(admin.post("/api/v1/relations",
                Map.of("from", "dataset:tx@1", "type", "COPIED", "to", "dataset:tx")), 400, "type");
    }

    @Test
    void ownerIsRecordedAsAPersonAndReplacesTheEarlierOwner() {
        admin.put("/api/v1/nodes", Map.of("key", "deployment:api", "owner", "person:ana@acme.com"));
        assertThat(node("deployment:api").get("owners")).extracting(JsonNode::asText)
                .containsExactly("person:ana@acme.com");

        admin.put("/api/v1/nodes", Map.of("key", "deployment:api", "owner", "person:bo@acme.com"));

        assertThat(node("deployment:api").get("owners")).extracting(JsonNode::asText)
                .containsExactly("person:bo@acme.com");
        assertThat(node("person:ana@acme.com").get("kind").asText()).isEqualTo("person");
        assertThat(Graph.count("MATCH (:Deployment)-[o:OWNED_BY]->() WHERE o.validTo IS NOT NULL "
                + "RETURN count(o) AS c")).as("the earlier ownership is closed, not deleted").isEqualTo(1);
    }

    @Test
    void ownerMustBeAPerson() {
        assertProblem(admin.put("/api/v1/nodes", Map.of("key", "deployment:api", "owner", "model:fraud@1")),
                400, "owner");
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void writesRecordWhoWroteThem() {
        Api ci = admin.withNewToken("ci-bot", "writer");

        ci.put("/api/v1/nodes", Map.of("key", "deployment:api"));

        assertThat(node("deployment:api").get("createdBy").asText()).isEqualTo("ci-bot");
    }
}
