package io.pedigree.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.App;
import io.pedigree.config.Config;
import io.pedigree.config.EmbeddedMemory;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench}: generates a seeded synthetic lineage graph, loads it with a plain {@code UNWIND … CREATE} over Bolt
 * (then wiped) and through the HTTP batch API, then times lineage, impact, path, taint and rollback answers three
 * ways, interleaved: over HTTP, through the services in-process over Bolt, and as one hand-written Cypher query.
 */
public final class Benchmark {

    private static final int ELEMENTS_PER_BATCH = 10_000;

    private Benchmark() {
    }

    public static int run(List<String> args, Config base, PrintStream out) {
        if (!args.isEmpty() && args.get(0).equals("artifacts")) {
            return ArtifactBenchmark.run(args.subList(1, args.size()), base.artifacts(), out);
        }
        if (!args.isEmpty() && args.get(0).equals("openlineage")) {
            try {
                return OpenLineageBenchmark.run(args.subList(1, args.size()), out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        if (!args.isEmpty() && args.get(0).equals("ingest")) {
            try {
                return IngestBenchmark.run(args.subList(1, args.size()), out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        if (!args.isEmpty() && args.get(0).equals("measurements")) {
            try {
                return MeasurementBench.run(args.subList(1, args.size()), out);
            } catch (Exception e) {
                out.println("bench measurements failed: " + e);
                return 1;
            }
        }
        if (!args.isEmpty() && args.get(0).equals("fields")) {
            return FieldBenchmark.run(args.subList(1, args.size()), base.embeddedMemory(), out);
        }
        if (!args.isEmpty() && args.get(0).equals("export")) {
            try {
                return ExportBenchmark.run(args.subList(1, args.size()), base, out);
            } catch (Exception e) {
                out.println("bench export failed: " + e);
                return 1;
            }
        }
        if (!args.isEmpty() && args.get(0).equals("graph")) {
            return GraphRenderBenchmark.run(args.subList(1, args.size()), out);
        }
        int nodes = 100_000;
        long seed = 42;
        int iterations = 300;
        int writers = 2;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--nodes" -> nodes = Integer.parseInt(args.get(++i));
                case "--seed" -> seed = Long.parseLong(args.get(++i));
                case "--iterations" -> iterations = Integer.parseInt(args.get(++i));
                case "--writers" -> writers = Integer.parseInt(args.get(++i));
                case "--help", "-h" -> {
                    out.println("""
                            Usage: java -jar target/pedigree.jar bench [--nodes N] [--seed S] [--iterations K]
                              --nodes N       size of the synthetic graph (default 100000)
                              --seed S        random seed of the generator (default 42)
                              --iterations K  timed repetitions of each query, after warm-up (default 300)
                              --writers W     concurrent clients sending batches while loading (default 2)
                            Starts its own Pedigree on an embedded Neo4j in a temporary directory, which it deletes.""");
                    return 0;
                }
                default -> {
                    out.println("Unknown option " + args.get(i) + "; see bench --help");
                    return 64;
                }
            }
        }
        try {
            return new Run(out, nodes, seed, iterations, writers, base.embeddedMemory()).execute();
        } catch (Exception e) {
            out.println("bench failed: " + e);
            return 1;
        }
    }

    /** One benchmark run against its own server. */
    private static final class Run {
        private final PrintStream out;
        private final int writers;
        private final int n;
        private final long seed;
        private final int iterations;
        private final EmbeddedMemory memory;
        private final String token = "pdg_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        private String base;
        private BenchClient client;

        Run(PrintStream out, int n, long seed, int iterations, int writers, EmbeddedMemory memory) {
            this.out = out;
            this.memory = memory;
            this.writers = writers;
            this.n = n;
            this.seed = seed;
            this.iterations = iterations;
        }

        int execute() throws Exception {
            Path dir = Files.createTempDirectory("pedigree-bench");
            Map<String, String> env = new HashMap<>();
            env.put("PEDIGREE_DATA_DIR", dir.toString());
            env.put("PEDIGREE_PORT", "0");
            env.put("PEDIGREE_EMBEDDED_BOLT_PORT", "0");
            env.put("PEDIGREE_ADMIN_TOKEN", token);
            // Pages open without signing in, so the benchmark can time them like any client; the API still
            // checks tokens for everything but reads.
            env.put("PEDIGREE_AUTH_MODE", "open-reads");
            // On a shared machine a 10,000-element batch may run past the default 30 s; the bench measures how
            // long loading takes rather than failing half way (a request still has a bound).
            env.put("PEDIGREE_QUERY_TIMEOUT_SECONDS", "600");
            // The page cache and transaction memory come from the environment, so a large graph can be given more.
            Config config = Config.fromMap(env).withEmbeddedMemory(memory);
            try (App app = App.start(config)) {
                base = "http://127.0.0.1:" + app.port();
                client = new BenchClient(base, token);
                return measure(app, config);
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }

        private int measure(App app, Config config) throws Exception {
            long t0 = System.nanoTime();
            GraphGenerator.Graph g = GraphGenerator.generate(n, seed);
            out.printf("Generated %,d nodes and %,d relations (seed %d) in %.1f s; deepest derivation chain %d;"
                            + " most-used dataset %s (%d runs); median dataset %s (%d runs)%n", g.nodes().size(),
                    g.relations().size(), seed, (System.nanoTime() - t0) / 1e9, g.maxChainDepth(), g.mostUsedDataset(),
                    g.mostUsedDatasetUses(), g.medianDataset(), g.medianDatasetUses());

            // A server that has run for a while has its code compiled; warm this one up on other keys first.
            GraphGenerator.Graph warmup = GraphGenerator.generate(Math.min(n, 20_000), seed + 1, "warmup-");
            load("nodes", warmup.nodes());
            load("relations", warmup.relations());
            out.printf("Warmed up on %,d other elements%n", warmup.nodes().size() + warmup.relations().size());

            String uri = app.embedded().orElseThrow().boltUri();
            try (Driver driver = GraphDatabase.driver(uri, AuthTokens.none())) {
                // The database's own speed first, into the same Neo4j, then wiped: the batch API then loads the
                // same rows into a graph in the same state (the warm-up graph only).
                PlainLoad plain = new PlainLoad(driver, ELEMENTS_PER_BATCH, config.writeChunk(), writers);
                plain.load(warmup.nodes(), warmup.relations());
                plain.wipe();
                long plainStart = System.nanoTime();
                int plainElements = plain.load(g.nodes(), g.relations());
                double plainPerSecond = plainElements / ((System.nanoTime() - plainStart) / 1e9);
                long wipeStart = System.nanoTime();
                plain.wipe();
                out.printf("Plain UNWIND ... CREATE over Bolt: %,d elements in %.1f s: %,.0f elements/s (then wiped"
                        + " in %.1f s)%n", plainElements, plainElements / plainPerSecond, plainPerSecond,
                        (System.nanoTime() - wipeStart) / 1e9);

                long loadStart = System.nanoTime();
                int elements = load("nodes", g.nodes());
                double nodeSeconds = (System.nanoTime() - loadStart) / 1e9;
                elements += load("relations", g.relations());
                double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
                double perSecond = elements / loadSeconds;
                out.printf("Nodes: %,.0f per second; relations: %,.0f per second%n", g.nodes().size() / nodeSeconds,
                        g.relations().size() / (loadSeconds - nodeSeconds));
                out.printf("Loaded %,d elements through POST /api/v1/batch (%,d per request, %d clients at once) in"
                        + " %.1f s: %,.0f elements/s%n", elements, ELEMENTS_PER_BATCH, writers, loadSeconds, perSecond);
                if (client.retried() > 0) {
                    out.printf("  %,d requests were answered 503 (Neo4j busy, such as a deadlock between the two"
                            + " writers' batches) and sent again after their Retry-After; the time includes the"
                            + " waits%n", client.retried());
                }
                out.printf("Ingest, same rows, same batches and clients: batch API %,.0f elements/s, plain UNWIND"
                        + " %,.0f elements/s, ratio %.2f (target >= 0.7)%n", perSecond, plainPerSecond,
                        perSecond / plainPerSecond);

                GovernanceBench.Scenario scenario = GovernanceBench.setUp(client, g, out);
                List<String> roots = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    roots.add(i % 3 == 0 ? g.deployments().get(i % g.deployments().size())
                            : g.modelVersions().get(g.modelVersions().size() - 1 - i));
                }
                List<String> deployments = g.deployments().subList(0, Math.min(60, g.deployments().size()));
                Floors floors = new Floors(driver, config.maxDepth(), config.maxNodes());
                QueryBench queries = new QueryBench(client, app, floors, iterations, config.maxDepth(),
                        config.maxNodes());
                List<BenchReport.Row> rows = queries.runAll(g, roots, deployments, scenario.taintedVersion(),
                        scenario.taintedVersionPath(), scenario.deployment());
                FieldBench.Chain chain = FieldBench.setUp(client, g, seed, out);
                try {
                    FieldBench.time(queries, app, driver, chain, config.maxDepth(), config.maxNodes());
                } catch (IOException failed) {
                    // Reported, not fatal: the other questions' figures stand on their own.
                    out.println("Field upstream or impact failed: " + failed.getMessage());
                }
                Latencies page = nodePage(driver, out);
                report(rows);
                out.printf("Node page with a %.0f-node lineage, rendered over HTTP: p50 %.1f ms, p99 %.1f ms%n",
                        page.meanNodes(), page.percentileMillis(50), page.percentileMillis(99));
            }
            return 0;
        }

        /**
         * Times the node page of the dataset whose use is nearest 460 runs, drawn downstream at depth 1: the lineage query, the
         * drawing and the template, as a browser would wait for them.
         */
        private Latencies nodePage(Driver driver, PrintStream out) throws IOException, InterruptedException {
            String key;
            long uses;
            try (var session = driver.session()) {
                var r = session.run("""
                        MATCH (d:Dataset)<-[:USED]-(r:Run)
                        WITH d, count(r) AS uses
                        RETURN d.key AS key, uses ORDER BY abs(uses - 460), d.key LIMIT 1
                        """).single();
                key = r.get("key").asString();
                uses = r.get("uses").asLong();
            }
            String path = "/node?key=" + q(key) + "&depth=1&direction=downstream";
            Latencies latencies = new Latencies();
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < Math.max(20, iterations / 4); i++) {
                    long s = System.nanoTime();
                    BenchClient.Reply r = client.get(path);
                    long nanos = System.nanoTime() - s;
                    if (r.statusCode() != 200) {
                        throw new IOException("node page: HTTP " + r.statusCode());
                    }
                    if (round == 1) {
                        latencies.add(nanos, (int) uses + 1);
                    }
                }
            }
            out.printf("Node page of %s (%d runs use it; %d nodes in its lineage at depth 1 downstream)%n", key, uses,
                    uses + 1);
            return latencies;
        }

        private void report(List<BenchReport.Row> rows) {
            out.println();
            out.printf("Pedigree bench, %,d nodes, seed %d, %d timed runs each after as many to warm up; HTTP, service"
                    + " and floor interleaved%n", n, seed, iterations);
            BenchReport.table(rows).forEach(out::println);
            out.println();
            BenchReport.targets(rows).forEach(out::println);
            Runtime rt = Runtime.getRuntime();
            out.printf("Memory of this process (server, embedded Neo4j and bench client share it; /proc/self/status):"
                    + " %s; heap in use %,d MiB of %,d MiB max%n", ProcessMemory.describe(),
                    (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        }

        /** Sends the rows as batches from {@code writers} concurrent clients, as an ingest pipeline would. */
        private int load(String part, List<Map<String, Object>> rows) throws IOException, InterruptedException {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            try {
                List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
                for (int i = 0; i < rows.size(); i += ELEMENTS_PER_BATCH) {
                    List<Map<String, Object>> chunk = rows.subList(i, Math.min(rows.size(), i + ELEMENTS_PER_BATCH));
                    sent.add(pool.submit(() -> post(Map.of(part, chunk))));
                }
                int total = 0;
                for (java.util.concurrent.Future<Integer> f : sent) {
                    total += f.get();
                }
                return total;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException("loading " + part + " failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }

        private int post(Map<String, Object> body) throws IOException, InterruptedException {
            JsonNode s = client.send("POST", "/api/v1/batch", body);
            int count = 0;
            for (String part : List.of("nodes", "relations")) {
                for (String f : List.of("created", "updated", "unchanged")) {
                    count += s.get(part).get(f).asInt();
                }
            }
            return count;
        }

        private static String q(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
