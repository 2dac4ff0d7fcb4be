package io.pedigree.api;

import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AuthAndErrorsIT extends PedigreeIT {

    private Api anonymous() {
        return new Api("http://127.0.0.1:" + app.port(), null);
    }

    @Test
    void missingAndUnknownTokensGetTheSame401AndMissingRolesA403() {
        Api.Response missing = anonymous().get("/api/v1/nodes");
        Api.Response unknown = admin.as("pdg_not-a-real-token").get("/api/v1/nodes");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(unknown.json().get("detail")).isEqualTo(missing.json().get("detail"));

        Api reader = admin.withNewToken("auditor", "reader");
        assertThat(reader.get("/api/v1/nodes").status()).isEqualTo(200);
        Api.Response write = reader.put("/api/v1/nodes", Map.of("key", "dataset:x@1"));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.contentType()).startsWith("application/problem+json");
        Api writer = admin.withNewToken("ci-bot", "writer");
        assertThat(writer.get("/api/v1/admin/tokens").status()).isEqualTo(403);
        assertThat(anonymous().get("/api/v1/health").status()).isEqualTo(200);
    }

    @Test
    void tokensAreStoredOnlyAsHashesListedWithoutSecretsAndRevocable() {
        Api.Response created = admin.post("/api/v1/admin/tokens", Map.of("principal", "bot", "roles", List.of("reader")));
        String token = created.json().get("token").asText();
        String id = created.json().get("info").get("id").asText();
        try (var s = TestNeo4j.driver().session()) {
            long holding = s.run("MATCH (t:ApiToken) UNWIND keys(t) AS k WITH t[k] AS v WHERE v = $token "
                    + "RETURN count(*)", Map.of("token", token)).single().get(0).asLong();
            assertThat(holding).isZero();
        }
        String listing = admin.get("/api/v1/admin/tokens").body();
        assertThat(listing).contains(id).doesNotContain(token).doesNotContain("hash");
        assertThat(admin.as(token).get("/api/v1/whoami").json().get("principal").asText()).isEqualTo("bot");
        assertThat(admin.delete("/api/v1/admin/tokens/" + id).status()).isEqualTo(200);
        assertThat(admin.as(token).get("/api/v1/whoami").status()).isEqualTo(401);
    }

    @Test
    void everyErrorIsAProblemDocumentWithoutStackTraces() {
        Api.Response notFound = admin.get("/api/v1/nowhere");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.contentType()).startsWith("application/problem+json");
        Api.Response malformed = admin.postRaw("/api/v1/batch", "application/json", "{\"nodes\": [");
        assertThat(malformed.status()).isEqualTo(400);
        Api.Response unknownField = admin.post("/api/v1/batch", Map.of("nodes", List.of(Map.of("key", "dataset:a@1",
                "colour", "red"))));
        assertThat(unknownField.json().get("field").asText()).isEqualTo("nodes[0].colour");
        Api.Response wrongType = admin.postRaw("/api/v1/batch", "text/plain", "{}");
        assertThat(wrongType.json().get("field").asText()).isEqualTo("Content-Type");
        Api.Response empty = admin.postRaw("/api/v1/batch", "application/json", "");
        assertThat(empty.status()).isEqualTo(400);
        Api.Response wrongMethod = admin.send(admin.builder("/api/v1/lineage").DELETE());
        assertThat(wrongMethod.status()).isEqualTo(405);
        for (Api.Response r : List.of(notFound, malformed, unknownField, wrongType, empty, wrongMethod)) {
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.json().has("type") && r.json().has("title") && r.json().has("status")).isTrue();
            assertThat(r.body()).doesNotContain("\tat ").doesNotContain("io.pedigree.");
        }
    }

    @Test
    void oversizedPropertiesAreRefusedNamingTheField() {
        var tooLong = Map.of("key", "dataset:a@1", "properties", Map.of("notes", "x".repeat(20_000)));
        Api.Response r = admin.put("/api/v1/nodes", tooLong);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("field").asText()).isEqualTo("properties.notes");
        Api.Response badName = admin.put("/api/v1/nodes", Map.of("key", "dataset:a@1",
                "properties", Map.of("bad name!", 1)));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().get("field").asText()).isEqualTo("properties.bad name!");
    }

    @Test
    void aWriteHandsBackABookmarkThatALaterReadMaySend() {
        Api.Response w = admin.put("/api/v1/nodes", Map.of("key", "dataset:a@1"));
        String bookmark = w.headers().firstValue("Pedigree-Bookmark").orElseThrow();
        Api.Response r = admin.send(admin.builder("/api/v1/node?key=" + Api.q("dataset:a@1"))
                .header("Pedigree-Bookmark", bookmark).GET());
        assertThat(r.status()).isEqualTo(200);
    }
}
