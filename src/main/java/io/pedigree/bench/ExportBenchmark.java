package io.pedigree.bench;

import io.pedigree.App;
import io.pedigree.config.Config;
import io.pedigree.export.ExportReport;
import io.pedigree.export.ImportReport;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@code bench export}: loads the synthetic graph, exports it to a directory, empties the database and imports the
 * export back, reporting the time of each and the most Java heap in use while it ran (sampled every 20 ms).
 */
final class ExportBenchmark {

    private ExportBenchmark() {
    }

    static int run(List<String> args, Config base, PrintStream out) throws Exception {
        int nodes = 20_000;
        long seed = 42;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--nodes" -> nodes = Integer.parseInt(args.get(++i));
                case "--seed" -> seed = Long.parseLong(args.get(++i));
                case "--help", "-h" -> {
                    out.println("""
                            Usage: java -jar target/pedigree.jar bench export [--nodes N] [--seed S]
                              --nodes N  size of the synthetic graph (default 20000)
                              --seed S   random seed of the generator (default 42)
                            Starts its own Pedigree on an embedded Neo4j in a temporary directory, which it
                            deletes.""");
                    return 0;
                }
                default -> {
                    out.println("Unknown option " + args.get(i) + "; see bench export --help");
                    return 64;
                }
            }
        }
        Path dir = Files.createTempDirectory("pedigree-bench-export");
        String token = "pdg_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Map<String, String> env = new HashMap<>();
        env.put("PEDIGREE_DATA_DIR", dir.resolve("data").toString());
        env.put("PEDIGREE_PORT", "0");
        env.put("PEDIGREE_EMBEDDED_BOLT_PORT", "0");
        env.put("PEDIGREE_ADMIN_TOKEN", token);
        env.put("PEDIGREE_QUERY_TIMEOUT_SECONDS", "600");
        try (App app = App.start(Config.fromMap(env).withEmbeddedMemory(base.embeddedMemory()))) {
            GraphGenerator.Graph g = GraphGenerator.generate(nodes, seed);
            BenchClient client = new BenchClient("http://127.0.0.1:" + app.port(), token);
            long t0 = System.nanoTime();
            for (String part : List.of("nodes", "relations")) {
                List<Map<String, Object>> rows = part.equals("nodes") ? g.nodes() : g.relations();
                for (int i = 0; i < rows.size(); i += 10_000) {
                    client.send("POST", "/api/v1/batch", Map.of(part, rows.subList(i, Math.min(rows.size(),
                            i + 10_000))));
                }
            }
            out.printf("Loaded %,d nodes and %,d relations in %.1f s%n", g.nodes().size(), g.relations().size(),
                    (System.nanoTime() - t0) / 1e9);

            Path export = dir.resolve("export");
            HeapPeak heap = HeapPeak.start();
            ExportReport e = app.backups().exportTo(export, false);
            long exportPeak = heap.stop();
            out.printf("Export: %,d nodes, %,d relations, %,d bytes in %.1f s; peak heap in use %,d MiB"
                            + " (max %,d MiB)%n",
                    e.nodes(), e.relations(), e.bytes(), e.millis() / 1e3, exportPeak, maxHeap());

            try (Driver driver = GraphDatabase.driver(app.embedded().orElseThrow().boltUri(), AuthTokens.none());
                 var session = driver.session()) {
                session.run("MATCH (n) WHERE NOT n:SchemaMigration CALL (n) { DETACH DELETE n }"
                        + " IN TRANSACTIONS OF 10000 ROWS").consume();
            }
            app.tokens().bootstrapAdmin(token);
            heap = HeapPeak.start();
            ImportReport r = app.backups().importFrom(export, false, "bench");
            long importPeak = heap.stop();
            out.printf("Import: %,d nodes, %,d relations in %.1f s; peak heap in use %,d MiB (max %,d MiB)%n",
                    r.nodesCreated(), r.relationsCreated(), r.millis() / 1e3, importPeak, maxHeap());
            boolean same = r.nodesCreated() == e.nodes() && r.relationsCreated() == e.relations()
                    && r.auditHead().equals(e.auditHead());
            out.printf("Round trip: %s (audit head %d before and %d after); process memory %s%n",
                    same ? "same counts and audit head" : "DIFFERENT", e.auditHead().seq(), r.auditHead().seq(),
                    ProcessMemory.describe());
            return same ? 0 : 1;
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long maxHeap() {
        return Runtime.getRuntime().maxMemory() >> 20;
    }

    /** Samples the heap in use on a daemon thread until stopped; answers the most seen, in MiB. */
    private static final class HeapPeak {
        private final AtomicLong peak = new AtomicLong();
        private volatile boolean running = true;
        private Thread thread;

        static HeapPeak start() {
            System.gc();
            HeapPeak h = new HeapPeak();
            h.thread = new Thread(() -> {
                while (h.running) {
                    Runtime rt = Runtime.getRuntime();
                    h.peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-peak");
            h.thread.setDaemon(true);
            h.thread.start();
            return h;
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return peak.get() >> 20;
        }
    }
}
