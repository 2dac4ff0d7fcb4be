package io.pedigree.bench;

import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The database's own ingest speed, as the batch API's yardstick: the same rows written with a plain
 * {@code UNWIND … CREATE} over Bolt, in batches of the same size from as many clients at once, one write transaction
 * per batch in chunks of the same row count. The nodes carry a label of their own ({@value #LABEL}, with its own
 * uniqueness constraint so relations find their ends by index), so they never meet Pedigree's graph, and
 * {@link #wipe} removes them before the batch API loads the same rows into the then empty graph.
 */
final class PlainLoad {

    static final String LABEL = "PlainBench";

    private static final String CONSTRAINT = "CREATE CONSTRAINT plain_bench_key IF NOT EXISTS FOR (n:PlainBench)"
            + " REQUIRE n.key IS UNIQUE";
    private static final String DROP_CONSTRAINT = "DROP CONSTRAINT plain_bench_key IF EXISTS";

    private static final String NODES = """
            UNWIND $rows AS row
            CREATE (n:PlainBench {key: row.key, validFrom: datetime(row.validFrom)})
            SET n += row.properties
            """;

    // Relation types are the graph's own (USED, SERVES, ...), passed as a dynamic type from the generator's rows.
    private static final String RELATIONS = """
            UNWIND $rows AS row
            MATCH (a:PlainBench {key: row.from}), (b:PlainBench {key: row.to})
            CREATE (a)-[:$(row.type) {validFrom: datetime(row.validFrom), validTo: datetime(row.validTo)}]->(b)
            """;

    private static final String WIPE = """
            MATCH (n:PlainBench)
            CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 2000 ROWS
            """;

    private final Driver driver;
    private final int batch;
    private final int chunk;
    private final int writers;

    PlainLoad(Driver driver, int batch, int chunk, int writers) {
        this.driver = driver;
        this.batch = batch;
        this.chunk = chunk;
        this.writers = writers;
    }

    /** Writes the nodes, then the relations; answers how many elements were written. */
    int load(List<Map<String, Object>> nodes, List<Map<String, Object>> relations) throws InterruptedException {
        try (Session s = driver.session()) {
            s.run(CONSTRAINT).consume();
            s.run("CALL db.awaitIndexes(300)").consume();
        }
        return send(NODES, nodes) + send(RELATIONS, relations);
    }

    /** Removes everything {@link #load} wrote, and its constraint. */
    void wipe() {
        try (Session s = driver.session()) {
            s.run(WIPE).consume();
            s.run(DROP_CONSTRAINT).consume();
        }
    }

    private int send(String statement, List<Map<String, Object>> rows) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < rows.size(); i += batch) {
                List<Map<String, Object>> one = rows.subList(i, Math.min(rows.size(), i + batch));
                sent.add(pool.submit(() -> write(statement, one)));
            }
            int total = 0;
            for (Future<Integer> f : sent) {
                total += f.get();
            }
            return total;
        } catch (ExecutionException e) {
            throw new IllegalStateException("plain UNWIND load failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private int write(String statement, List<Map<String, Object>> rows) {
        try (Session s = driver.session()) {
            return s.executeWrite(tx -> {
                for (int i = 0; i < rows.size(); i += chunk) {
                    tx.run(statement, Map.of("rows", rows.subList(i, Math.min(rows.size(), i + chunk)))).consume();
                }
                return rows.size();
            });
        }
    }
}
