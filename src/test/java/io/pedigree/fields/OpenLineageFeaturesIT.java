package io.pedigree.fields;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A training run reported through OpenLineage names the features it consumed on its input
 * ({@code pedigree_features} input facet); the model version registered with that run consumes them, whether the
 * run's events arrive before the version is registered or after, so field impact reaches the version and the
 * deployment serving it, and a quarantine of the raw column taints it.
 */
class OpenLineageFeaturesIT extends PedigreeIT {

    private static final String NS = "s3://lake";
    private static final String RAW = "dataset:{" + NS + "}raw/transactions";
    private static final String FEAT = "dataset:{" + NS + "}features/fraud";
    private static final String RUN_ID = "0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e10";
    private static final String RUN = "run:{airflow}train_fraud@" + RUN_ID;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-02T08:00:00Z"));
    private Api writer;
    private Registry reg;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void featureJob() {
        writer = admin.withNewToken("pipelines", "writer");
        reg = new Registry(writer);
        // The feature job: velocity is computed from the raw card number, the amount average from the amount.
        ok(writer.post("/api/v1/lineage", Map.of(
                "eventType", "COMPLETE", "eventTime", "2026-10-01T09:00:00Z",
                "producer", "https://acme.example/spark", "schemaURL", SCHEMA_URL,
                "run", Map.of("runId", "0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e11"),
                "job", Map.of("namespace", "spark", "name", "fraud_features"),
                "inputs", List.of(Map.of("namespace", NS, "name", "raw/transactions")),
                "outputs", List.of(Map.of("namespace", NS, "name", "features/fraud", "facets", Map.of(
                        "schema", facet(Map.of("fields", List.of(Map.of("name", "txn_velocity_7d", "type", "int"),
                                Map.of("name", "avg_amount_30d", "type", "double")))),
                        "columnLineage", facet(Map.of("fields", Map.of(
                                "txn_velocity_7d", Map.of("inputFields", List.of(input("card_number"))),
                                "avg_amount_30d", Map.of("inputFields", List.of(input("amount"))))))))))));
        reg.model("fraud", null);
        reg.deployment("fraud-shadow", "staging");
    }

    private static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

    private static Map<String, Object> facet(Map<String, Object> body) {
        Map<String, Object> out = new java.util.HashMap<>(body);
        out.put("_producer", "https://acme.example/spark");
        out.put("_schemaURL", "https://openlineage.io/spec/facets/1-0-0/Facet.json");
        return out;
    }

    private static Map<String, Object> input(String field) {
        return Map.of("namespace", NS, "name", "raw/transactions", "field", field,
                "transformations", List.of(Map.of("type", "DIRECT", "subtype", "AGGREGATION")));
    }

    /** The training run, naming the velocity feature of the feature table it read. */
    private void trainingRun() {
        ok(writer.post("/api/v1/lineage", Map.of(
                "eventType", "START", "eventTime", "2026-10-01T10:00:00Z",
                "producer", "https://acme.example/trainer", "schemaURL", SCHEMA_URL,
                "run", Map.of("runId", RUN_ID),
                "job", Map.of("namespace", "airflow", "name", "train_fraud"),
                "inputs", List.of(Map.of("namespace", NS, "name", "features/fraud",
                        "inputFacets", Map.of("pedigree_features",
                                facet(Map.of("fields", List.of("txn_velocity_7d")))))))));
    }

    private void registerAndServe() {
        ok(reg.register("fraud", Map.of("run", RUN, "card", Registry.FULL_CARD)));
        ok(reg.serve("fraud-shadow", "model:fraud@1"));
        clock.advance(java.time.Duration.ofMinutes(1));
    }

    private JsonNode impactOf(String field) {
        return ok(admin.get("/api/v1/fields/impact?dataset=" + Api.q(RAW) + "&field=" + field));
    }

    @Test
    void aVersionRegisteredAfterItsRunsEventsConsumesTheFeaturesTheRunNamed() {
        trainingRun();
        registerAndServe();

        JsonNode velocity = impactOf("card_number");
        JsonNode amount = impactOf("amount");

        assertThat(velocity.get("models").findValuesAsText("version")).containsExactly("model:fraud@1");
        assertThat(velocity.get("models").get(0).get("via").toString()).contains(FEAT + "#txn_velocity_7d");
        assertThat(velocity.get("deployments").findValuesAsText("deployment")).containsExactly("deployment:fraud-shadow");
        assertThat(amount.get("models")).as("a feature the run did not name").isEmpty();
    }

    @Test
    void aRunWhoseEventsArriveAfterItsVersionIsRegisteredGivesTheVersionItsFeatures() {
        reg.lineage(RUN);
        registerAndServe();
        assertThat(impactOf("card_number").get("models")).isEmpty();

        trainingRun();

        JsonNode velocity = impactOf("card_number");
        assertThat(velocity.get("models").findValuesAsText("version")).containsExactly("model:fraud@1");
        assertThat(velocity.get("deployments").findValuesAsText("deployment")).containsExactly("deployment:fraud-shadow");
    }

    @Test
    void quarantiningTheRawColumnTaintsTheVersionTrainedOnAFeatureDerivedFromIt() {
        trainingRun();
        registerAndServe();

        JsonNode q = ok(admin.post("/api/v1/quarantines", Map.of("key", RAW, "field", "card_number",
                "reason", "unmasked card numbers")));

        JsonNode affected = ok(admin.get("/api/v1/quarantines/" + q.get("id").asText()));
        assertThat(affected.toString()).contains("model:fraud@1");
    }
}
