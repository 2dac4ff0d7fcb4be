package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/lineage: what producers send is stored once, mapped, and refused only with a precise 400 or 413. */
class OpenLineageEndpointIT extends PedigreeIT {

    private static final String RUN = "0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e90";
    private static final long LIMIT = 256 * 1024;

    @Override
    protected Map<String, String> settings() {
        Map<String, String> s = new java.util.HashMap<>(TestApp.settings());
        s.put("PEDIGREE_MAX_BODY_BYTES", String.valueOf(LIMIT));
        return s;
    }

    private Api writer() {
        return admin.withNewToken("airflow", "writer");
    }

    private static Events start() {
        return Events.run("START", "2026-10-01T10:00:00.123456789Z", "airflow", "etl.load_orders", RUN)
                .input("postgres://db:5432", "shop.public.orders_raw")
                .output("postgres://db:5432", "shop.public.orders");
    }

    @Test
    void anEventIsStoredOnceAndTheSameEventAgainIsADuplicate() {
        Api w = writer();
        Api.Response first = w.post("/api/v1/lineage", start().text());
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("status").asText()).isEqualTo("created");
        // Same event, other key order and spacing: same canonical event.
        ObjectNode reordered = Events.JSON.createObjectNode();
        ObjectNode original = start().json();
        java.util.List<String> names = new java.util.ArrayList<>();
        original.fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        names.forEach(n -> reordered.set(n, original.get(n)));
        Api.Response again = w.post("/api/v1/lineage", reordered.toPrettyString());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("duplicate");
        assertThat(again.json().get("digest").asText()).isEqualTo(first.json().get("digest").asText());
        assertThat(Graph.count("MATCH (e:OlEvent) RETURN count(e) AS c")).isEqualTo(1);
    }

    @Test
    void aDuplicateThisInstanceDoesNotRememberIsFoundByTheWriteAndChangesNothing() {
        Api w = writer();
        assertThat(w.post("/api/v1/lineage", start().text()).status()).isEqualTo(201);
        // As another instance behind the load balancer, or this one after a restart, would see it.
        app.openLineage().forgetRemembered();
        long auditBefore = Audit.count("openlineage.event");
        Api.Response again = w.post("/api/v1/lineage", start().text());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("duplicate");
        assertThat(Graph.count("MATCH (e:OlEvent) RETURN count(e) AS c")).isEqualTo(1);
        assertThat(Audit.count("openlineage.event")).isEqualTo(auditBefore);
        // Remembered from then on: answered without the database.
        assertThat(w.post("/api/v1/lineage", start().text()).json().get("status").asText()).isEqualTo("duplicate");
    }

    @Test
    void eachStoredEventAppendsOneAuditEventAndADuplicateNone() {
        Api w = writer();
        w.post("/api/v1/lineage", start().text());
        w.post("/api/v1/lineage", start().text());
        assertThat(Audit.count("openlineage.event")).isEqualTo(1);
        org.neo4j.driver.Record e = Audit.events("openlineage.event").get(0);
        assertThat(e.get("actor").asString()).isEqualTo("airflow");
        assertThat(e.get("target").asString()).isEqualTo("run:{airflow}etl.load_orders@" + RUN);
        assertThat(e.get("targets").asList(v -> v.asString()))
                .contains("dataset:{postgres://db:5432}shop.public.orders");
        assertThat(e.get("details").asString()).contains("\"eventType\":\"START\"");
        assertThat(admin.get("/api/v1/audit/verify").json().get("ok").asBoolean()).isTrue();
    }

    @Test
    void anEventNamingARetractedKeyIsRefusedWhole() {
        Api w = writer();
        w.post("/api/v1/lineage", start().text());
        String raw = "dataset:{postgres://db:5432}shop.public.orders_raw@unversioned";
        assertThat(w.post("/api/v1/retractions", Map.of("key", raw, "reason", "wrong table")).status())
                .isIn(200, 201);
        long events = Graph.count("MATCH (e:OlEvent) RETURN count(e) AS c");
        Api.Response r = w.post("/api/v1/lineage", Events.run("COMPLETE", "2026-10-01T10:05:00Z", "airflow",
                "etl.load_orders", RUN).input("postgres://db:5432", "shop.public.orders_raw").text());
        assertProblem(r, 409);
        assertThat(Graph.count("MATCH (e:OlEvent) RETURN count(e) AS c")).isEqualTo(events);
    }

    @Test
    void inABatchOnlyTheEventNamingARetractedKeyIsRefused() {
        Api w = writer();
        w.post("/api/v1/lineage", start().text());
        String raw = "dataset:{postgres://db:5432}shop.public.orders_raw@unversioned";
        w.post("/api/v1/retractions", Map.of("key", raw, "reason", "wrong table"));
        String bad = Events.run("COMPLETE", "2026-10-01T10:05:00Z", "airflow", "etl.load_orders", RUN)
                .input("postgres://db:5432", "shop.public.orders_raw").text();
        String good = Events.run("START", "2026-10-01T11:00:00Z", "airflow", "etl.other", "r-2")
                .output("postgres://db:5432", "shop.public.other").text();
        Api.Response r = w.post("/api/v1/lineage/batch", "[" + good + "," + bad + "]");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("results").get(0).get("status").asText()).isEqualTo("created");
        assertThat(r.json().get("results").get(1).get("status").asText()).isEqualTo("conflict");
        assertThat(Graph.count("MATCH (n:Run {key: 'run:{airflow}etl.other@r-2'}) RETURN count(n) AS c"))
                .isEqualTo(1);
        assertThat(Audit.count("openlineage.event")).isEqualTo(2);
    }

    @Test
    void concurrentPostsAreEachStoredAndAuditedOnce() throws Exception {
        Api w = writer();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String event = Events.run(i % 2 == 0 ? "START" : "COMPLETE", "2026-10-01T10:0" + (i % 2) + ":00Z",
                        "dbt", "model.m" + (i % 4), "run-" + (i / 2)).input("postgres://db:5432", "raw.t" + (i % 3))
                        .output("postgres://db:5432", "mart.m" + (i % 4)).outputSchema("id bigint").text();
                answers.add(pool.submit(() -> w.post("/api/v1/lineage", event).status()));
            }
            for (java.util.concurrent.Future<Integer> a : answers) {
                assertThat(a.get()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(Audit.count("openlineage.event")).isEqualTo(40);
        assertThat(admin.get("/api/v1/audit/verify").json().get("ok").asBoolean()).isTrue();
        assertThat(Graph.count("MATCH (r:Run) WHERE r.olState = 'completed' RETURN count(r) AS c")).isEqualTo(20);
        // One schema, one version per table, however the events were grouped.
        assertThat(Graph.count("MATCH (v:Dataset) WHERE v.key STARTS WITH 'dataset:{postgres://db:5432}mart.'"
                + " AND v.version IS NOT NULL RETURN count(v) AS c")).isEqualTo(4);
    }

    @Test
    void jobsAreListedWithoutANamespaceAPageAtATimeInKeyOrder() {
        Api w = writer();
        w.post("/api/v1/lineage", Events.run("START", "2026-10-01T10:00:00Z", "dbt", "model.b", "r1").text());
        w.post("/api/v1/lineage", Events.run("START", "2026-10-01T10:00:00Z", "dbt", "model.a", "r2").text());
        w.post("/api/v1/lineage", Events.run("START", "2026-10-01T10:00:00Z", "airflow", "dag.x", "r3").text());
        JsonNode all = admin.get("/api/v1/lineage/jobs").json();
        assertThat(all.get("jobs").findValuesAsText("key")).containsExactly("run:{airflow}dag.x",
                "run:{dbt}model.a", "run:{dbt}model.b");
        assertThat(all.get("jobs").get(0).get("runCount").asLong()).isEqualTo(1);
        JsonNode second = admin.get("/api/v1/lineage/jobs?offset=1&limit=1").json();
        assertThat(second.get("jobs").findValuesAsText("key")).containsExactly("run:{dbt}model.a");
        JsonNode dbt = admin.get("/api/v1/lineage/jobs?namespace=dbt").json();
        assertThat(dbt.get("jobs").findValuesAsText("name")).containsExactly("model.a", "model.b");
    }

    @Test
    void lineageAppearsFromTheStartEvent() {
        writer().post("/api/v1/lineage", start().text());
        String run = "run:{airflow}etl.load_orders@" + RUN;
        JsonNode up = admin.get("/api/v1/lineage?direction=upstream&depth=3&key="
                + Api.q("dataset:{postgres://db:5432}shop.public.orders")).json();
        assertThat(up.toString()).contains(run).contains("dataset:{postgres://db:5432}shop.public.orders_raw@unversioned");
        JsonNode node = admin.get("/api/v1/node?key=" + Api.q(run)).json();
        assertThat(node.get("properties").get("state").asText()).isEqualTo("running");
        assertThat(node.get("properties").get("startedAt").asText()).isEqualTo("2026-10-01T10:00:00.123456789Z");
        assertThat(node.get("family").asText()).isEqualTo("run:{airflow}etl.load_orders");
    }

    @Test
    void whatRealProducersSendIsAccepted() {
        Api w = writer();
        // A naive timestamp (no zone), Unicode names, no eventType, an unknown vendor facet and a big facet.
        Events e = Events.run(null, "2026-10-01 10:00:00.1234567891", "spark-ü", "顧客.集計", RUN)
                .output("s3://lake-ünï", "raw/客户/part-0.parquet");
        e.runFacets().putObject("acme_vendor").put("x", 1).putArray("deep").addObject().put("y", "🙂");
        e.jobFacets().putObject("sql").put("query", "select 1 -- " + "x".repeat(150_000));
        e.json().remove("producer");
        // Odd but harmless facets: an owner with no name after its prefix, a source location without a repository.
        Events.facet(e.jobFacets(), "ownership").putArray("owners").addObject().put("name", "user: ");
        Events.facet(e.jobFacets(), "sourceCodeLocation").put("type", "git").put("url", "   ").put("version", "abc");
        Api.Response r = w.post("/api/v1/lineage", e.text());
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode run = admin.get("/api/v1/lineage/runs/" + RUN).json();
        assertThat(run.get("jobName").asText()).isEqualTo("顧客.集計");
        assertThat(run.get("facets").get("acme_vendor").get("deep").get(0).get("y").asText()).isEqualTo("🙂");
        assertThat(run.get("startedAt").asText()).isEqualTo("2026-10-01T10:00:00.123456789Z");
        assertThat(run.get("state").asText()).isEqualTo("new");
        JsonNode events = admin.get("/api/v1/lineage/events?runId=" + RUN).json().get("events");
        assertThat(events.get(0).get("event").asText()).isEqualTo(e.text());
    }

    @Test
    void aBadEventIsA400NamingItsJsonPath() {
        Api w = writer();
        ObjectNode noRunId = start().json();
        ((ObjectNode) noRunId.get("run")).remove("runId");
        assertProblem(w.post("/api/v1/lineage", noRunId.toString()), 400, "$.run.runId");
        ObjectNode badTime = start().json().put("eventTime", "yesterday");
        assertProblem(w.post("/api/v1/lineage", badTime.toString()), 400, "$.eventTime");
        ObjectNode noName = start().json();
        ((ObjectNode) noName.get("outputs").get(0)).put("name", "");
        assertProblem(w.post("/api/v1/lineage", noName.toString()), 400, "$.outputs[0].name");
        ObjectNode badType = start().json().put("eventType", "FINISHED");
        assertProblem(w.post("/api/v1/lineage", badType.toString()), 400, "$.eventType");
        assertProblem(w.postRaw("/api/v1/lineage", "application/json", "{\"eventTime\": "), 400, "$");
        assertProblem(w.postRaw("/api/v1/lineage", "application/json",
                start().text().replace("etl.load_orders", "etl.\\ud800")), 400, "$.job.name");
        assertThat(Graph.count("MATCH (e:OlEvent) RETURN count(e) AS c")).isZero();
    }

    @Test
    void hugeNumbersAreKeptAsSent() {
        Api w = writer();
        String text = start().text().replace("\"facets\":{}}", "\"facets\":{\"stats\":{\"x\":1e400}}}");
        Api.Response r = w.post("/api/v1/lineage", text);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(admin.get("/api/v1/lineage/events?runId=" + RUN).json().get("events").get(0).get("event")
                .asText()).contains("1e400");
    }

    @Test
    void writingNeedsTheWriterRole() {
        Api reader = admin.withNewToken("viewer", "reader");
        assertProblem(reader.post("/api/v1/lineage", start().text()), 403);
        assertProblem(admin.as(null).post("/api/v1/lineage", start().text()), 401);
        assertProblem(admin.as("pdg_wrong").post("/api/v1/lineage", start().text()), 401);
    }

    @Test
    void gzipBodiesAreInflatedAndTheLimitAppliesToTheInflatedSize() throws IOException {
        Api w = writer();
        Api.Response ok = w.send(w.builder("/api/v1/lineage").header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(start().text().getBytes(StandardCharsets.UTF_8)))));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        // 64 MiB of spaces compresses to about 64 KiB: small on the wire, far above the limit once inflated.
        byte[] bomb = gzip((" ".repeat(64 * 1024 * 1024) + start().text()).getBytes(StandardCharsets.UTF_8));
        assertThat(bomb.length).isLessThan((int) LIMIT);
        assertProblem(w.send(w.builder("/api/v1/lineage").header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(bomb))), 413);
        assertProblem(w.send(w.builder("/api/v1/lineage").header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofString("not gzip"))), 400,
                "Content-Encoding");
        String big = start().text().replace("\"facets\":{}}", "\"facets\":{\"big\":\"" + "y".repeat((int) LIMIT)
                + "\"}}");
        assertProblem(w.post("/api/v1/lineage", big), 413);
    }

    @Test
    void aRefusalThatLeavesTheBodyUnreadTellsTheClientToCloseTheConnection() {
        Api w = writer();
        // Not gzip: the server stops at the first bytes, and the rest of the body is never read.
        Api.Response refused = w.send(w.builder("/api/v1/lineage").header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(200_000))));
        assertProblem(refused, 400, "Content-Encoding");
        assertThat(refused.headers().firstValue("Connection")).hasValue("close");
        Api.Response read = w.post("/api/v1/lineage", "{\"eventType\": 5}");
        assertThat(read.status()).isEqualTo(400);
        assertThat(read.headers().firstValue("Connection")).isEmpty();
        assertThat(w.get("/api/v1/whoami").status()).isEqualTo(200);
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }
}
