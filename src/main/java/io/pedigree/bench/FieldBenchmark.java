package io.pedigree.bench;

import io.pedigree.App;
import io.pedigree.config.Config;
import io.pedigree.config.EmbeddedMemory;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code bench fields}: the field-level questions alone, without the ingest and node-level timings of the full
 * bench, so they can be measured (and profiled) in minutes: the generated graph is loaded through the batch API,
 * the field chain of {@link FieldBench} laid over it, then field upstream and field impact are timed over HTTP,
 * through the service and against a one-query floor, interleaved.
 */
final class FieldBenchmark {

    private static final int ELEMENTS_PER_BATCH = 10_000;

    private FieldBenchmark() {
    }

    static int run(List<String> args, EmbeddedMemory memory, PrintStream out) {
        int nodes = 20_000;
        long seed = 42;
        int iterations = 100;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--nodes" -> nodes = Integer.parseInt(args.get(++i));
                case "--seed" -> seed = Long.parseLong(args.get(++i));
                case "--iterations" -> iterations = Integer.parseInt(args.get(++i));
                case "--help", "-h" -> {
                    out.println("""
                            Usage: java -jar target/pedigree.jar bench fields [--nodes N] [--seed S] [--iterations K]
                              --nodes N       size of the synthetic graph under the field chain (default 20000)
                              --seed S        random seed of the generator and the field chain (default 42)
                              --iterations K  timed repetitions of each question, after as many to warm up (default 100)
                            Starts its own Pedigree on an embedded Neo4j in a temporary directory, which it deletes.""");
                    return 0;
                }
                default -> {
                    out.println("Unknown option " + args.get(i) + "; see bench fields --help");
                    return 64;
                }
            }
        }
        try {
            return measure(nodes, seed, iterations, memory, out);
        } catch (Exception e) {
            out.println("bench fields failed: " + e);
            return 1;
        }
    }

    private static int measure(int n, long seed, int iterations, EmbeddedMemory memory, PrintStream out)
            throws Exception {
        Path dir = Files.createTempDirectory("pedigree-bench-fields");
        String token = "pdg_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Config config = Config.fromMap(Map.of("PEDIGREE_DATA_DIR", dir.toString(), "PEDIGREE_PORT", "0",
                "PEDIGREE_EMBEDDED_BOLT_PORT", "0", "PEDIGREE_ADMIN_TOKEN", token,
                "PEDIGREE_QUERY_TIMEOUT_SECONDS", "600")).withEmbeddedMemory(memory);
        try (App app = App.start(config)) {
            BenchClient client = new BenchClient("http://127.0.0.1:" + app.port(), token);
            long t0 = System.nanoTime();
            GraphGenerator.Graph g = GraphGenerator.generate(n, seed);
            for (String part : List.of("nodes", "relations")) {
                List<Map<String, Object>> rows = part.equals("nodes") ? g.nodes() : g.relations();
                for (int i = 0; i < rows.size(); i += ELEMENTS_PER_BATCH) {
                    client.send("POST", "/api/v1/batch",
                            Map.of(part, rows.subList(i, Math.min(rows.size(), i + ELEMENTS_PER_BATCH))));
                }
            }
            out.printf("Loaded %,d nodes and %,d relations (seed %d) in %.1f s%n", g.nodes().size(),
                    g.relations().size(), seed, (System.nanoTime() - t0) / 1e9);
            FieldBench.Chain chain = FieldBench.setUp(client, g, seed, out);
            try (Driver driver = GraphDatabase.driver(app.embedded().orElseThrow().boltUri(), AuthTokens.none())) {
                QueryBench queries = new QueryBench(client, app, new Floors(driver, config.maxDepth(),
                        config.maxNodes()), iterations, config.maxDepth(), config.maxNodes());
                List<BenchReport.Row> rows = FieldBench.time(queries, app, driver, chain, config.maxDepth(),
                        config.maxNodes());
                out.println();
                out.printf("Pedigree bench fields, %,d nodes, seed %d, %d timed runs each after as many to warm up;"
                        + " HTTP, service and floor interleaved%n", n, seed, iterations);
                BenchReport.table(rows).forEach(out::println);
                out.println();
                BenchReport.targets(rows).forEach(out::println);
            }
            return 0;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
