package io.pedigree.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edits made to the audit log behind Pedigree's back, straight in Neo4j, are caught by verification at the event
 * they touched; and many writers at once still leave one unbroken chain.
 */
class TamperingIsCaughtIT extends PedigreeIT {

    /** Events 1 (the admin token's install) to 8. */
    @BeforeEach
    void eightEvents() {
        for (int i = 1; i <= 7; i++) {
            assertThat(admin.put("/api/v1/nodes", Map.of("key", "model:fraud@" + i)).status()).isEqualTo(201);
        }
    }

    private static void edit(String cypher, long seq) {
        Graph.rows(cypher, "seq", seq);
    }

    private JsonNode brokenAt(long seq, String problem) {
        JsonNode v = AuditTrail.verify(admin);
        assertThat(v.path("ok").asBoolean()).as("%s", v).isFalse();
        assertThat(v.at("/firstBroken/seq").asLong()).as("%s", v).isEqualTo(seq);
        assertThat(v.at("/firstBroken/problem").asText()).as("%s", v).startsWith(problem);
        return v;
    }

    @Test
    void untouchedChainVerifies() {
        JsonNode v = AuditTrail.verify(admin);

        assertThat(v.path("ok").asBoolean()).as("%s", v).isTrue();
        assertThat(v.path("checked").asLong()).isEqualTo(8);
        assertThat(v.at("/head/seq").asLong()).isEqualTo(8);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SET e.reason = 'nothing to see here'",
        "SET e.actor = 'someone-else'",
        "SET e.at = e.at - duration('PT1H')",
        "SET e.action = 'node.read'",
        "SET e.targets = ['model:other@1']",
        "SET e.details = '{}'",
        "SET e.after = e.before"
    })
    void editingAnEventInTheDatabaseIsCaughtAtThatEvent(String change) {
        edit("MATCH (e:AuditEvent {seq: $seq}) " + change, 5);

        JsonNode v = brokenAt(5, "hash mismatch");
        assertThat(v.path("checked").asLong()).isEqualTo(4);
    }

    @Test
    void editingAnEventAndItsHashIsCaughtAtTheNextEvent() {
        boolean hashFits = rewrite(5, "SET e.reason = 'approved by nobody'");

        assertThat(hashFits).isTrue();
        brokenAt(6, "prevHash mismatch");
    }

    @Test
    void anEventOfTheWrongTypeIsCaught() {
        edit("MATCH (e:AuditEvent {seq: $seq}) SET e.at = 'yesterday'", 3);

        brokenAt(3, "unreadable");
    }

    @Test
    void deletingAnEventInTheMiddleIsCaughtAsAGap() {
        edit("MATCH (e:AuditEvent {seq: $seq}) DETACH DELETE e", 4);

        brokenAt(4, "gap");
    }

    @Test
    void deletingTheFirstEventIsCaughtAsAGap() {
        edit("MATCH (e:AuditEvent {seq: $seq}) DETACH DELETE e", 1);

        brokenAt(1, "gap");
    }

    @Test
    void deletingTheLastEventIsCaughtByTheHead() {
        edit("MATCH (e:AuditEvent {seq: $seq}) DETACH DELETE e", 8);

        brokenAt(8, "head mismatch");
    }

    @Test
    void replacingTheLastEventHashAndAllIsCaughtByTheHead() {
        rewrite(8, "SET e.actor = 'someone-else'");

        brokenAt(8, "head mismatch");
    }

    @Test
    void anEventWrittenPastTheHeadIsCaught() {
        Graph.rows("""
                MATCH (e:AuditEvent {seq: 8})
                WITH properties(e) AS copy
                CREATE (f:AuditEvent) SET f = copy {.*, seq: 9}
                """);

        brokenAt(9, "head mismatch");
    }

    @Test
    void removingTheHeadIsCaught() {
        Graph.rows("MATCH (h:AuditHead) DELETE h");

        brokenAt(1, "head mismatch");
    }

    @Test
    void aRangeIsCheckedOnItsOwnAndAgainstTheEventBeforeIt() {
        edit("MATCH (e:AuditEvent {seq: $seq}) SET e.reason = 'edited'", 6);

        JsonNode before = AuditTrail.verify(admin, "?fromSeq=2&toSeq=5");
        JsonNode covering = AuditTrail.verify(admin, "?fromSeq=6&toSeq=7");
        JsonNode after = AuditTrail.verify(admin, "?fromSeq=7");

        assertThat(before.path("ok").asBoolean()).as("%s", before).isTrue();
        assertThat(before.path("checked").asLong()).isEqualTo(4);
        assertThat(covering.at("/firstBroken/seq").asLong()).as("%s", covering).isEqualTo(6);
        // Event 7 links to the recorded hash of event 6, which was not touched: only its content was.
        assertThat(after.path("ok").asBoolean()).as("%s", after).isTrue();
        assertThat(after.path("checked").asLong()).isEqualTo(2);
    }

    @Test
    void theWalkReadsInPagesAndStillFindsTheFirstBrokenLink() {
        ChainVerifier small = new ChainVerifier(app.database(), 3);
        Verification whole = small.verify(1, null);
        assertThat(whole.ok()).isTrue();
        assertThat(whole.checked()).isEqualTo(8);

        edit("MATCH (e:AuditEvent {seq: $seq}) DETACH DELETE e", 7);

        Verification v = small.verify(1, null);
        assertThat(v.ok()).isFalse();
        assertThat(v.checked()).isEqualTo(6);
        assertThat(v.firstBroken().seq()).isEqualTo(7);
    }

    @Test
    void sixteenConcurrentWritersLeaveContiguousNumbersAndAValidChain() throws Exception {
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int client = i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return admin.put("/api/v1/nodes", Map.of("key", "dataset:shard-" + client + "@1"));
                }));
            }
            go.countDown();
            for (Future<Api.Response> a : answers) {
                assertThat(a.get(60, TimeUnit.SECONDS).status()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }

        List<JsonNode> events = AuditTrail.all(admin);
        JsonNode v = AuditTrail.verify(admin);

        assertThat(events).extracting(e -> e.path("seq").asLong())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 24).boxed().toList());
        assertThat(events.subList(8, 24)).extracting(e -> e.path("target").asText())
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, writers)
                        .mapToObj(i -> "dataset:shard-" + i + "@1").toList());
        assertThat(v.path("ok").asBoolean()).as("%s", v).isTrue();
        assertThat(v.path("checked").asLong()).isEqualTo(24);
    }

    /**
     * Rewrites an event as a careful forger would: changes it, then gives it a fitting content digest and hash;
     * says if it fits.
     */
    private static boolean rewrite(long seq, String change) {
        edit("MATCH (e:AuditEvent {seq: $seq}) " + change, seq);
        org.neo4j.driver.Value node = Graph.rows("MATCH (e:AuditEvent {seq: $seq}) RETURN e", "seq", seq).get(0).get("e");
        AuditEvent changed = AuditLog.fromNode(node);
        String digest = AuditEvent.contentDigest(changed.target(), changed.targets(), changed.reason(),
                node.get("details").asString());
        AuditEvent refitted = new AuditEvent(changed.seq(), changed.at(), changed.actor(), changed.action(),
                changed.target(), changed.targets(), changed.before(), changed.after(), changed.reason(),
                changed.details(), changed.prevHash(), null, digest, null);
        Graph.rows("MATCH (e:AuditEvent {seq: $seq}) SET e.contentDigest = $digest, e.hash = $hash", "seq", seq,
                "digest", digest, "hash", refitted.expectedHash());
        AuditEvent after = AuditLog.fromNode(Graph.rows("MATCH (e:AuditEvent {seq: $seq}) RETURN e", "seq", seq)
                .get(0).get("e"));
        return after.hash().equals(after.expectedHash());
    }
}
