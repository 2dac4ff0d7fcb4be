package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Hive table and the storage path under it, joined by a symlinks facet, are one dataset: lineage, impact and
 * node lookups by either name give the same answer, whichever name came first and in whatever order events come.
 */
class SymlinksIT extends PedigreeIT {

    private static final String HIVE_NS = "hive://metastore:9083";
    private static final String HIVE_NAME = "sales.orders";
    private static final String S3_NS = "s3://lake";
    private static final String S3_NAME = "warehouse/sales/orders";
    private static final String HIVE = "dataset:{" + HIVE_NS + "}" + HIVE_NAME;
    private static final String S3 = "dataset:{" + S3_NS + "}" + S3_NAME;
    private static final String PG = "postgres://db:5432";
    private static final String RAW = "dataset:{" + PG + "}raw.orders";
    private static final String REPORT = "dataset:{" + PG + "}mart.orders_report";
    private static final String FEATURES = "dataset:{" + S3_NS + "}features/orders";

    /** Spark loads raw orders into the path, with a version and a symlink to the Hive table. */
    private static String load() {
        Events e = Events.run("COMPLETE", "2026-10-01T01:00:00Z", "spark", "load_orders",
                "0196a5d2-0000-7000-8000-000000000001").input(PG, "raw.orders").output(S3_NS, S3_NAME)
                .outputVersion("v1");
        symlink(e.lastOutputFacets(), HIVE_NS, HIVE_NAME);
        return e.text();
    }

    /** dbt reads the Hive table (only that name) into a report. */
    private static String report() {
        return Events.run("COMPLETE", "2026-10-01T02:00:00Z", "dbt", "orders_report",
                "0196a5d2-0000-7000-8000-000000000002").input(HIVE_NS, HIVE_NAME).output(PG, "mart.orders_report")
                .text();
    }

    /** A training job reads the path (only that name) into features. */
    private static String features() {
        return Events.run("COMPLETE", "2026-10-01T03:00:00Z", "ml", "features",
                "0196a5d2-0000-7000-8000-000000000003").input(S3_NS, S3_NAME).output(S3_NS, "features/orders")
                .text();
    }

    private static void symlink(ObjectNode facets, String namespace, String name) {
        Events.facet(facets, "symlinks").putArray("identifiers").addObject().put("namespace", namespace)
                .put("name", name).put("type", "TABLE");
    }

    private void send(List<String> events) {
        Api w = admin.withNewToken("spark", "writer");
        for (String e : events) {
            assertThat(w.post("/api/v1/lineage", e).status()).isIn(200, 201);
        }
    }

    /** What lineage says from every name, by name asked: the answers must not depend on the name. */
    private List<String> answers() {
        List<String> out = new ArrayList<>();
        for (String key : List.of(HIVE, S3, HIVE + "@v1", S3 + "@v1")) {
            out.add(shape(admin.get("/api/v1/lineage?direction=both&depth=10&key=" + Api.q(key)).json()));
            out.add(shape(admin.get("/api/v1/impact?key=" + Api.q(key)).json()));
        }
        out.add(shape(admin.get("/api/v1/impact?key=" + Api.q(RAW)).json()));
        out.add(shape(admin.get("/api/v1/lineage?direction=upstream&depth=10&key=" + Api.q(REPORT)).json()));
        out.add(shape(admin.get("/api/v1/lineage?direction=upstream&depth=10&key=" + Api.q(FEATURES)).json()));
        return out;
    }

    private static String shape(JsonNode answer) {
        TreeSet<String> items = new TreeSet<>();
        answer.path("nodes").forEach(n -> items.add("node " + n.path("key").asText()));
        answer.path("relations").forEach(r -> items.add("rel " + r.path("from").asText() + " "
                + r.path("type").asText() + " " + r.path("to").asText() + " " + r.path("validFrom").asText()));
        answer.path("byKind").forEach(list -> list.forEach(n -> items.add("affected " + n.path("key").asText()
                + " " + n.path("depth").asText())));
        return items.toString();
    }

    private void assertOneDataset() {
        List<String> a = answers();
        // Asked by the Hive name, the path, or a version under either, lineage is the same.
        assertThat(a.get(2)).isEqualTo(a.get(0));
        assertThat(a.get(3)).isEqualTo(a.get(1));
        assertThat(a.get(6)).isEqualTo(a.get(4));
        assertThat(a.get(7)).isEqualTo(a.get(5));
        // Raw orders reach both the report (read by the Hive name) and the features (read by the path).
        assertThat(a.get(8)).contains("affected " + REPORT + "@unversioned 4", "affected " + FEATURES
                + "@unversioned 4", "affected " + HIVE + "@v1 2");
        assertThat(a.get(9)).contains("node " + RAW, "node " + HIVE + "@v1").doesNotContain(S3);
        assertThat(a.get(10)).contains("node " + RAW, "node " + HIVE + "@v1").doesNotContain(S3 + "@");
        assertThat(Graph.count("MATCH (n:Node) WHERE n.key STARTS WITH $k RETURN count(n) AS c", "k", S3))
                .isZero();

        // A path asked to a version under the path's name runs to the canonical version.
        JsonNode path = admin.get("/api/v1/path?from=" + Api.q(REPORT + "@unversioned") + "&to="
                + Api.q(S3 + "@v1")).json();
        assertThat(path.path("paths").get(0).path("nodes").findValuesAsText("key")).contains(HIVE + "@v1");

        Api.Response byPath = admin.get("/api/v1/node?key=" + Api.q(S3));
        assertThat(byPath.status()).isEqualTo(200);
        assertThat(byPath.json().path("key").asText()).isEqualTo(HIVE);
        assertThat(byPath.headers().firstValue("Content-Location")).contains("/api/v1/node?key=" + Api.q(HIVE));
        assertThat(byPath.json().toString()).contains("\"aliases\":[\"" + S3.replace("/", "/") + "\"]");
    }

    @Test
    void aSymlinkSeenFirstMakesBothNamesOneDataset() {
        send(List.of(load(), report(), features()));
        assertOneDataset();
        assertThat(Audit.count("openlineage.symlink")).isEqualTo(1);
        assertThat(Audit.count("openlineage.symlink.merge")).isZero();
    }

    @Test
    void aSymlinkArrivingAfterBothNamesMergesTheirDatasetsAndAuditsIt() {
        send(List.of(report(), features()));
        assertThat(Graph.count("MATCH (n:Node {key: $k}) RETURN count(n) AS c", "k", S3)).isEqualTo(1);
        assertThat(Graph.count("MATCH (n:Node {key: $k}) RETURN count(n) AS c", "k", HIVE)).isEqualTo(1);

        send(List.of(load()));

        assertOneDataset();
        var merges = Audit.events("openlineage.symlink.merge");
        assertThat(merges).hasSize(1);
        assertThat(merges.get(0).get("target").asString()).isEqualTo(HIVE);
        assertThat(merges.get(0).get("targets").asList(v -> v.asString())).containsExactly(S3);
        assertThat(admin.get("/api/v1/audit/verify").json().toString()).contains("true");
    }

    @Test
    void shuffledEventsAndAReplayGiveTheSameLineageAsEventsInOrder() {
        List<String> events = List.of(load(), report(), features(),
                Events.run("START", "2026-10-01T00:59:00Z", "spark", "load_orders",
                        "0196a5d2-0000-7000-8000-000000000001").input(PG, "raw.orders").output(S3_NS, S3_NAME).text());
        send(events);
        List<String> inOrder = answers();
        assertOneDataset();

        Random random = new Random(7);
        for (int round = 0; round < 6; round++) {
            reset();
            List<String> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            send(shuffled);
            assertThat(answers()).as("order %s", round).isEqualTo(inOrder);
        }
        assertThat(admin.post("/api/v1/admin/lineage/replay", "").status()).isEqualTo(200);
        assertThat(answers()).isEqualTo(inOrder);
    }

    @Test
    void aSymlinkToARetractedDatasetIsRefusedLikeAnyRetractedKey() {
        send(List.of(report()));
        assertThat(admin.post("/api/v1/retractions", Map.of("key", HIVE, "reason", "wrong table")).status())
                .isEqualTo(200);

        Api.Response r = admin.withNewToken("spark", "writer").post("/api/v1/lineage", load());

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.body()).contains(HIVE);
        assertThat(Graph.count("MATCH (n:Node) WHERE n.key STARTS WITH $k RETURN count(n) AS c", "k", S3)).isZero();
        assertThat(Graph.count("MATCH (a:DatasetAlias) RETURN count(a) AS c")).isZero();
    }

    @Test
    void badSymlinksFacetsAreRefusedNamingTheirPath() {
        Api w = admin.withNewToken("spark", "writer");
        ObjectNode e = Events.run("COMPLETE", "2026-10-01T01:00:00Z", "spark", "load_orders",
                "0196a5d2-0000-7000-8000-000000000009").output(S3_NS, S3_NAME).json();
        ObjectNode facets = (ObjectNode) e.get("outputs").get(0).get("facets");

        facets.put("symlinks", "hive");
        assertProblem(w.post("/api/v1/lineage", e.toString()), 400, "$.outputs[0].facets.symlinks");

        Events.facet(facets, "symlinks").put("identifiers", "not a list");
        assertProblem(w.post("/api/v1/lineage", e.toString()), 400, "$.outputs[0].facets.symlinks.identifiers");

        Events.facet(facets, "symlinks").putArray("identifiers").addObject().put("namespace", HIVE_NS)
                .put("type", "TABLE");
        assertProblem(w.post("/api/v1/lineage", e.toString()), 400,
                "$.outputs[0].facets.symlinks.identifiers[0].name");

        Events.facet(facets, "symlinks").putArray("identifiers").add("hive sales.orders");
        assertProblem(w.post("/api/v1/lineage", e.toString()), 400, "$.outputs[0].facets.symlinks.identifiers[0]");

        ObjectNode ds = Events.JSON.createObjectNode();
        ds.put("eventTime", "2026-10-01T01:00:00Z");
        ds.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent");
        ObjectNode d = ds.putObject("dataset").put("namespace", S3_NS).put("name", S3_NAME);
        Events.facet(d.putObject("facets"), "symlinks").putArray("identifiers").addObject().put("name", HIVE_NAME);
        assertProblem(w.post("/api/v1/lineage", ds.toString()), 400,
                "$.dataset.facets.symlinks.identifiers[0].namespace");
        assertThat(Graph.count("MATCH (n:Node) RETURN count(n) AS c")).isZero();
    }

    @Test
    void aDatasetEventWithSymlinksJoinsNamesSeenBefore() {
        send(List.of(report(), features()));
        ObjectNode ds = Events.JSON.createObjectNode();
        ds.put("eventTime", "2026-10-01T00:30:00Z");
        ds.put("producer", Events.PRODUCER);
        ds.put("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent");
        ObjectNode d = ds.putObject("dataset").put("namespace", S3_NS).put("name", S3_NAME);
        symlink(d.putObject("facets"), HIVE_NS, HIVE_NAME);
        send(List.of(ds.toString()));

        assertThat(Graph.count("MATCH (n:Node) WHERE n.key STARTS WITH $k RETURN count(n) AS c", "k", S3)).isZero();
        String fromPath = shape(admin.get("/api/v1/lineage?direction=both&depth=10&key=" + Api.q(S3)).json());
        assertThat(fromPath).contains("node " + REPORT, "node " + FEATURES)
                .isEqualTo(shape(admin.get("/api/v1/lineage?direction=both&depth=10&key=" + Api.q(HIVE)).json()));
    }

    @Test
    void theDatasetPageOfAnAliasIsTheCanonicalPageListingItsAliases() {
        send(List.of(load()));
        WebClient web = new WebClient(app);
        assertThat(web.signIn(TestApp.ADMIN_TOKEN).status()).isEqualTo(303);

        Api.Response byPath = web.get("/node?key=" + Api.q(S3));
        assertThat(byPath.status()).isEqualTo(302);
        assertThat(byPath.headers().firstValue("Location")).contains("/node?key=" + Api.q(HIVE));

        Api.Response page = web.get("/node?key=" + Api.q(HIVE));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("aliases").contains("warehouse/sales/orders");
    }

    @Test
    void columnLineageThroughEitherNameReachesTheCanonicalDatasetsFields() {
        String columns = Events.run("COMPLETE", "2026-10-01T03:00:00Z", "ml", "features",
                "0196a5d2-0000-7000-8000-000000000003").input(S3_NS, S3_NAME).output(S3_NS, "features/orders")
                .outputSchema("amount_7d double")
                .columnLineage("amount_7d", S3_NS, S3_NAME, "amount", "DIRECT", "AGGREGATION").text();
        for (List<String> order : List.of(List.of(load(), columns), List.of(columns, load()))) {
            reset();
            send(order);
            JsonNode up = admin.get("/api/v1/fields/upstream?dataset=" + Api.q(FEATURES) + "&field=amount_7d")
                    .json();
            assertThat(up.path("fields").findValuesAsText("key")).as(up.toString()).contains(HIVE + "#amount")
                    .noneMatch(k -> k.startsWith(S3 + "#"));
        }
    }

    private void reset() {
        resetGraph();
    }
}
