package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A run's state and lineage are a function of the set of its events, not of the order they arrive in. */
class RunStateOrderIT extends PedigreeIT {

    private static final String RUN = "0196a5d2-0000-7000-8000-000000000001";
    private static final String PG = "postgres://db:5432";

    /** START names the output without a schema; COMPLETE gives it; RUNNING and OTHER come in between. */
    static List<String> runEvents() {
        return List.of(
                Events.run("START", "2026-10-01T10:00:00Z", "airflow", "etl.orders", RUN)
                        .parent("airflow", "etl", "0196a5d2-0000-7000-8000-0000000000aa")
                        .input(PG, "shop.public.orders_raw").output(PG, "shop.public.orders").text(),
                Events.run("RUNNING", "2026-10-01T10:01:00Z", "airflow", "etl.orders", RUN)
                        .input(PG, "shop.public.customers").inputSchema("id bigint", "name text").text(),
                Events.run("FAIL", "2026-10-01T10:05:00Z", "airflow", "etl.orders", RUN)
                        .error("division by zero").sourceCode("https://github.com/acme/etl", "3f2a9c1")
                        .input(PG, "shop.public.orders_raw")
                        .output(PG, "shop.public.orders").outputSchema("id bigint", "total numeric").text(),
                Events.run("OTHER", "2026-10-01T09:59:00Z", "airflow", "etl.orders", RUN)
                        .owner("user:ana@acme.com").text());
    }

    @Test
    void everyPermutationOfARunsEventsWithDuplicatesMakesTheSameGraph() {
        List<String> events = runEvents();
        String expected = null;
        for (List<Integer> order : permutations(List.of(0, 1, 2, 3))) {
            reset();
            Api w = admin.withNewToken("airflow", "writer");
            for (int i : order) {
                assertThat(w.post("/api/v1/lineage", events.get(i)).status()).isEqualTo(201);
            }
            // A retried START and a retried FAIL change nothing.
            assertThat(w.post("/api/v1/lineage", events.get(0)).status()).isEqualTo(200);
            assertThat(w.post("/api/v1/lineage", events.get(2)).status()).isEqualTo(200);
            String graph = GraphSnapshot.take();
            if (expected == null) {
                expected = graph;
                assertThat(graph).contains("state=failed").contains("errorMessage=division by zero")
                        .contains("startedAt=2026-10-01T10:00:00Z").contains("endedAt=2026-10-01T10:05:00Z");
            } else {
                assertThat(graph).as("order %s", order).isEqualTo(expected);
            }
        }
        JsonNode run = admin.get("/api/v1/lineage/runs/" + RUN).json();
        assertThat(run.get("state").asText()).isEqualTo("failed");
        assertThat(run.get("errorMessage").asText()).isEqualTo("division by zero");
        assertThat(run.get("outputs")).hasSize(1);
        assertThat(run.get("outputs").get(0).get("key").asText())
                .isEqualTo("dataset:{postgres://db:5432}shop.public.orders@" + Events.version("id bigint", "total numeric"));
        assertThat(run.get("inputs")).hasSize(2);
    }

    @Test
    void aLateStartDoesNotReopenACompletedRun() {
        Api w = admin.withNewToken("airflow", "writer");
        w.post("/api/v1/lineage", Events.run("COMPLETE", "2026-10-01T10:05:00Z", "airflow", "t", RUN).text());
        w.post("/api/v1/lineage", Events.run("START", "2026-10-01T10:00:00Z", "airflow", "t", RUN).text());
        // A second START (a retry from another worker, later) does not move the start time.
        w.post("/api/v1/lineage", Events.run("START", "2026-10-01T10:02:00Z", "airflow", "t", RUN).text());
        JsonNode run = admin.get("/api/v1/lineage/runs/" + RUN).json();
        assertThat(run.get("state").asText()).isEqualTo("completed");
        assertThat(run.get("startedAt").asText()).isEqualTo("2026-10-01T10:00:00Z");
        assertThat(run.get("endedAt").asText()).isEqualTo("2026-10-01T10:05:00Z");
        assertThat(run.get("durationSeconds").asDouble()).isEqualTo(300.0);
    }

    private void reset() {
        resetGraph();
    }

    static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            List<Integer> rest = new ArrayList<>(items);
            Integer head = rest.remove(i);
            for (List<Integer> tail : permutations(rest)) {
                List<Integer> p = new ArrayList<>();
                p.add(head);
                p.addAll(tail);
                out.add(p);
            }
        }
        return out;
    }
}
