package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A few hundred events of several jobs, sent shuffled, concurrently and with duplicates (as the Python client's
 * async transport and its retries do), answer lineage questions exactly as the same events sent in order; and
 * the admin replay of stored events changes nothing.
 */
class ReplayIT extends PedigreeIT {

    private static final String PG = "postgres://db:5432";
    private static final String[] TABLES = {"raw", "clean", "features", "scores", "report"};

    /** Four jobs chained raw → clean → features → scores → report, each run every ten minutes for a day-ish. */
    static List<String> events() {
        List<String> out = new ArrayList<>();
        Instant t0 = Instant.parse("2026-10-01T00:00:00Z");
        for (int run = 0; run < 20; run++) {
            for (int j = 0; j < 4; j++) {
                String id = String.format("0196a5d2-0000-7000-8%03d-%012d", j, run);
                Instant start = t0.plusSeconds(600L * run + 60L * j);
                String job = "etl." + TABLES[j + 1];
                out.add(Events.run("START", start.toString(), "airflow", job, id).parent("airflow", "etl",
                        String.format("0196a5d2-0000-7000-9000-%012d", run))
                        .input(PG, "shop." + TABLES[j]).output(PG, "shop." + TABLES[j + 1]).text());
                out.add(Events.run("RUNNING", start.plusSeconds(20).toString(), "airflow", job, id).text());
                Events done = Events.run(run % 7 == 3 && j == 2 ? "FAIL" : "COMPLETE",
                        start.plusSeconds(50).toString(), "airflow", job, id)
                        .input(PG, "shop." + TABLES[j]).output(PG, "shop." + TABLES[j + 1])
                        .outputSchema("id bigint", run < 10 ? "v1 text" : "v2 text");
                if (run % 7 == 3 && j == 2) {
                    done.error("OOM");
                }
                out.add(done.text());
            }
        }
        return out;
    }

    private List<String> answers() {
        List<String> out = new ArrayList<>();
        for (String table : TABLES) {
            String key = Api.q("dataset:{" + PG + "}shop." + table);
            out.add(shape(admin.get("/api/v1/lineage?direction=upstream&depth=20&key=" + key).json()));
            out.add(shape(admin.get("/api/v1/impact?key=" + key).json()));
        }
        JsonNode failed = admin.get("/api/v1/lineage/jobs?namespace=airflow&name=etl.scores&runs=100").json();
        out.add(failed.get("runs").toString());
        return out;
    }

    /** The nodes and relations of an answer, sorted: what it says, not the order it says it in. */
    private static String shape(JsonNode answer) {
        TreeSet<String> items = new TreeSet<>();
        answer.path("nodes").forEach(n -> items.add("node " + n.path("key").asText()));
        answer.path("relations").forEach(r -> items.add("rel " + r.path("from").asText() + " " + r.path("type").asText()
                + " " + r.path("to").asText() + " " + r.path("validFrom").asText()));
        answer.path("affected").forEach(n -> items.add("affected " + n.toString()));
        return items.toString();
    }

    @Test
    void shuffledConcurrentDuplicatedEventsGiveTheSameLineageAsEventsInOrder() throws Exception {
        List<String> events = events();
        assertThat(events).hasSizeGreaterThanOrEqualTo(240);
        Api w = admin.withNewToken("airflow", "writer");
        for (String e : events) {
            assertThat(w.post("/api/v1/lineage", e).status()).isEqualTo(201);
        }
        List<String> inOrder = answers();
        String graphInOrder = GraphSnapshot.take();
        assertThat(inOrder.get(0)).contains("shop.raw@unversioned");
        assertThat(inOrder.get(inOrder.size() - 1)).contains("OOM");

        reset();
        Api w2 = admin.withNewToken("airflow", "writer");
        List<String> shuffled = new ArrayList<>(events);
        Random random = new Random(42);
        for (int i = 0; i < 60; i++) {
            shuffled.add(events.get(random.nextInt(events.size())));
        }
        Collections.shuffle(shuffled, random);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (String e : shuffled) {
                sent.add(pool.submit(() -> w2.post("/api/v1/lineage", e).status()));
            }
            for (Future<Integer> f : sent) {
                assertThat(f.get()).isIn(200, 201);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(answers()).isEqualTo(inOrder);
        assertThat(GraphSnapshot.take()).isEqualTo(graphInOrder);

        // Replaying every stored event into the graph again changes nothing.
        JsonNode replay = admin.post("/api/v1/admin/lineage/replay", "").json();
        assertThat(replay.get("events").asLong()).isEqualTo(events.size());
        assertThat(GraphSnapshot.take()).isEqualTo(graphInOrder);
    }

    private void reset() {
        resetGraph();
    }
}
