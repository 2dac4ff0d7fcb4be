package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.pedigree.testing.Api;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Registry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole dbt-style chain from events sent with the official OpenLineage Java client (1.45.0): a dbt run
 * builds staging from raw, a Spark job features from staging (both with {@code schema} and {@code columnLineage}),
 * and a training run names the feature it consumed ({@code pedigree_features} input facet); the model version
 * registered from that run serves production. Field impact of a raw column then reaches the deployment, as of
 * every instant along the way, and a quarantined raw column taints exactly the version fed by its values.
 */
class OfficialClientFieldChainIT extends PedigreeIT {

    private static final OpenLineage OL = new OpenLineage(URI.create("https://github.com/dbt-labs/dbt-core"));
    private static final ColumnFacets F = new ColumnFacets(OL);
    private static final String PG = "postgres://warehouse:5432";
    private static final String RAW = "dataset:{" + PG + "}fraud.raw.transactions";
    private static final String STG = "dataset:{" + PG + "}fraud.analytics.stg_transactions";
    private static final String FEAT = "dataset:{s3://lake}features/fraud";
    private static final UUID TRAINING = UUID.fromString("0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e03");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-10-02T08:00:00Z"));
    private Api writer;
    private Registry reg;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void chainThroughTheOfficialClientThenRegisterAndServe() throws Exception {
        writer = admin.withNewToken("pipelines", "writer");
        reg = new Registry(writer);
        String token = admin.post("/api/v1/admin/tokens", Map.of("principal", "emitter",
                "roles", List.of("writer"))).json().get("token").asText();
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create("http://127.0.0.1:" + app.port()));
        ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
        auth.setApiKey(token);
        config.setAuth(auth);
        config.setTimeoutInMillis(60_000);
        try (OpenLineageClient client = new OpenLineageClient(new HttpTransport(config))) {
            UUID dbt = UUID.fromString("0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e01");
            client.emit(dbt(OpenLineage.RunEvent.EventType.START, dbt, "2026-10-01T10:00:00Z"));
            client.emit(dbt(OpenLineage.RunEvent.EventType.COMPLETE, dbt, "2026-10-01T10:02:00Z"));
            UUID spark = UUID.fromString("0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e02");
            client.emit(spark(OpenLineage.RunEvent.EventType.START, spark, "2026-10-01T11:00:00Z"));
            client.emit(spark(OpenLineage.RunEvent.EventType.COMPLETE, spark, "2026-10-01T11:04:00Z"));
            client.emit(training(OpenLineage.RunEvent.EventType.START, "2026-10-01T12:00:00Z"));
            client.emit(training(OpenLineage.RunEvent.EventType.COMPLETE, "2026-10-01T12:30:00Z"));
        }
        reg.model("fraud", Map.of("production", Map.of("approvals", 0)));
        reg.deployment("fraud-prod", "production");
        ok(reg.register("fraud", Map.of("run", "run:{airflow}train_fraud@" + TRAINING, "card", Registry.FULL_CARD)));
        reg.promote(writer, "fraud", 1, "staging", Map.of());
        reg.promote(writer, "fraud", 1, "production", Map.of("deployments", List.of("fraud-prod")));
        clock.advance(java.time.Duration.ofMinutes(1));
    }

    private static OpenLineage.RunEvent dbt(OpenLineage.RunEvent.EventType type, UUID runId, String time) {
        OpenLineage.DatasetFacets out = OL.newDatasetFacetsBuilder()
                .schema(F.schema("card_hash", "varchar", "amount", "numeric", "event_time", "timestamp"))
                .columnLineage(OL.newColumnLineageDatasetFacetBuilder()
                        .fields(OL.newColumnLineageDatasetFacetFieldsBuilder()
                                .put("card_hash", F.derived(input(PG, "fraud.raw.transactions", "card_number",
                                        "DIRECT", "TRANSFORMATION")))
                                .put("amount", F.derived(input(PG, "fraud.raw.transactions", "amount",
                                        "DIRECT", "IDENTITY")))
                                .put("event_time", F.derived(input(PG, "fraud.raw.transactions", "event_time",
                                        "DIRECT", "IDENTITY")))
                                .build())
                        .build())
                .build();
        return OL.newRunEventBuilder().eventType(type).eventTime(ZonedDateTime.parse(time))
                .run(OL.newRunBuilder().runId(runId).build())
                .job(OL.newJobBuilder().namespace("dbt-fraud").name("model.fraud.stg_transactions").build())
                .inputs(List.of(OL.newInputDatasetBuilder().namespace(PG).name("fraud.raw.transactions")
                        .facets(OL.newDatasetFacetsBuilder().schema(F.schema("card_number", "varchar", "amount",
                                "numeric", "event_time", "timestamp")).build()).build()))
                .outputs(List.of(OL.newOutputDatasetBuilder().namespace(PG).name("fraud.analytics.stg_transactions")
                        .facets(out).build()))
                .build();
    }

    /** The velocity feature counts events grouped by the hashed card: values of event_time, rows of card_hash. */
    private static OpenLineage.RunEvent spark(OpenLineage.RunEvent.EventType type, UUID runId, String time) {
        return OL.newRunEventBuilder().eventType(type).eventTime(ZonedDateTime.parse(time))
                .run(OL.newRunBuilder().runId(runId).build())
                .job(OL.newJobBuilder().namespace("spark-prod").name("fraud_features.execute_insert").build())
                .inputs(List.of(OL.newInputDatasetBuilder().namespace(PG).name("fraud.analytics.stg_transactions")
                        .build()))
                .outputs(List.of(OL.newOutputDatasetBuilder().namespace("s3://lake").name("features/fraud")
                        .facets(OL.newDatasetFacetsBuilder()
                                .schema(F.schema("txn_velocity_7d", "bigint", "avg_amount_30d", "double"))
                                .columnLineage(OL.newColumnLineageDatasetFacetBuilder()
                                        .fields(OL.newColumnLineageDatasetFacetFieldsBuilder()
                                                .put("txn_velocity_7d", F.derived(
                                                        input(PG, "fraud.analytics.stg_transactions", "card_hash",
                                                                "INDIRECT", "GROUP_BY"),
                                                        input(PG, "fraud.analytics.stg_transactions", "event_time",
                                                                "DIRECT", "AGGREGATION")))
                                                .put("avg_amount_30d", F.derived(
                                                        input(PG, "fraud.analytics.stg_transactions", "amount",
                                                                "DIRECT", "AGGREGATION")))
                                                .build())
                                        .build())
                                .build())
                        .build()))
                .build();
    }

    /** The training run names the one feature it consumed with Pedigree's custom input facet. */
    private static OpenLineage.RunEvent training(OpenLineage.RunEvent.EventType type, String time) {
        OpenLineage.InputDatasetFacet features = OL.newInputDatasetFacet();
        features.getAdditionalProperties().put("fields", List.of("txn_velocity_7d"));
        return OL.newRunEventBuilder().eventType(type).eventTime(ZonedDateTime.parse(time))
                .run(OL.newRunBuilder().runId(TRAINING).build())
                .job(OL.newJobBuilder().namespace("airflow").name("train_fraud").build())
                .inputs(List.of(OL.newInputDatasetBuilder().namespace("s3://lake").name("features/fraud")
                        .inputFacets(OL.newInputDatasetInputFacetsBuilder().put("pedigree_features", features)
                                .build())
                        .build()))
                .build();
    }

    private static OpenLineage.InputField input(String namespace, String name, String field, String type,
                                                String subtype) {
        return F.input(namespace, name, field, OL.newInputFieldTransformationsBuilder().type(type).subtype(subtype)
                .build());
    }

    private JsonNode impact(String field, String more) {
        return ok(admin.get("/api/v1/fields/impact?dataset=" + Api.q(RAW) + "&field=" + field + more));
    }

    @Test
    void theImpactOfARawColumnReachesTheProductionDeploymentThroughStagingFeaturesAndTheTrainingRun() {
        JsonNode all = impact("card_number", "");
        JsonNode direct = impact("card_number", "&view=direct");
        JsonNode values = impact("event_time", "&view=direct");

        assertThat(all.get("fields").findValuesAsText("key")).contains(STG + "#card_hash", FEAT + "#txn_velocity_7d");
        assertThat(all.get("models").findValuesAsText("version")).containsExactly("model:fraud@1");
        assertThat(all.get("deployments").get(0).get("deployment").asText()).isEqualTo("deployment:fraud-prod");
        assertThat(all.get("deployments").get(0).get("environment").asText()).isEqualTo("production");
        assertThat(direct.get("models")).as("the card only groups the feature's rows").isEmpty();
        assertThat(values.get("models").findValuesAsText("version")).containsExactly("model:fraud@1");
        assertThat(values.get("deployments").findValuesAsText("deployment")).containsExactly("deployment:fraud-prod");
    }

    @Test
    void asOfEarlierInstantsTheImpactStopsWhereTheChainThenEnded() {
        JsonNode beforeDbt = impact("event_time", "&asOf=2026-10-01T09:59:00Z");
        JsonNode beforeSpark = impact("event_time", "&asOf=2026-10-01T10:30:00Z");
        JsonNode beforeTraining = impact("event_time", "&asOf=2026-10-01T11:30:00Z");
        JsonNode now = impact("event_time", "");

        assertThat(beforeDbt.get("fields")).isEmpty();
        assertThat(beforeSpark.get("fields").findValuesAsText("key")).containsExactly(STG + "#event_time");
        assertThat(beforeTraining.get("fields").findValuesAsText("key"))
                .containsExactlyInAnyOrder(STG + "#event_time", FEAT + "#txn_velocity_7d");
        assertThat(beforeTraining.get("models")).isEmpty();
        assertThat(beforeTraining.get("deployments")).isEmpty();
        assertThat(now.get("models").findValuesAsText("version")).containsExactly("model:fraud@1");
    }

    @Test
    void aQuarantinedRawColumnTaintsTheVersionItsValuesFeedAndOnlyThatOne() {
        ok(admin.post("/api/v1/quarantines", Map.of("key", RAW, "field", "card_number",
                "reason", "unmasked card numbers")));
        assertThat(ok(admin.get("/api/v1/models/fraud/versions/1")).get("quarantinedUpstream"))
                .as("card_number only groups the feature's rows").isEmpty();

        ok(admin.post("/api/v1/quarantines", Map.of("key", RAW, "field", "event_time",
                "reason", "clock skew in the source")));

        JsonNode tainted = ok(admin.get("/api/v1/models/fraud/versions/1")).get("quarantinedUpstream");
        assertThat(tainted.findValuesAsText("asset")).containsExactly(RAW + "#event_time");
        assertThat(ok(admin.get("/api/v1/models/fraud/versions/1/gates?stage=production")).toString())
                .contains(RAW + "#event_time is quarantined (clock skew in the source)");
    }
}
