package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Value;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed checkpoints of the chain's head: made on demand, pushed to a file, checkable with the published key, and
 * what catches a rewrite of the whole tail that the chain alone cannot.
 */
class CheckpointsIT extends PedigreeIT {

    private final Path file = TestApp.tempDir("pedigree-checkpoints").resolve("ledger/checkpoints.jsonl");

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = TestApp.settings();
        s.put("PEDIGREE_AUDIT_CHECKPOINT_FILE", file.toString());
        s.put("PEDIGREE_AUDIT_CHECKPOINT_SECONDS", "0");
        return s;
    }

    @BeforeEach
    void someEvents() {
        for (int i = 1; i <= 5; i++) {
            assertThat(admin.put("/api/v1/nodes", Map.of("key", "model:fraud@" + i)).status()).isEqualTo(201);
        }
    }

    @Test
    void checkpointOnDemandIsSignedByThePublishedKeyAndAppendedToTheFile() throws Exception {
        long head = AuditTrail.lastSeq(admin);

        Api.Response made = admin.post("/api/v1/audit/checkpoints", Map.of());

        assertThat(made.status()).as(made.body()).isEqualTo(201);
        JsonNode c = made.json();
        assertThat(c.path("seq").asLong()).isEqualTo(head);
        Api.Response key = admin.as(null).get("/.well-known/pedigree-audit-key.pem");
        assertThat(key.status()).isEqualTo(200);
        assertThat(key.body()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(admin.as(null).get("/api/v1/audit/key").body()).isEqualTo(key.body());
        assertThat(key.headers().firstValue("X-Pedigree-Key-Id")).hasValue(c.path("keyId").asText());
        String signed = "pedigree-audit-checkpoint v1 seq=" + head + " hash=" + c.path("hash").asText() + " at="
                + c.path("at").asText();
        assertThat(signatureHolds(key.body(), signed, c.path("signature").asText())).isTrue();
        List<String> lines = Files.readAllLines(file);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines.get(lines.size() - 1))).isEqualTo(c);
        assertThat(admin.get("/api/v1/audit/checkpoints").json()).contains(c);
    }

    @Test
    void rewriteOfTheWholeTailPassesTheWalkButContradictsAnEarlierExternalCheckpoint() throws Exception {
        admin.post("/api/v1/audit/checkpoints", Map.of());
        long pinned = AuditTrail.lastSeq(admin);
        for (int i = 6; i <= 8; i++) {
            admin.put("/api/v1/nodes", Map.of("key", "model:fraud@" + i));
        }
        String external = Files.readString(file);

        // Whoever can write the graph rewrites event 3 and re-hashes everything after it and the head, and removes
        // the checkpoints kept in the graph; only the file outside still holds the old head.
        rewriteFrom(3, "approved by nobody");
        Graph.rows("MATCH (c:AuditCheckpoint) DELETE c");
        JsonNode walk = AuditTrail.verify(admin);
        assertThat(walk.path("ok").asBoolean()).as("%s", walk).isTrue();

        Api.Response r = admin.postRaw("/api/v1/audit/verify", "application/x-ndjson", external);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode v = r.json();
        assertThat(v.path("ok").asBoolean()).as("%s", v).isFalse();
        assertThat(v.at("/firstBroken/seq").asLong()).isEqualTo(pinned);
        assertThat(v.at("/firstBroken/problem").asText()).startsWith("checkpoint mismatch: event " + pinned)
                .contains("external checkpoint");
    }

    @Test
    void checkpointKeptInTheGraphCatchesARewriteThatLeftIt() {
        admin.post("/api/v1/audit/checkpoints", Map.of());
        long pinned = AuditTrail.lastSeq(admin);

        rewriteFrom(2, "nothing happened");

        JsonNode v = AuditTrail.verify(admin);
        assertThat(v.path("ok").asBoolean()).as("%s", v).isFalse();
        assertThat(v.at("/firstBroken/seq").asLong()).isEqualTo(pinned);
        assertThat(v.at("/firstBroken/problem").asText()).startsWith("checkpoint mismatch");
        assertThat(v.path("checkpoints").asInt()).isEqualTo(1);
    }

    @Test
    void untouchedChainHoldsAgainstItsCheckpoints() {
        admin.post("/api/v1/audit/checkpoints", Map.of());
        admin.put("/api/v1/nodes", Map.of("key", "model:fraud@9"));
        admin.post("/api/v1/audit/checkpoints", Map.of());

        JsonNode v = admin.postRaw("/api/v1/audit/verify", "application/json",
                admin.get("/api/v1/audit/checkpoints").body()).json();

        assertThat(v.path("ok").asBoolean()).as("%s", v).isTrue();
        assertThat(v.path("checkpoints").asInt()).isEqualTo(4);
    }

    @Test
    void checkpointEditedInTheGraphIsReportedAsForged() {
        admin.post("/api/v1/audit/checkpoints", Map.of());
        rewriteFrom(2, "nothing happened");
        // Moving the stored checkpoint to the rewritten hash would hide the rewrite, but breaks its signature.
        Graph.rows("MATCH (c:AuditCheckpoint), (e:AuditEvent) WHERE e.seq = c.seq SET c.hash = e.hash");

        JsonNode v = AuditTrail.verify(admin);

        assertThat(v.path("ok").asBoolean()).as("%s", v).isFalse();
        assertThat(v.at("/firstBroken/problem").asText()).startsWith("checkpoint forged");
    }

    @Test
    void externalCheckpointNotSignedByThisServerIsRefusedNamingIt() {
        JsonNode c = admin.post("/api/v1/audit/checkpoints", Map.of()).json();
        String forged = "[" + c.toString().replace(c.path("hash").asText(), "0".repeat(64)) + "]";

        assertProblem(admin.postRaw("/api/v1/audit/verify", "application/json", forged), 400,
                "checkpoints[0].signature");
    }

    @Test
    void bodyThatIsNotCheckpointsIsRefusedNamingTheField() {
        assertProblem(admin.postRaw("/api/v1/audit/verify", "application/json", "[{\"seq\": 1}]"), 400,
                "checkpoints[0].hash");
        assertProblem(admin.postRaw("/api/v1/audit/verify", "application/json", "not json"), 400, "checkpoints");
        assertProblem(admin.postRaw("/api/v1/audit/verify", "application/json", ""), 400, "checkpoints");
        assertProblem(admin.postRaw("/api/v1/audit/verify", "application/json",
                "{\"seq\":1,\"hash\":\"" + "a".repeat(64) + "\",\"at\":\"yesterday\",\"keyId\":\"k\",\"signature\":\"s\"}"),
                400, "checkpoints[0].at");
    }

    @Test
    void onlyAnAdminSignsAndOnlyASignedInReaderVerifies() {
        Api reader = admin.withNewToken("rita", "reader");

        assertProblem(reader.post("/api/v1/audit/checkpoints", Map.of()), 403);
        assertProblem(admin.as(null).postRaw("/api/v1/audit/verify", "application/json", "[]"), 401);
        assertProblem(admin.as(null).get("/api/v1/audit/checkpoints"), 401);
    }

    /**
     * Rewrites event {@code from}'s reason and then every event after it consistently, straight in Neo4j:
     * content digests, hashes and links recomputed, and the head moved to the new last hash.
     */
    static void rewriteFrom(long from, String reason) {
        String prev = Graph.rows("MATCH (e:AuditEvent {seq: $seq}) RETURN e.hash AS h", "seq", from - 1).get(0)
                .get("h").asString();
        List<Value> tail = Graph.rows("MATCH (e:AuditEvent) WHERE e.seq >= $seq RETURN e ORDER BY e.seq", "seq",
                from).stream().map(r -> r.get("e")).toList();
        for (Value node : tail) {
            AuditEvent e = AuditLog.fromNode(node);
            String why = e.seq() == from ? reason : e.reason();
            String details = node.get("details").asString();
            String digest = AuditEvent.contentDigest(e.actor(), e.target(), e.targets(), why, details);
            String hash = new AuditEvent(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.targets(), e.before(),
                    e.after(), why, e.details(), prev, null, digest, null).expectedHash();
            Graph.rows("MATCH (e:AuditEvent {seq: $seq}) SET e.reason = $reason, e.contentDigest = $digest,"
                    + " e.prevHash = $prev, e.hash = $hash", "seq", e.seq(), "reason", why, "digest", digest,
                    "prev", prev, "hash", hash);
            prev = hash;
        }
        Graph.rows("MATCH (h:AuditHead {id: 'audit'}) SET h.hash = $hash", "hash", prev);
    }

    private static boolean signatureHolds(String pem, String text, String signature) throws Exception {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("Ed25519")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(text.getBytes(StandardCharsets.UTF_8));
        return s.verify(Base64.getDecoder().decode(signature));
    }
}
