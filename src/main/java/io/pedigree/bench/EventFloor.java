package io.pedigree.bench;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The floor {@code bench openlineage} sets the product against: the same event texts stored by the same number
 * of concurrent clients straight over Bolt, one node each under a unique digest, with nothing else: no HTTP, no
 * parsing, no graph mapping, no audit. Once with one write transaction per event (what a store that commits
 * each request can reach), once with as many events per transaction as there are clients (what group commit
 * can reach at best with that many clients waiting).
 */
final class EventFloor {

    private static final String STORE = """
            UNWIND $rows AS row
            CREATE (:BenchFloorEvent {digest: row.digest, raw: row.raw})
            """;

    private final Driver driver;
    private final int clients;
    private int round;

    EventFloor(Driver driver, int clients) {
        this.driver = driver;
        this.clients = clients;
        try (Session s = driver.session()) {
            s.run("CREATE CONSTRAINT bench_floor_digest IF NOT EXISTS FOR (e:BenchFloorEvent) REQUIRE e.digest IS UNIQUE")
                    .consume();
        }
    }

    double run(List<String> events, int perTransaction) throws InterruptedException {
        return run(events, perTransaction, new Latencies());
    }

    /**
     * Stores every event once, {@code perTransaction} to a transaction, from the clients; answers events per
     * second and records each transaction's latency once per event it held.
     */
    double run(List<String> events, int perTransaction, Latencies latencies) throws InterruptedException {
        int r = round++;
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Long>>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                List<Long> mine = new ArrayList<>();
                try (Session session = driver.session()) {
                    for (int i = next.getAndAdd(perTransaction); i < events.size();
                         i = next.getAndAdd(perTransaction)) {
                        List<Map<String, Object>> rows = new ArrayList<>();
                        for (int k = i; k < Math.min(events.size(), i + perTransaction); k++) {
                            rows.add(Map.of("digest", digest(r + ":" + events.get(k)), "raw", events.get(k)));
                        }
                        long s = System.nanoTime();
                        session.executeWriteWithoutResult(tx -> tx.run(STORE, Map.of("rows", rows)).consume());
                        long took = System.nanoTime() - s;
                        rows.forEach(x -> mine.add(took));
                    }
                }
                return mine;
            }));
        }
        try {
            for (Future<List<Long>> f : done) {
                f.get().forEach(n -> latencies.add(n, 0));
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("The floor's write failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return events.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
