package io.pedigree.bench;

import io.pedigree.App;
import io.pedigree.fields.FieldGraph;
import io.pedigree.fields.FieldRef;
import io.pedigree.fields.FieldView;
import org.neo4j.driver.Driver;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Field impact on a demo-like chain laid over the generated graph: a 500-column raw table whose card number feeds
 * a 500-column staging table and 20 tables of 10 to 200 feature columns (each derived field from 1 to 5 inputs),
 * with the generated model versions consuming features, so the impact of the card number reaches derived fields,
 * model versions and the deployments serving them. Timed over HTTP, through the service and as one Cypher query.
 */
final class FieldBench {

    static final String RAW = "dataset:bench-fields-raw";
    static final String STG = "dataset:bench-fields-stg";
    static final String WIDE = "card_number";

    // The floors return what the answers hold, in one query each and without caps, as lists (the cheapest rows to
    // build and send): the fields reached (a pruning breadth-first search, then distinct) with the derivations
    // leaving them; for impact also the versions consuming one of them with the features they consume, and the
    // deployments serving those now with owners. Each field as the service reads it (key, dataset and name), each
    // derivation with its validity, and each floor in a read transaction, as the service and every other floor run.
    private static final String UPSTREAM_FLOOR = """
            MATCH (root:Field {dataset: $dataset, path: $path})
            OPTIONAL MATCH (root)-[r:DERIVES_FROM*1..%d]->(x:Field)
            WHERE all(e IN r WHERE e.validTo IS NULL)
            WITH root, collect(DISTINCT x) AS xs
            CALL (root, xs) {
                UNWIND [root] + xs AS a
                MATCH (a)-[e:DERIVES_FROM]->(b:Field) WHERE e.validTo IS NULL
                RETURN collect([a.key, b.key, e.type, e.subtype, e.description, e.masking,
                                e.validFrom.epochSeconds, e.validFrom.nanosecond, e.validTo.epochSeconds,
                                e.validTo.nanosecond])
                    AS edges
            }
            RETURN size(xs) + 1 AS size, [x IN xs | [x.key, x.dataset, x.path]] AS fields, edges
            """;

    private static final String IMPACT_FLOOR = """
            MATCH (root:Field {dataset: $dataset, path: $path})
            OPTIONAL MATCH (root)<-[r:DERIVES_FROM*1..%d]-(x:Field)
            WHERE all(e IN r WHERE e.validTo IS NULL)
            WITH root, collect(DISTINCT x) AS xs
            CALL (root, xs) {
                UNWIND xs AS a
                MATCH (a)-[e:DERIVES_FROM]->(b:Field) WHERE e.validTo IS NULL
                RETURN collect([a.key, b.key, e.type, e.subtype, e.description, e.masking,
                                e.validFrom.epochSeconds, e.validFrom.nanosecond, e.validTo.epochSeconds,
                                e.validTo.nanosecond])
                    AS edges
            }
            CALL (root, xs) {
                UNWIND [root] + xs AS f
                MATCH (m:Node)-[c:CONSUMES]->(f) WHERE c.validTo IS NULL
                WITH m, collect(f.key) AS via
                RETURN collect([m.key, via]) AS models, collect(m) AS ms
            }
            CALL (ms) {
                UNWIND ms AS m
                MATCH (d:Deployment)-[s:SERVES]->(m) WHERE s.validTo IS NULL
                WITH d, collect(m.key) AS serves
                OPTIONAL MATCH (d)-[o:OWNED_BY]->(p:Person) WHERE o.validTo IS NULL
                WITH d, serves, collect(p.key) AS owners
                RETURN collect([d.key, d.`p.environment`, serves, owners]) AS deployments
            }
            RETURN size(xs) + size(models) + size(deployments) + 1 AS size,
                   [x IN xs | [x.key, x.dataset, x.path]] AS fields, edges, models, deployments
            """;

    private FieldBench() {
    }

    /** The chain laid over the graph: the feature columns, whose upstream is timed. */
    record Chain(List<Map<String, Object>> features) {
    }

    /** Declares the chain through {@code POST /api/v1/fields}. */
    static Chain setUp(BenchClient client, GraphGenerator.Graph g, long seed, PrintStream out)
            throws IOException, InterruptedException {
        Random random = new Random(seed);
        List<Map<String, Object>> nodes = new ArrayList<>();
        List<Map<String, Object>> datasets = new ArrayList<>();
        List<Map<String, Object>> derivations = new ArrayList<>();
        List<String> raw = columns(WIDE, "c", 500);
        table(nodes, datasets, RAW, raw);
        List<String> stg = columns("card_hash", "s", 500);
        table(nodes, datasets, STG, stg);
        derivations.add(derive(STG, "card_hash", List.of(input(RAW, WIDE, "DIRECT", "TRANSFORMATION"))));
        for (int i = 1; i < stg.size(); i++) {
            derivations.add(derive(STG, stg.get(i), inputs(random, RAW, raw)));
        }
        List<Map<String, Object>> features = new ArrayList<>();
        int fields = raw.size() + stg.size();
        for (int t = 0; t < 20; t++) {
            String feat = "dataset:bench-fields-feat-" + t;
            List<String> cols = columns("f0", "f", 10 + random.nextInt(191));
            table(nodes, datasets, feat, cols);
            fields += cols.size();
            for (String c : cols) {
                derivations.add(derive(feat, c, inputs(random, STG, stg)));
                features.add(Map.of("dataset", feat, "field", c));
            }
        }
        client.send("POST", "/api/v1/batch", Map.of("nodes", nodes, "relations", List.of()));
        client.send("POST", "/api/v1/fields", Map.of("datasets", datasets, "derivations", derivations));
        List<Map<String, Object>> consumers = new ArrayList<>();
        for (String version : g.modelVersions().subList(0, Math.min(2_000, g.modelVersions().size()))) {
            Set<Map<String, Object>> some = new LinkedHashSet<>();
            for (int k = 1 + random.nextInt(5); k > 0; k--) {
                some.add(features.get(random.nextInt(features.size())));
            }
            consumers.add(Map.of("version", version, "fields", List.copyOf(some)));
            if (consumers.size() == 500) {
                client.send("POST", "/api/v1/fields", Map.of("features", consumers));
                consumers = new ArrayList<>();
            }
        }
        if (!consumers.isEmpty()) {
            client.send("POST", "/api/v1/fields", Map.of("features", consumers));
        }
        out.printf("Fields: %,d columns in 22 tables (%,d derivations), features for %,d model versions%n", fields,
                derivations.size(), Math.min(2_000, g.modelVersions().size()));
        return new Chain(List.copyOf(features));
    }

    /**
     * Times the upstream of feature columns (a different one each iteration) and the impact of the raw card number,
     * all view, default caps; each answers its size as the three sides agree. Answers the two report rows.
     */
    static List<BenchReport.Row> time(QueryBench bench, App app, Driver driver, Chain chain, int maxDepth,
                                      int maxNodes) throws Exception {
        List<BenchReport.Row> rows = new ArrayList<>();
        String upstreamFloor = UPSTREAM_FLOOR.formatted(maxDepth);
        rows.add(bench.time("field upstream of a feature column", BenchReport.Role.OTHER, true,
                bench.http(i -> "/api/v1/fields/upstream" + "?dataset="
                        + q(feature(chain, i, "dataset")) + "&field=" + q(feature(chain, i, "field")),
                        a -> a.get("fields").size() + 1),
                i -> app.fieldQueries().upstream(ref(feature(chain, i, "dataset"), feature(chain, i, "field")),
                        FieldView.ALL, maxDepth, maxNodes, null).fields().size() + 1,
                i -> floor(driver, upstreamFloor, feature(chain, i, "dataset"), feature(chain, i, "field"))));
        String impactFloor = IMPACT_FLOOR.formatted(maxDepth);
        rows.add(bench.time("field impact of a wide table's card number", BenchReport.Role.FIELD_IMPACT, true,
                bench.http(i -> "/api/v1/fields/impact?dataset=" + q(RAW) + "&field=" + WIDE,
                        a -> a.get("fields").size() + a.get("models").size() + a.get("deployments").size() + 1),
                i -> size(app.fieldQueries().impact(ref(RAW, WIDE), FieldView.ALL, maxDepth, maxNodes, null)),
                i -> floor(driver, impactFloor, RAW, WIDE)));
        return rows;
    }

    private static String feature(Chain chain, int i, String part) {
        // A stride through the feature columns, so consecutive iterations ask about different tables.
        return (String) chain.features().get((int) ((i * 7919L) % chain.features().size())).get(part);
    }

    private static FieldRef ref(String dataset, String field) {
        return new FieldRef(io.pedigree.lineage.NodeKey.parse("dataset", dataset), field);
    }

    private static int floor(Driver driver, String query, String dataset, String field) {
        try (var session = driver.session()) {
            return session.executeRead(tx -> tx.run(query, Map.of("dataset", dataset, "path", field)).single()
                    .get("size").asInt());
        }
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int size(FieldGraph.Impact impact) {
        return impact.fields().size() + impact.models().size() + impact.deployments().size() + 1;
    }

    private static List<String> columns(String first, String prefix, int n) {
        List<String> out = new ArrayList<>();
        out.add(first);
        for (int i = 1; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static void table(List<Map<String, Object>> nodes, List<Map<String, Object>> datasets, String family,
                              List<String> cols) {
        nodes.add(Map.of("key", family + "@1"));
        List<Map<String, Object>> fields = new ArrayList<>();
        cols.forEach(c -> fields.add(Map.of("name", c, "type", "string")));
        datasets.add(Map.of("version", family + "@1", "fields", fields));
    }

    /** One to five inputs; one in ten also grouped by the table's first column (the card number or its hash). */
    private static List<Map<String, Object>> inputs(Random random, String dataset, List<String> cols) {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int k = 1 + random.nextInt(5); k > 0; k--) {
            String c = cols.get(1 + random.nextInt(cols.size() - 1));
            if (seen.add(c)) {
                out.add(input(dataset, c, "DIRECT", "AGGREGATION"));
            }
        }
        if (random.nextInt(10) == 0) {
            out.add(input(dataset, cols.get(0), "INDIRECT", "GROUP_BY"));
        }
        return out;
    }

    private static Map<String, Object> input(String dataset, String field, String type, String subtype) {
        return Map.of("dataset", dataset, "field", field, "transformations",
                List.of(Map.of("type", type, "subtype", subtype)));
    }

    private static Map<String, Object> derive(String dataset, String field, List<Map<String, Object>> inputs) {
        return Map.of("dataset", dataset, "field", field, "inputs", inputs);
    }
}
