package io.pedigree.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.App;
import io.pedigree.testing.Api;
import io.pedigree.testing.AtOnce;
import io.pedigree.testing.Graph;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two Pedigree instances, as behind a load balancer, on one Neo4j: neither keeps state the other needs, so a client
 * may be sent to either at any request.
 */
class TwoInstancesOneGraphIT extends PedigreeIT {

    /** The second instance's token cache: a token revoked elsewhere works here at most this long. */
    private static final Duration OTHER_TOKEN_CACHE = Duration.ofSeconds(2);
    private static final String BOOKMARK = "Pedigree-Bookmark";

    /** The second instance's clock: an hour behind the first's, as an unsynchronised server's may be. */
    private final MutableClock otherClock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
    private App other;
    private Api otherAdmin;

    @BeforeAll
    void startTheOtherInstance() {
        Map<String, String> settings = TestApp.settings();
        settings.put("PEDIGREE_TOKEN_CACHE_SECONDS", Long.toString(OTHER_TOKEN_CACHE.toSeconds()));
        other = TestApp.start(settings, otherClock);
        otherAdmin = Api.admin(other);
    }

    @AfterAll
    void stopTheOtherInstance() {
        if (other != null) {
            other.close();
        }
    }

    @Test
    void aWriteOnOneInstanceIsReadOnTheOtherWithItsBookmark() {
        Api.Response written = admin.put("/api/v1/nodes", Map.of("key", "dataset:tx@1"));
        String mark = written.headers().firstValue(BOOKMARK).orElseThrow();

        Api.Response read = otherAdmin.send(otherAdmin.builder("/api/v1/node?key=" + Api.q("dataset:tx@1"))
                .header(BOOKMARK, mark).GET());

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().get("key").asText()).isEqualTo("dataset:tx@1");
        // And back: the other instance's write, read here with its bookmark.
        String back = otherAdmin.put("/api/v1/nodes", Map.of("key", "dataset:tx@2")).headers()
                .firstValue(BOOKMARK).orElseThrow();
        assertThat(admin.send(admin.builder("/api/v1/node?key=" + Api.q("dataset:tx@2")).header(BOOKMARK, back)
                .GET()).status()).isEqualTo(200);
    }

    @Test
    void aSessionSignedInOnOneInstanceIsValidOnTheOtherAndSigningOutThereEndsItEverywhere() {
        WebClient here = new WebClient(app);
        assertThat(here.signIn(TestApp.ADMIN_TOKEN).status()).isEqualTo(303);
        WebClient there = new WebClient(other);
        there.setCookie("pedigree_session", here.cookie("pedigree_session"));

        Api.Response page = there.get("/audit");
        assertThat(page.status()).as("the other instance knows the session").isEqualTo(200);

        // The form token belongs to the session, so a form from one instance posts to the other.
        Api.Response out = there.post("/signout", Map.of("csrf", WebClient.csrfOf(page)));
        assertThat(out.status()).isEqualTo(303);
        assertThat(here.get("/audit").status()).as("signed out through the other instance").isEqualTo(303);
    }

    @Test
    void aTokenRevokedOnOneInstanceStopsWorkingOnTheOtherWithinItsCacheTime() {
        Api.Response issued = admin.post("/api/v1/admin/tokens", Map.of("principal", "ci-bot", "roles",
                List.of("reader")));
        String token = issued.json().get("token").asText();
        String id = issued.json().get("info").get("id").asText();
        Api onOther = otherAdmin.as(token);
        assertThat(onOther.get("/api/v1/audit?limit=1").status()).isEqualTo(200);

        assertThat(admin.delete("/api/v1/admin/tokens/" + id).status()).isEqualTo(200);

        assertThat(admin.as(token).get("/api/v1/audit?limit=1").status()).as("at once where it was revoked")
                .isEqualTo(401);
        assertThat(onOther.get("/api/v1/audit?limit=1").status()).as("still cached on the other").isEqualTo(200);
        otherClock.advance(OTHER_TOKEN_CACHE.minusMillis(500));
        assertThat(onOther.get("/api/v1/audit?limit=1").status()).as("cached up to the cache time").isEqualTo(200);
        otherClock.advance(Duration.ofSeconds(1));
        assertThat(onOther.get("/api/v1/audit?limit=1").status()).as("refused once the cache time has passed")
                .isEqualTo(401);
    }

    @Test
    void thirtyTwoWritersSplitBetweenTheInstancesAppendOneUnbrokenAuditChain() throws Exception {
        int writers = 32;
        int writesEach = 4;
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtOnce.run(writers, w -> {
            Api api = w % 2 == 0 ? admin : otherAdmin;
            Api.Response last = null;
            for (int i = 0; i < writesEach; i++) {
                last = api.put("/api/v1/nodes", Map.of("key", "dataset:w" + w + "@" + i));
                if (last.status() != 201) {
                    failures.add(last.status() + " " + last.body());
                }
            }
            return last;
        });
        assertThat(failures).isEmpty();

        long events = Graph.count("MATCH (e:AuditEvent) RETURN count(e) AS c");
        assertThat(events).isGreaterThanOrEqualTo((long) writers * writesEach);
        for (Api api : List.of(admin, otherAdmin)) {
            JsonNode verified = api.get("/api/v1/audit/verify").json();
            assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
            assertThat(verified.get("checked").asLong()).isEqualTo(events);
            assertThat(verified.get("head").get("seq").asLong()).isEqualTo(events);
        }
        // No gaps and no number given twice, read straight from the graph as well.
        assertThat(Graph.count("""
                MATCH (e:AuditEvent)
                WITH count(e) AS n, count(DISTINCT e.seq) AS distinctSeqs, min(e.seq) AS lo, max(e.seq) AS hi
                RETURN CASE WHEN n = distinctSeqs AND lo = 1 AND hi = n THEN 1 ELSE 0 END AS c""")).isEqualTo(1);
        assertThat(Graph.count("""
                MATCH (e:AuditEvent), (next:AuditEvent {seq: e.seq + 1})
                WHERE next.at < e.at
                RETURN count(*) AS c""")).as("times never go backwards, though the clocks differ").isZero();
        assertThat(Graph.count("""
                MATCH (e:AuditEvent) WHERE e.target STARTS WITH 'dataset:w'
                RETURN count(e) AS c""")).isEqualTo((long) writers * writesEach);
    }
}
