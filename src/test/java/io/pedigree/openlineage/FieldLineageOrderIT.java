package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field-level lineage from OpenLineage is a function of the set of events: every permutation of a run's events,
 * with duplicates, gives the same fields, schemas and derivations, and an earlier run arriving late does not
 * replace what a later run reported.
 */
class FieldLineageOrderIT extends PedigreeIT {

    private static final String PG = "postgres://db:5432";
    private static final String RAW = "dataset:{" + PG + "}shop.raw.payments";
    private static final String STG = "dataset:{" + PG + "}shop.stg.payments";
    private static final String RUN = "0196a5d2-0000-7000-8000-0000000000f1";

    /**
     * START names the output without a schema (a placeholder) but with a first column lineage; RUNNING names an
     * input without a schema; COMPLETE gives the output's schema and a changed lineage for {@code amount}.
     */
    static List<String> runEvents() {
        return List.of(
                Events.run("START", "2026-10-01T10:00:00Z", "dbt", "model.shop.stg_payments", RUN)
                        .input(PG, "shop.raw.payments").inputSchema("card_number varchar", "amount numeric")
                        .output(PG, "shop.stg.payments")
                        .columnLineage("card_hash", PG, "shop.raw.payments", "card_number", "DIRECT",
                                "TRANSFORMATION")
                        .columnLineage("amount", PG, "shop.raw.payments", "amount", "DIRECT", "IDENTITY").text(),
                Events.run("RUNNING", "2026-10-01T10:01:00Z", "dbt", "model.shop.stg_payments", RUN)
                        .input(PG, "shop.raw.customers").text(),
                Events.run("COMPLETE", "2026-10-01T10:05:00Z", "dbt", "model.shop.stg_payments", RUN)
                        .output(PG, "shop.stg.payments").outputSchema("card_hash varchar", "amount numeric")
                        .columnLineage("card_hash", PG, "shop.raw.payments", "card_number", "DIRECT",
                                "TRANSFORMATION")
                        .columnLineage("amount", PG, "shop.raw.payments", "amount", "DIRECT", "AGGREGATION")
                        .text());
    }

    @Test
    void everyPermutationOfARunsEventsWithDuplicatesGivesTheSameFieldLineage() {
        List<String> events = runEvents();
        String expected = null;
        for (List<Integer> order : RunStateOrderIT.permutations(List.of(0, 1, 2))) {
            reset();
            Api w = admin.withNewToken("dbt", "writer");
            for (int i : order) {
                assertThat(w.post("/api/v1/lineage", events.get(i)).status()).isEqualTo(201);
            }
            assertThat(w.post("/api/v1/lineage", events.get(0)).status()).isEqualTo(200);
            assertThat(w.post("/api/v1/lineage", events.get(2)).status()).isEqualTo(200);
            String graph = GraphSnapshot.take();
            if (expected == null) {
                expected = graph;
            } else {
                assertThat(graph).as("order %s", order).isEqualTo(expected);
            }
        }
        assertThat(expected)
                .contains(STG + "#amount -DERIVES_FROM-> " + RAW + "#amount")
                .contains("subtype=AGGREGATION").doesNotContain("subtype=IDENTITY")
                .contains(STG + "@" + Events.version("card_hash varchar", "amount numeric") + " -HAS_SCHEMA-> ")
                .contains(RAW + "@" + Events.version("card_number varchar", "amount numeric") + " -HAS_SCHEMA-> ")
                .doesNotContain("shop.stg.payments@unversioned");
        JsonNode up = admin.get("/api/v1/fields/upstream?asOf=2026-10-01T10:00:00Z&dataset=" + Api.q(STG)
                + "&field=amount").json();
        assertThat(up.get("edges").toString()).as("valid from the run's first event naming the output")
                .contains("AGGREGATION");
        assertThat(admin.post("/api/v1/admin/lineage/replay", "").status()).isEqualTo(200);
        assertThat(GraphSnapshot.take()).as("a replay changes nothing").isEqualTo(expected);
    }

    private static String dailyRun(String runId, String day, String subtype) {
        return Events.run("COMPLETE", day + "T02:00:00Z", "dbt", "model.shop.stg_payments", runId)
                .input(PG, "shop.raw.payments")
                .output(PG, "shop.stg.payments").outputSchema("amount numeric")
                .columnLineage("amount", PG, "shop.raw.payments", "amount", "DIRECT", subtype).text();
    }

    @Test
    void anEarlierRunArrivingLateAddsItsLineageToThePastWithoutReplacingTheLaterOne() {
        String monday = dailyRun("0196a5d2-0000-7000-8000-0000000000d1", "2026-10-05", "IDENTITY");
        String tuesday = dailyRun("0196a5d2-0000-7000-8000-0000000000d2", "2026-10-06", "AGGREGATION");
        Api w = admin.withNewToken("dbt", "writer");
        w.post("/api/v1/lineage", monday);
        w.post("/api/v1/lineage", tuesday);
        String inOrder = GraphSnapshot.take();

        reset();
        w = admin.withNewToken("dbt", "writer");
        w.post("/api/v1/lineage", tuesday);
        w.post("/api/v1/lineage", monday);

        assertThat(GraphSnapshot.take()).isEqualTo(inOrder);
        String now = admin.get("/api/v1/fields/upstream?dataset=" + Api.q(STG) + "&field=amount").json()
                .get("edges").toString();
        String monday10 = admin.get("/api/v1/fields/upstream?asOf=2026-10-05T10:00:00Z&dataset=" + Api.q(STG)
                + "&field=amount").json().get("edges").toString();
        assertThat(now).contains("AGGREGATION").doesNotContain("IDENTITY");
        assertThat(monday10).contains("IDENTITY").doesNotContain("AGGREGATION");
    }

    private void reset() {
        resetGraph();
    }
}
