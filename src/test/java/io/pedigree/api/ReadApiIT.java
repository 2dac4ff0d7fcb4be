package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReadApiIT extends PedigreeIT {

    private void seed() {
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            nodes.add(Map.of("key", "dataset:Transactions-" + i + "@1",
                    "properties", Map.of("team", i % 2 == 0 ? "fraud" : "risk", "rows", i, "tags", List.of("pii", "t" + i)),
                    "owner", i < 3 ? "person:ana@acme.com" : "person:bo@acme.com"));
        }
        nodes.add(Map.of("key", "model:fraud@1"));
        assertThat(admin.post("/api/v1/batch", Map.of("nodes", nodes)).status()).isEqualTo(200);
    }

    private static List<String> keys(JsonNode page) {
        return page.get("items").findValuesAsText("key");
    }

    @Test
    void filtersCombineAndCursorsWalkEveryItemExactlyOnce() {
        seed();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = admin.get("/api/v1/nodes?kind=dataset&limit=4" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            seen.addAll(keys(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asText();
        } while (cursor != null);
        // 25 versions plus their family nodes, each once, in key order.
        assertThat(seen).hasSize(50).doesNotHaveDuplicates().isSorted();

        assertThat(keys(admin.get("/api/v1/nodes?q=TRANSACTIONS-1&kind=dataset&prefix=" + Api.q("dataset:Transactions-1@")).json()))
                .containsExactly("dataset:Transactions-1@1");
        assertThat(keys(admin.get("/api/v1/nodes?property=team&value=fraud").json())).hasSize(13);
        assertThat(keys(admin.get("/api/v1/nodes?property=rows&value=7").json())).containsExactly("dataset:Transactions-7@1");
        assertThat(keys(admin.get("/api/v1/nodes?property=tags&value=t9").json())).containsExactly("dataset:Transactions-9@1");
        assertThat(keys(admin.get("/api/v1/nodes?owner=" + Api.q("person:ana@acme.com")).json())).hasSize(3);
        assertThat(admin.get("/api/v1/nodes?cursor=@@@").status()).isEqualTo(400);
        assertThat(admin.get("/api/v1/nodes?property=team").json().get("field").asText()).isEqualTo("value");
        assertThat(admin.get("/api/v1/nodes?limit=5000").json().get("field").asText()).isEqualTo("limit");
    }

    @Test
    void aNodeComesWithItsFamilyVersionsOwnersAndRelationCounts() {
        seed();
        JsonNode version = admin.get("/api/v1/node?key=" + Api.q("dataset:Transactions-1@1")).json();
        assertThat(version.get("family").asText()).isEqualTo("dataset:Transactions-1");
        assertThat(version.get("owners").get(0).asText()).isEqualTo("person:ana@acme.com");
        assertThat(version.get("immutable").asBoolean()).isTrue();
        assertThat(version.get("relations").get("outgoing").get("OWNED_BY").asInt()).isEqualTo(1);
        JsonNode family = admin.get("/api/v1/node?key=" + Api.q("dataset:Transactions-1")).json();
        assertThat(family.get("versions").get(0).asText()).isEqualTo("dataset:Transactions-1@1");
        assertThat(family.get("versionCount").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/v1/node?key=" + Api.q("dataset:none@1")).status()).isEqualTo(404);
    }
}
