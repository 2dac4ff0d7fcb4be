package io.pedigree.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.App;
import io.pedigree.config.Config;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code bench ingest}: loads the generator's graph through the HTTP batch API and, in the same run and database,
 * the same rows (under other keys) with a plain {@code UNWIND … CREATE} over Bolt, the floor the database itself
 * sets; then re-sends the unchanged batches. Prints elements per second of each side by side.
 */
final class IngestBenchmark {

    // The floor: what the database does with the rows and nothing else (no history, checks or audit).
    private static final String PLAIN_NODES = """
            UNWIND $rows AS row
            CREATE (n:Node {key: row.key})
            SET n += row.properties, n.validFrom = row.validFrom
            """;

    private static final String PLAIN_RELATIONS = """
            UNWIND $rows AS row
            MATCH (a:Node {key: row.from})
            MATCH (b:Node {key: row.to})
            CREATE (a)-[r:$(row.type)]->(b)
            SET r.validFrom = row.validFrom, r.validTo = row.validTo
            """;

    private IngestBenchmark() {
    }

    static int run(List<String> args, PrintStream out) throws IOException, InterruptedException {
        int nodes = 100_000;
        long seed = 42;
        int perRequest = 10_000;
        int writers = 2;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--nodes" -> nodes = Integer.parseInt(args.get(++i));
                case "--seed" -> seed = Long.parseLong(args.get(++i));
                case "--batch" -> perRequest = Integer.parseInt(args.get(++i));
                case "--writers" -> writers = Integer.parseInt(args.get(++i));
                case "--help", "-h" -> {
                    out.println("""
                            Usage: java -jar target/pedigree.jar bench ingest [--nodes N] [--seed S] [--batch B] [--writers W]
                              --nodes N    size of the synthetic graph (default 100000)
                              --seed S     random seed of the generator (default 42)
                              --batch B    nodes or relations per request and per plain statement (default 10000)
                              --writers W  concurrent clients on each side (default 2)
                            Starts its own Pedigree on an embedded Neo4j in a temporary directory, which it deletes.""");
                    return 0;
                }
                default -> {
                    out.println("Unknown option " + args.get(i) + "; see bench ingest --help");
                    return 64;
                }
            }
        }
        Path dir = Files.createTempDirectory("pedigree-ingest");
        String token = "pdg_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PEDIGREE_DATA_DIR", dir.toString());
        env.putIfAbsent("PEDIGREE_PORT", "0");
        env.putIfAbsent("PEDIGREE_EMBEDDED_BOLT_PORT", "0");
        env.put("PEDIGREE_ADMIN_TOKEN", token);
        env.remove("NEO4J_URI");
        Config config = Config.fromMap(env);
        try (App app = App.start(config);
             Driver driver = GraphDatabase.driver(app.embedded().orElseThrow().boltUri(), AuthTokens.none())) {
            Side api = new Side(new BenchClient("http://127.0.0.1:" + app.port(), token), driver, perRequest, writers);
            return measure(api, nodes, seed, out);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int measure(Side side, int n, long seed, PrintStream out) throws IOException, InterruptedException {
        GraphGenerator.Graph g = GraphGenerator.generate(n, seed);
        GraphGenerator.Graph plain = GraphGenerator.generate(n, seed, "plain-");
        GraphGenerator.Graph warmup = GraphGenerator.generate(Math.min(n, 20_000), seed + 1, "warmup-");
        int elements = g.nodes().size() + g.relations().size();
        out.printf("Generated %,d nodes and %,d relations (seed %d), %,d per request, %d writers on each side%n",
                g.nodes().size(), g.relations().size(), seed, side.perRequest, side.writers);
        side.api("nodes", warmup.nodes());
        side.api("relations", warmup.relations());
        side.plain(PLAIN_NODES, warmup.nodes().subList(0, 2_000).stream().map(r -> rekey(r, "warm2-")).toList());

        // CPU seconds of this process (server, database and client) per phase: on a shared machine the wall time
        // depends on what else runs, the work done much less.
        double cpu0 = cpuSeconds();
        double plainNodes = side.plain(PLAIN_NODES, plainRows(plain.nodes()));
        double plainRelations = side.plain(PLAIN_RELATIONS, plainRows(plain.relations()));
        double cpu1 = cpuSeconds();
        double apiNodes = side.api("nodes", g.nodes());
        double apiRelations = side.api("relations", g.relations());
        double cpu2 = cpuSeconds();
        double resent = side.api("nodes", g.nodes()) + side.api("relations", g.relations());
        double cpu3 = cpuSeconds();

        double plainRate = elements / (plainNodes + plainRelations);
        double apiRate = elements / (apiNodes + apiRelations);
        out.println();
        out.println("| load of the same rows | nodes/s | relations/s | elements/s | time | CPU time |");
        out.println("|---|---|---|---|---|---|");
        out.printf("| plain UNWIND … CREATE over Bolt | %,.0f | %,.0f | %,.0f | %.1f s | %.1f s |%n",
                g.nodes().size() / plainNodes, g.relations().size() / plainRelations, plainRate,
                plainNodes + plainRelations, cpu1 - cpu0);
        out.printf("| POST /api/v1/batch | %,.0f | %,.0f | %,.0f | %.1f s | %.1f s |%n", g.nodes().size() / apiNodes,
                g.relations().size() / apiRelations, apiRate, apiNodes + apiRelations, cpu2 - cpu1);
        out.printf("| POST /api/v1/batch, the same batches again (unchanged) | | | %,.0f | %.1f s | %.1f s |%n",
                elements / resent, resent, cpu3 - cpu2);
        out.println();
        out.printf("Batch API / plain UNWIND CREATE: %.2f by elements/s, %.2f by CPU time per element (target >= 0.7;"
                + " >= 50,000 elements/s where the plain statement allows it). Unchanged re-send / first load: %.2f"
                + " times as fast.%n", apiRate / plainRate, (cpu1 - cpu0) / (cpu2 - cpu1),
                (apiNodes + apiRelations) / resent);
        Runtime rt = Runtime.getRuntime();
        out.printf("Heap in use (server and client share this JVM): %d MiB of %d MiB max%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
        return 0;
    }

    /** CPU time this process has used so far, all threads. */
    private static double cpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static Map<String, Object> rekey(Map<String, Object> row, String prefix) {
        Map<String, Object> m = new HashMap<>(row);
        m.put("key", ((String) row.get("key")).replaceFirst(":", ":" + prefix));
        return plainRow(m);
    }

    private static List<Map<String, Object>> plainRows(List<Map<String, Object>> rows) {
        return rows.stream().map(IngestBenchmark::plainRow).toList();
    }

    /** The row as the plain statement takes it: times as datetimes, properties as a map of values. */
    private static Map<String, Object> plainRow(Map<String, Object> row) {
        Map<String, Object> m = new HashMap<>(row);
        for (String time : List.of("validFrom", "validTo")) {
            if (m.get(time) instanceof String s) {
                m.put(time, OffsetDateTime.parse(s).toZonedDateTime());
            }
        }
        m.putIfAbsent("properties", Map.of());
        return m;
    }

    /** One client side: W writers sending bounded requests, through HTTP or straight to the database. */
    private record Side(BenchClient client, Driver driver, int perRequest, int writers) {

        /** Seconds to send {@code rows} as batches of the API. */
        double api(String part, List<Map<String, Object>> rows) throws IOException, InterruptedException {
            return timed(rows, chunk -> {
                JsonNode s = client.send("POST", "/api/v1/batch", Map.of(part, chunk));
                if (s.path(part).path("created").asInt() + s.path(part).path("unchanged").asInt()
                        + s.path(part).path("updated").asInt() != chunk.size()) {
                    throw new IOException("The batch answered other counts than it was sent: " + s);
                }
            });
        }

        /** Seconds to run {@code statement} over {@code rows}, a write transaction per request-sized chunk. */
        double plain(String statement, List<Map<String, Object>> rows) throws IOException, InterruptedException {
            return timed(rows, chunk -> {
                try (Session session = driver.session()) {
                    session.executeWrite(tx -> tx.run(statement, Map.of("rows", chunk)).consume());
                }
            });
        }

        private double timed(List<Map<String, Object>> rows, Chunk send) throws IOException, InterruptedException {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            long start = System.nanoTime();
            try {
                List<Future<Object>> sent = new ArrayList<>();
                for (int i = 0; i < rows.size(); i += perRequest) {
                    List<Map<String, Object>> chunk = rows.subList(i, Math.min(rows.size(), i + perRequest));
                    sent.add(pool.submit(() -> {
                        send.accept(chunk);
                        return null;
                    }));
                }
                for (Future<Object> f : sent) {
                    f.get();
                }
                return (System.nanoTime() - start) / 1e9;
            } catch (ExecutionException e) {
                throw new IOException("loading failed: " + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @FunctionalInterface
    private interface Chunk {
        void accept(List<Map<String, Object>> rows) throws Exception;
    }
}
