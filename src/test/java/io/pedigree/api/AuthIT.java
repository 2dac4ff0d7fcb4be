package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class AuthIT extends PedigreeIT {

    private final MutableClock clock = new MutableClock();

    @Override
    protected Clock clock() {
        return clock;
    }

    private static final Map<String, Object> NODE = Map.of("key", "deployment:fraud-api");

    /** Issues a token and returns the whole answer: the secret and what is recorded about it. */
    private JsonNode issue(String principal, String... roles) {
        Api.Response r = admin.post("/api/v1/admin/tokens", Map.of("principal", principal, "roles", List.of(roles),
                "description", "for " + principal));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    private Api anonymous() {
        return admin.as(null);
    }

    @Test
    void missingTokenIs401WithAChallenge() {
        Api.Response r = anonymous().get("/api/v1/nodes");

        assertProblem(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void unknownTokenIs401WithTheSameBodyAsAMissingOne() {
        Api.Response missing = anonymous().get("/api/v1/nodes");
        Api.Response unknown = admin.as("pdg_not-a-real-token").get("/api/v1/nodes");
        Api.Response notBearer = admin.as(null).send(admin.as(null).builder("/api/v1/nodes")
                .header("Authorization", "Basic YWRtaW46YWRtaW4="));
        Api.Response huge = admin.as("x".repeat(600)).get("/api/v1/nodes");

        assertProblem(unknown, 401);
        assertThat(unknown.body()).isEqualTo(missing.body());
        assertThat(notBearer.body()).isEqualTo(missing.body());
        assertThat(huge.body()).isEqualTo(missing.body());
        assertThat(unknown.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void readerCanReadButNotWrite() {
        Api reader = admin.withNewToken("dashboard", "reader");

        assertThat(reader.get("/api/v1/nodes").status()).isEqualTo(200);
        assertProblem(reader.put("/api/v1/nodes", NODE), 403);
        assertProblem(reader.post("/api/v1/batch", Map.of("nodes", List.of(NODE))), 403);
        assertProblem(reader.post("/api/v1/relations", Map.of("from", "a:b", "type", "USED", "to", "c:d")), 403);
        assertThat(Graph.nodes()).isZero();
    }

    @Test
    void writerCanWriteAndRead() {
        Api writer = admin.withNewToken("ci-bot", "writer");

        assertThat(writer.put("/api/v1/nodes", NODE).status()).isEqualTo(201);
        assertThat(writer.get("/api/v1/node?key=" + Api.q("deployment:fraud-api")).status()).isEqualTo(200);
        assertThat(writer.get("/api/v1/lineage?key=" + Api.q("deployment:fraud-api")).status()).isEqualTo(200);
    }

    @Test
    void approverMayRead() {
        assertThat(admin.withNewToken("reviewer", "approver").get("/api/v1/nodes").status()).isEqualTo(200);
    }

    @Test
    void adminEndpointsNeedTheAdminRole() {
        Api writer = admin.withNewToken("ci-bot", "writer");
        Api reader = admin.withNewToken("dashboard", "reader");

        assertProblem(writer.get("/api/v1/admin/tokens"), 403);
        assertProblem(reader.get("/api/v1/admin/tokens"), 403);
        assertProblem(writer.post("/api/v1/admin/tokens", Map.of("principal", "x", "roles", List.of("admin"))), 403);
        assertProblem(writer.delete("/api/v1/admin/tokens/whatever"), 403);
        assertProblem(anonymous().get("/api/v1/admin/tokens"), 401);
        assertThat(admin.get("/api/v1/admin/tokens").status()).isEqualTo(200);
    }

    @Test
    void revokedTokenIs401AndRevocationIsListed() {
        JsonNode issued = issue("ci-bot", "writer");
        Api bot = admin.as(issued.get("token").asText());
        assertThat(bot.get("/api/v1/whoami").status()).isEqualTo(200);

        Api.Response revoked = admin.delete("/api/v1/admin/tokens/" + issued.at("/info/id").asText());

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().get("revokedBy").asText()).isEqualTo("admin");
        assertProblem(bot.get("/api/v1/whoami"), 401);
        assertThat(admin.get("/api/v1/admin/tokens").json().findValuesAsText("principal")).doesNotContain("ci-bot");
        assertThat(admin.get("/api/v1/admin/tokens?includeRevoked=true").json().findValuesAsText("principal"))
                .contains("ci-bot");
    }

    @Test
    void expiredTokenIs401() throws Exception {
        Instant expiry = clock.instant().plusSeconds(2);
        Api.Response issued = admin.post("/api/v1/admin/tokens", Map.of("principal", "temp", "roles",
                List.of("reader"), "expiresAt", expiry.toString()));
        Api temp = admin.as(issued.json().get("token").asText());
        assertThat(temp.get("/api/v1/whoami").status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(3));

        assertProblem(temp.get("/api/v1/whoami"), 401);
    }

    @Test
    void revokingAnUnknownTokenIs404() {
        assertProblem(admin.delete("/api/v1/admin/tokens/0000000000000000"), 404, "id");
    }

    @Test
    void tokenListNeverShowsSecretsOrHashes() throws Exception {
        String secret = issue("ci-bot", "writer").get("token").asText();

        Api.Response list = admin.get("/api/v1/admin/tokens?includeRevoked=true");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).isNotEmpty();
        list.json().forEach(t -> assertThat(t.has("token") || t.has("hash") || t.has("secret")).isFalse());
        assertThat(list.body()).doesNotContain(secret, sha256(secret), sha256(secret).toUpperCase());
    }

    @Test
    void tokensAreStoredOnlyAsHashes() throws Exception {
        String secret = issue("ci-bot", "writer").get("token").asText();

        List<Record> stored = Graph.rows("MATCH (n) RETURN properties(n) AS p UNION ALL "
                + "MATCH ()-[r]->() RETURN properties(r) AS p");

        assertThat(stored).isNotEmpty();
        for (Record r : stored) {
            for (Map.Entry<String, Object> e : r.get("p").asMap().entrySet()) {
                assertThat(String.valueOf(e.getValue())).as(e.getKey()).doesNotContain(secret);
            }
        }
        assertThat(Graph.count("MATCH (t:ApiToken {hash: $h}) RETURN count(t) AS c", "h", sha256(secret)))
                .isEqualTo(1);
    }

    @Test
    void issuedTokenIsShownOnceWithWhatItMayDo() {
        JsonNode issued = issue("ci-bot", "writer", "approver");

        assertThat(issued.get("token").asText()).startsWith("pdg_").hasSizeGreaterThan(40);
        assertThat(issued.at("/info/principal").asText()).isEqualTo("ci-bot");
        assertThat(issued.at("/info/roles")).extracting(JsonNode::asText).containsExactly("writer", "approver");
        assertThat(issued.at("/info/createdBy").asText()).isEqualTo("admin");
    }

    @Test
    void tokenRequestsAreValidatedNamingTheField() {
        assertProblem(admin.post("/api/v1/admin/tokens", Map.of("principal", "x", "roles", List.of("root"))),
                400, "roles[0]");
        assertProblem(admin.post("/api/v1/admin/tokens", Map.of("principal", "x", "roles", List.of())), 400, "roles");
        assertProblem(admin.post("/api/v1/admin/tokens", Map.of("principal", "x<script>", "roles",
                List.of("reader"))), 400, "principal");
        assertProblem(admin.post("/api/v1/admin/tokens", Map.of("principal", "x", "roles", List.of("reader"),
                "expiresAt", "2020-01-01T00:00:00Z")), 400, "expiresAt");
        assertProblem(admin.post("/api/v1/admin/tokens", Map.of("principal", "x", "roles", List.of("reader"),
                "expiresAt", "next week")), 400, "expiresAt");
    }

    @Test
    void healthAndTheApiDescriptionAreOpen() {
        Api.Response health = anonymous().get("/api/v1/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
        assertThat(anonymous().get("/api/openapi.json").status()).isEqualTo(200);
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
