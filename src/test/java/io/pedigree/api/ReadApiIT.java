package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class ReadApiIT extends PedigreeIT {

    private JsonNode get(String pathAndQuery) {
        Api.Response r = admin.get(pathAndQuery);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private List<String> keys(String query) {
        return get("/api/v1/nodes?" + query).get("items").findValuesAsText("key");
    }

    private void recordCatalog() {
        Lineage.of()
                .node("model:Fraud-Detector@1", Map.of("team", "fraud", "epochs", 10, "tags", List.of("pii", "eu"),
                        "approved", true))
                .node("model:fraud-detector@2", Map.of("team", "fraud", "epochs", 12.5, "tags", List.of("eu")))
                .node("model:churn@1", Map.of("team", "growth", "epochs", 10))
                .node("dataset:transactions@1", Map.of("team", "fraud", "rows", 1000))
                .nodeBody(Map.of("key", "deployment:fraud-api", "owner", "person:ana@acme.com"))
                .nodeBody(Map.of("key", "deployment:churn-api", "owner", "person:bo@acme.com"))
                .writeWith(admin);
    }

    @Test
    void nodeDetailShowsFamilyVersionsOwnersAndRelationCounts() {
        Lineage.of()
                .nodeBody(Map.of("key", "model:fraud@1", "validFrom", "2025-01-01"))
                .nodeBody(Map.of("key", "model:fraud@2", "validFrom", "2025-02-01"))
                .nodeBody(Map.of("key", "model:fraud@3", "validFrom", "2025-03-01"))
                .node("run:train@r1", "dataset:tx@1", "evaluation:holdout")
                .nodeBody(Map.of("key", "deployment:fraud-api", "owner", "person:ana@acme.com"))
                .rel("model:fraud@2", "WAS_GENERATED_BY", "run:train@r1")
                .rel("run:train@r1", "USED", "dataset:tx@1")
                .rel("evaluation:holdout", "EVALUATES", "model:fraud@2")
                .rel("deployment:fraud-api", "SERVES", "model:fraud@2")
                .writeWith(admin);

        JsonNode family = get("/api/v1/node?key=" + Api.q("model:fraud"));
        JsonNode version = get("/api/v1/node?key=" + Api.q("model:fraud@2"));
        JsonNode deployment = get("/api/v1/node?key=" + Api.q("deployment:fraud-api"));

        assertThat(family.get("versions")).extracting(JsonNode::asText)
                .containsExactly("model:fraud@3", "model:fraud@2", "model:fraud@1");
        assertThat(family.get("versionCount").asLong()).isEqualTo(3);
        assertThat(family.get("relations").at("/incoming/VERSION_OF").asLong()).isEqualTo(3);
        assertThat(version.get("family").asText()).isEqualTo("model:fraud");
        assertThat(version.get("kind").asText()).isEqualTo("model");
        assertThat(version.get("version").asText()).isEqualTo("2");
        assertThat(version.get("immutable").asBoolean()).isTrue();
        assertThat(version.get("validFrom").asText()).startsWith("2025-02-01T00:00");
        assertThat(version.get("contentHash").asText()).hasSize(64);
        assertThat(version.at("/relations/outgoing/WAS_GENERATED_BY").asLong()).isEqualTo(1);
        assertThat(version.at("/relations/outgoing/VERSION_OF").asLong()).isEqualTo(1);
        assertThat(version.at("/relations/incoming/EVALUATES").asLong()).isEqualTo(1);
        assertThat(version.at("/relations/incoming/SERVES").asLong()).isEqualTo(1);
        assertThat(deployment.get("owners")).extracting(JsonNode::asText).containsExactly("person:ana@acme.com");
        assertThat(deployment.at("/relations/outgoing/OWNED_BY").asLong()).isEqualTo(1);
    }

    @Test
    void listFiltersByKind() {
        recordCatalog();

        assertThat(keys("kind=deployment")).containsExactly("deployment:churn-api", "deployment:fraud-api");
        assertThat(keys("kind=person")).containsExactly("person:ana@acme.com", "person:bo@acme.com");
    }

    @Test
    void listSearchesNameSubstringsIgnoringCase() {
        recordCatalog();

        assertThat(keys("q=DETECT")).containsExactly("model:Fraud-Detector", "model:Fraud-Detector@1",
                "model:fraud-detector", "model:fraud-detector@2");
        assertThat(keys("q=fraud&kind=deployment")).containsExactly("deployment:fraud-api");
        assertThat(keys("q=nothing-like-this")).isEmpty();
    }

    @Test
    void listFiltersByKeyPrefix() {
        recordCatalog();

        assertThat(keys("prefix=" + Api.q("model:fraud-detector@"))).containsExactly("model:fraud-detector@2");
        assertThat(keys("prefix=" + Api.q("dataset:"))).containsExactly("dataset:transactions",
                "dataset:transactions@1");
    }

    @Test
    void listFiltersByStringNumberListAndBooleanPropertyValues() {
        recordCatalog();

        assertThat(keys("property=team&value=fraud")).containsExactly("dataset:transactions@1",
                "model:Fraud-Detector@1", "model:fraud-detector@2");
        assertThat(keys("property=epochs&value=10")).containsExactly("model:Fraud-Detector@1", "model:churn@1");
        assertThat(keys("property=epochs&value=12.5")).containsExactly("model:fraud-detector@2");
        assertThat(keys("property=tags&value=pii")).containsExactly("model:Fraud-Detector@1");
        assertThat(keys("property=tags&value=eu")).containsExactly("model:Fraud-Detector@1",
                "model:fraud-detector@2");
        assertThat(keys("property=approved&value=true")).containsExactly("model:Fraud-Detector@1");
        assertThat(keys("property=team&value=fraud&kind=dataset")).containsExactly("dataset:transactions@1");
    }

    @Test
    void searchTermsAreMatchedAsDataNeverRunAsCypher() {
        recordCatalog();

        assertThat(keys("q=" + Api.q("') OR true //"))).isEmpty();
        assertThat(keys("property=" + Api.q("team`] OR true //") + "&value=x")).isEmpty();
        assertThat(keys("prefix=" + Api.q("' OR 1=1 //"))).isEmpty();
        assertThat(keys("kind=model")).as("three versions and their families").hasSize(6);
    }

    @Test
    void propertyAndValueGoTogether() {
        assertProblem(admin.get("/api/v1/nodes?property=team"), 400, "value");
        assertProblem(admin.get("/api/v1/nodes?value=fraud"), 400, "property");
    }

    @Test
    void listFiltersByCurrentOwner() {
        recordCatalog();
        admin.put("/api/v1/nodes", Map.of("key", "deployment:churn-api", "owner", "person:ana@acme.com"));

        assertThat(keys("owner=" + Api.q("person:ana@acme.com")))
                .containsExactly("deployment:churn-api", "deployment:fraud-api");
        assertThat(keys("owner=" + Api.q("person:bo@acme.com"))).as("ownership moved on").isEmpty();
    }

    @Test
    void cursorPaginationVisitsEveryItemExactlyOnce() {
        Lineage all = Lineage.of();
        for (int i = 0; i < 23; i++) {
            all.node("deployment:api-" + i);
        }
        all.writeWith(admin);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = get("/api/v1/nodes?kind=deployment&limit=5" + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("items").forEach(n -> seen.add(n.get("key").asText()));
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(23).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void lastFullPageHasNoCursor() {
        Lineage.of().node("deployment:a", "deployment:b").writeWith(admin);

        JsonNode page = get("/api/v1/nodes?kind=deployment&limit=2");

        assertThat(page.get("items")).hasSize(2);
        assertThat(page.path("nextCursor").isMissingNode() || page.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void cursorNotHandedOutByTheServerIsRefused() {
        assertProblem(admin.get("/api/v1/nodes?cursor=" + Api.q("not a cursor!")), 400, "cursor");
    }

    @Test
    void limitOutsideItsBoundsIsRefused() {
        assertProblem(admin.get("/api/v1/nodes?limit=0"), 400, "limit");
        assertProblem(admin.get("/api/v1/nodes?limit=1001"), 400, "limit");
        assertProblem(admin.get("/api/v1/nodes?limit=ten"), 400, "limit");
    }

    @Test
    void listItemsCarryTheirProperties() {
        recordCatalog();

        JsonNode item = get("/api/v1/nodes?prefix=" + Api.q("dataset:transactions@")).get("items").get(0);

        assertThat(item.at("/properties/rows").asInt()).isEqualTo(1000);
        assertThat(item.get("version").asText()).isEqualTo("1");
        assertThat(item.get("createdBy").asText()).isEqualTo("admin");
    }

    @Test
    void modelDescribesKindsAndTheEndsEachRelationConnects() {
        JsonNode model = get("/api/v1/model");

        assertThat(model.get("kinds").findValuesAsText("kind")).contains("model", "dataset", "deployment", "person");
        JsonNode serves = null;
        for (JsonNode r : model.get("relations")) {
            if (r.get("type").asText().equals("SERVES")) {
                serves = r;
            }
        }
        assertThat(serves).isNotNull();
        assertThat(serves.get("from")).extracting(JsonNode::asText).containsExactly("deployment");
    }

    @Test
    void whoamiNamesTheCallerAndItsEffectiveRoles() {
        JsonNode me = admin.withNewToken("ci-bot", "writer").get("/api/v1/whoami").json();

        assertThat(me.get("principal").asText()).isEqualTo("ci-bot");
        assertThat(me.get("roles")).extracting(JsonNode::asText).containsExactly("reader", "writer");
    }
}
