package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain hashes an event's details as they were stored, never a re-serialisation, so numbers that print
 * differently on another JDK (Double.toString changed in JDK 19) cannot break a chain that was intact when written.
 */
class ChainHashesWhatItStoredIT extends PedigreeIT {

    private AuditLog log() {
        return new AuditLog(app.database(), Clock.systemUTC());
    }

    @Test
    void doubleValuedDetailsVerify() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("small", 1.0E-5);
        details.put("large", 1e21);
        details.put("sum", 0.1 + 0.2);
        details.put("shortestDiffers", 2e23);
        log().appendAlone("tester", new AuditEntry("test.doubles", "model:m@1", List.of(), null, null, null,
                details));

        Value stored = last();
        JsonNode v = AuditTrail.verify(admin);

        assertThat(v.path("ok").asBoolean()).as("%s", v).isTrue();
        assertThat(stored.get("contentDigest").asString()).isEqualTo(AuditEvent.contentDigest("model:m@1", List.of(),
                null, stored.get("details").asString()));
    }

    @Test
    void aStoredDetailThatThisJdkWouldPrintOtherwiseStillVerifies() {
        // 1e21 reads back as a double that Jackson prints as 1.0E21: a re-serialisation would not match.
        String stored = "{\"threshold\":1e21}";
        rewriteLast(stored, true);

        JsonNode v = AuditTrail.verify(admin);

        assertThat(v.path("ok").asBoolean()).as("%s", v).isTrue();
    }

    @Test
    void anEventWrittenBeforeContentDigestsIsVerifiedAgainstItsStoredText() {
        // As events were written before this schema: no contentDigest, the hash over the details object.
        rewriteLast("{\"threshold\":1e21}", false);

        JsonNode v = AuditTrail.verify(admin);

        assertThat(v.path("ok").asBoolean()).as("%s", v).isTrue();
    }

    @Test
    void editingTheStoredTextIsStillCaught() {
        long seq = rewriteLast("{\"threshold\":1e21}", true);
        Graph.rows("MATCH (e:AuditEvent {seq: $seq}) SET e.details = '{\"threshold\":1e22}'", "seq", seq);

        JsonNode v = AuditTrail.verify(admin);

        assertThat(v.path("ok").asBoolean()).as("%s", v).isFalse();
        assertThat(v.at("/firstBroken/seq").asLong()).isEqualTo(seq);
        assertThat(v.at("/firstBroken/problem").asText()).startsWith("hash mismatch");
    }

    @Test
    void editingTheStoredTextOfAnOlderEventIsStillCaught() {
        long seq = rewriteLast("{\"threshold\":1e21}", false);
        Graph.rows("MATCH (e:AuditEvent {seq: $seq}) SET e.details = '{\"threshold\":1e22}'", "seq", seq);

        JsonNode v = AuditTrail.verify(admin);

        assertThat(v.path("ok").asBoolean()).as("%s", v).isFalse();
        assertThat(v.at("/firstBroken/seq").asLong()).isEqualTo(seq);
    }

    private static Value last() {
        return Graph.rows("MATCH (h:AuditHead) MATCH (e:AuditEvent {seq: h.seq}) RETURN e").get(0).get("e");
    }

    /**
     * Makes the last event one whose details were stored as {@code storedDetails} by a writer that hashed that
     * text, as a writer on another JDK would have; {@code digested}: in today's form, or in the form before
     * content digests. Answers its number.
     */
    private long rewriteLast(String storedDetails, boolean digested) {
        log().appendAlone("tester", new AuditEntry("test.doubles", "model:m@1", List.of(), null, null, "why",
                Map.of("threshold", 1)));
        AuditEvent e = AuditLog.fromNode(last());
        String digest = digested ? AuditEvent.contentDigest(e.target(), e.targets(), e.reason(), storedDetails) : null;
        AuditEvent rewritten = new AuditEvent(e.seq(), e.at(), e.actor(), e.action(), e.target(), e.targets(),
                e.before(), e.after(), e.reason(), e.details(), e.prevHash(), null, digest, null);
        String hash = rewritten.expectedHash(storedDetails);
        Graph.rows("""
                MATCH (h:AuditHead) MATCH (e:AuditEvent {seq: $seq})
                SET e.details = $details, e.contentDigest = $digest, e.hash = $hash, h.hash = $hash
                """, "seq", e.seq(), "details", storedDetails, "digest", digest, "hash", hash);
        return e.seq();
    }
}
