package io.pedigree.openlineage;

import io.pedigree.App;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.TestNeo4j;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Record;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POST /api/v1/lineage answers once the event is stored, pending; the instance's applier applies it just after,
 * and every request to that instance after the answer sees it applied.
 */
class AcceptThenApplyIT extends PedigreeIT {

    private static final int BACKLOG = 4;
    private static final String PG = "postgres://db:5432";

    private App other;
    private Api otherAdmin;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new java.util.HashMap<>(TestApp.settings());
        s.put("PEDIGREE_OPENLINEAGE_BACKLOG", Integer.toString(BACKLOG));
        return s;
    }

    @BeforeAll
    void startAnotherInstance() {
        other = TestApp.start(TestApp.settings());
        otherAdmin = Api.admin(other);
    }

    @AfterAll
    void stopTheOtherInstance() {
        if (other != null) {
            other.close();
        }
    }

    private Api writer() {
        return admin.withNewToken("airflow", "writer");
    }

    private static String run(String type, String time, String job, String runId) {
        return Events.run(type, time, "airflow", job, runId).input(PG, "shop.raw_" + job)
                .output(PG, "shop." + job).text();
    }

    /** Reads the graph as it is, without waiting for pending events as requests and {@link Graph} do. */
    private static List<Record> now(String cypher, Object... keysAndValues) {
        Map<String, Object> p = new java.util.HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        try (var session = TestNeo4j.driver().session()) {
            return session.run(cypher, p).list();
        }
    }

    private static long countNow(String cypher, Object... keysAndValues) {
        return now(cypher, keysAndValues).get(0).get(0).asLong();
    }

    @Test
    void anEventIsAnsweredOnceStoredAndAppliedJustAfter() throws Exception {
        app.openLineage().pauseApplying();
        Api.Response r;
        try {
            r = writer().post("/api/v1/lineage", run("START", "2026-10-01T10:00:00Z", "load", "r-1"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().get("status").asText()).isEqualTo("created");
            assertThat(r.json().get("applied").asBoolean()).isFalse();
            assertThat(r.json().get("events").asText()).isEqualTo("/api/v1/lineage/events?runId=r-1");
            assertThat(countNow("MATCH (e:OlEvent:OlPending) RETURN count(e)")).isEqualTo(1);
            assertThat(countNow("MATCH (n:Run {key: 'run:{airflow}load@r-1'}) RETURN count(n)")).isZero();
            assertThat(countNow("MATCH (e:AuditEvent {action: 'openlineage.event'}) RETURN count(e)")).isZero();
        } finally {
            app.openLineage().resumeApplying();
        }
        Api.Response events = admin.get(r.json().get("events").asText());
        assertThat(events.json().get("events").get(0).get("state").asText()).isEqualTo("applied");
        assertThat(events.json().get("events").get(0).get("refused").isNull()).isTrue();
        assertThat(Graph.count("MATCH (n:Run {key: 'run:{airflow}load@r-1'}) RETURN count(n) AS c")).isEqualTo(1);
        assertThat(Audit.count("openlineage.event")).isEqualTo(1);
    }

    @Test
    void aRequestAfterTheAnswerSeesTheEventApplied() throws Exception {
        app.openLineage().pauseApplying();
        try {
            assertThat(writer().post("/api/v1/lineage", run("COMPLETE", "2026-10-01T10:05:00Z", "load", "r-2"))
                    .status()).isEqualTo(201);
        } finally {
            // Applying starts again only after the read below has arrived: the read must wait for it.
            CompletableFuture.runAsync(() -> app.openLineage().resumeApplying(),
                    CompletableFuture.delayedExecutor(300, java.util.concurrent.TimeUnit.MILLISECONDS));
        }
        Api.Response run = admin.get("/api/v1/lineage/runs/r-2");
        assertThat(run.status()).as(run.body()).isEqualTo(200);
        assertThat(run.json().get("state").asText()).isEqualTo("completed");
        assertThat(run.headers().firstValue("Pedigree-Pending-Events")).isEmpty();
    }

    @Test
    void anEventNamingARetractedKeyIsRefusedAtAcceptWhileNothingIsApplied() throws Exception {
        writer().post("/api/v1/lineage", run("START", "2026-10-01T10:00:00Z", "load", "r-3"));
        assertThat(admin.post("/api/v1/retractions", Map.of("key", "dataset:{" + PG + "}shop.raw_load",
                "reason", "wrong table")).status()).isIn(200, 201);
        app.openLineage().pauseApplying();
        try {
            Api.Response r = writer().post("/api/v1/lineage", run("COMPLETE", "2026-10-01T10:05:00Z", "load",
                    "r-3"));
            assertProblem(r, 409);
            assertThat(r.body()).contains("shop.raw_load");
            assertThat(countNow("MATCH (e:OlEvent) RETURN count(e)")).isEqualTo(1);
        } finally {
            app.openLineage().resumeApplying();
        }
    }

    @Test
    void anEventWhoseUnversionedInputStandsForARetractedVersionIsRefusedAtAccept() throws Exception {
        assertThat(writer().post("/api/v1/lineage", Events.run("COMPLETE", "2026-10-01T10:00:00Z", "airflow",
                "make", "r-20").output(PG, "shop.orders").outputVersion("v1").text()).status()).isEqualTo(201);
        assertThat(app.openLineage().awaitApplied(Duration.ofSeconds(30))).isTrue();
        List<Record> versions = now("MATCH (v:Node)-[:VERSION_OF]->(:Node {key: $family})"
                + " WHERE v.olPlaceholder IS NULL RETURN v.key AS key", "family", "dataset:{" + PG + "}shop.orders");
        assertThat(versions).hasSize(1);
        String version = versions.get(0).get("key").asString();
        assertThat(admin.post("/api/v1/retractions", Map.of("key", version, "reason", "bad snapshot")).status())
                .isIn(200, 201);
        long stored = countNow("MATCH (e:OlEvent) RETURN count(e)");
        app.openLineage().pauseApplying();
        try {
            // The input names neither a version nor a schema: it stands for the version valid at its time.
            Api.Response r = writer().post("/api/v1/lineage", Events.run("START", "2026-10-01T11:00:00Z", "airflow",
                    "use", "r-21").input(PG, "shop.orders").output(PG, "shop.report").text());
            assertProblem(r, 409);
            assertThat(r.body()).contains(version);
            assertThat(countNow("MATCH (e:OlEvent) RETURN count(e)")).isEqualTo(stored);
            // The same job reading another table is stored: only the event naming the retracted version is refused.
            assertThat(writer().post("/api/v1/lineage", Events.run("START", "2026-10-01T11:00:00Z", "airflow",
                    "use", "r-22").input(PG, "shop.customers").output(PG, "shop.report").text()).status())
                    .isEqualTo(201);
        } finally {
            app.openLineage().resumeApplying();
        }
    }

    @Test
    void aRetryOfAnEventStoredBeforeItsKeyWasRetractedIsStillADuplicate() throws Exception {
        String start = run("START", "2026-10-01T10:00:00Z", "load", "r-9");
        assertThat(writer().post("/api/v1/lineage", start).status()).isEqualTo(201);
        assertThat(admin.post("/api/v1/retractions", Map.of("key", "dataset:{" + PG + "}shop.raw_load",
                "reason", "wrong table")).status()).isIn(200, 201);
        // As another instance would answer it, with no memory of the digest.
        app.openLineage().forgetRemembered();
        Api.Response again = writer().post("/api/v1/lineage", start);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("duplicate");
    }

    @Test
    void anEventRefusedWhenAppliedIsMarkedWithItsReasonAndAudited() throws Exception {
        writer().post("/api/v1/lineage", run("START", "2026-10-01T10:00:00Z", "load", "r-4"));
        // The run node must exist to be retracted below: the START is applied before applying is paused.
        assertThat(app.openLineage().awaitApplied(Duration.ofSeconds(30))).isTrue();
        app.openLineage().pauseApplying();
        String digest;
        try {
            Api.Response r = writer().post("/api/v1/lineage", run("COMPLETE", "2026-10-01T10:05:00Z", "load",
                    "r-4"));
            assertThat(r.status()).isEqualTo(201);
            digest = r.json().get("digest").asText();
            // Retracted between accepting and applying, as a retraction through another instance may be.
            now("MATCH (n:Node {key: 'run:{airflow}load@r-4'}) SET n.retractedAt = datetime()");
        } finally {
            app.openLineage().resumeApplying();
        }
        Api.Response events = admin.get("/api/v1/lineage/events?runId=r-4");
        Map<String, String> states = new java.util.HashMap<>();
        events.json().get("events").forEach(e -> states.put(e.get("digest").asText(), e.get("state").asText()));
        assertThat(states.get(digest)).isEqualTo("refused");
        events.json().get("events").forEach(e -> {
            if (e.get("digest").asText().equals(digest)) {
                assertThat(e.get("refused").asText()).contains("run:{airflow}load@r-4", "retracted");
            }
        });
        List<Record> refused = Audit.events("openlineage.event.refused");
        assertThat(refused).hasSize(1);
        assertThat(refused.get(0).get("details").asString()).contains(digest);
        assertThat(Audit.count("openlineage.event")).isEqualTo(1);
        assertThat(Graph.count("MATCH (n:Run {key: 'run:{airflow}load@r-4'}) WHERE n.olState = 'completed'"
                + " RETURN count(n) AS c")).isZero();
        assertThat(admin.get("/api/v1/audit/verify").json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void aPendingEventLeftByAStoppedInstanceIsSweptAndAppliedByAnother() throws Exception {
        // Its clock is behind, so what it left pending is older than the orphan age by this instance's clock.
        App stopped = TestApp.start(TestApp.settings(), new MutableClock(Instant.now().minus(Duration.ofHours(1))));
        try {
            stopped.openLineage().pauseApplying();
            Api.Response r = Api.admin(stopped).withNewToken("spark", "writer").post("/api/v1/lineage",
                    run("START", "2026-10-01T10:00:00Z", "orphan", "r-5"));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        } finally {
            stopped.close();
        }
        assertThat(countNow("MATCH (e:OlEvent:OlPending) RETURN count(e)")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                countNow("MATCH (e:OlEvent:OlPending) RETURN count(e)") == 0);
        assertThat(admin.get("/api/v1/lineage/events?runId=r-5").json().get("events").get(0).get("state").asText())
                .isEqualTo("applied");
        assertThat(admin.get("/api/v1/lineage/runs/r-5").status()).isEqualTo(200);
        List<Record> audited = Audit.events("openlineage.event");
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).get("actor").asString()).isEqualTo("spark");
    }

    @Test
    void aFullBacklogAnswers503WithRetryAfterAndRoomComesBackOnceApplied() throws Exception {
        Api w = writer();
        app.openLineage().pauseApplying();
        try {
            for (int i = 0; i < BACKLOG; i++) {
                assertThat(w.post("/api/v1/lineage", run("START", "2026-10-01T10:00:00Z", "full", "f-" + i))
                        .status()).isEqualTo(201);
            }
            Api.Response full = w.post("/api/v1/lineage", run("START", "2026-10-01T10:00:00Z", "full", "f-x"));
            assertProblem(full, 503);
            assertThat(full.headers().firstValue("Retry-After")).isPresent();
            assertThat(countNow("MATCH (e:OlEvent {runId: 'f-x'}) RETURN count(e)")).isZero();
        } finally {
            app.openLineage().resumeApplying();
        }
        // A read waits until what was accepted is applied; then there is room again.
        assertThat(admin.get("/api/v1/lineage/runs/f-0").status()).isEqualTo(200);
        Api.Response again = w.post("/api/v1/lineage", run("START", "2026-10-01T10:00:00Z", "full", "f-x"));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(Audit.count("openlineage.event")).isEqualTo(BACKLOG + 1);
    }

    @Test
    void eventsPostedBy8ClientsAtOnceAreAllAppliedExactlyOnce() throws Exception {
        int clients = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<String>>> sent = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                int client = c;
                Api w = admin.withNewToken("client-" + c, "writer");
                sent.add(pool.submit(() -> {
                    List<String> digests = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        // Every client's runs read the same dataset, so groups share nodes and locks.
                        String e = Events.run(i % 2 == 0 ? "START" : "COMPLETE", "2026-10-01T10:0" + (i % 2)
                                + ":00Z", "airflow", "job-" + client, "c" + client + "-" + (i / 2))
                                .input(PG, "shop.shared").output(PG, "shop.out_" + client).text();
                        Api.Response r = w.post("/api/v1/lineage", e);
                        assertThat(r.status()).as(r.body()).isEqualTo(201);
                        digests.add(r.json().get("digest").asText());
                    }
                    return digests;
                }));
            }
            Set<String> digests = new HashSet<>();
            for (Future<List<String>> f : sent) {
                digests.addAll(f.get());
            }
            assertThat(digests).hasSize(clients * each);
        } finally {
            pool.shutdownNow();
        }
        List<Record> audited = Audit.events("openlineage.event");
        assertThat(audited).hasSize(clients * each);
        assertThat(audited.stream().map(r -> r.get("details").asString()).distinct()).hasSize(clients * each);
        assertThat(Graph.count("MATCH (e:OlPending) RETURN count(e) AS c")).isZero();
        assertThat(Graph.count("MATCH (r:Run) WHERE r.olRunId STARTS WITH 'c' AND r.olState = 'completed'"
                + " RETURN count(r) AS c")).isEqualTo((long) clients * (each / 2));
        assertThat(admin.get("/api/v1/audit/verify").json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void anotherInstanceSeesTheEventOnceTheAcceptingInstanceHasAppliedIt() throws Exception {
        other.openLineage().pauseApplying();
        try {
            Api.Response r = otherAdmin.withNewToken("airflow", "writer").post("/api/v1/lineage",
                    run("START", "2026-10-01T10:00:00Z", "elsewhere", "r-6"));
            assertThat(r.status()).isEqualTo(201);
            // Stored, so listed on this instance, but not applied yet: this instance does not wait for it.
            Api.Response listed = admin.get("/api/v1/lineage/events?runId=r-6");
            assertThat(listed.json().get("events").get(0).get("state").asText()).isEqualTo("pending");
            assertThat(admin.get("/api/v1/lineage/runs/r-6").status()).isEqualTo(404);
        } finally {
            other.openLineage().resumeApplying();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("/api/v1/lineage/runs/r-6").status() == 200);
    }
}
