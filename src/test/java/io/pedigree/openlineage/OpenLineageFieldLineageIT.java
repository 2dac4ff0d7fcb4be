package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.pedigree.testing.Api;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field-level lineage from events sent with the official OpenLineage Java client: a dbt run builds staging from
 * raw and a Spark job features from staging, each output with its {@code schema} and 1-2-0 {@code columnLineage}
 * facets; field upstream and impact then follow the columns with the transformation on each edge.
 */
class OpenLineageFieldLineageIT extends PedigreeIT {

    private static final OpenLineage OL = new OpenLineage(URI.create("https://github.com/dbt-labs/dbt-core"));
    private static final ColumnFacets F = new ColumnFacets(OL);
    private static final String PG = "postgres://warehouse:5432";
    private static final String RAW = "dataset:{" + PG + "}fraud.raw.transactions";
    private static final String STG = "dataset:{" + PG + "}fraud.analytics.stg_transactions";
    private static final String FEAT = "dataset:{s3://lake}features/fraud";

    @BeforeEach
    void sendDbtAndSparkEvents() throws Exception {
        String token = admin.post("/api/v1/admin/tokens", java.util.Map.of("principal", "pipelines",
                "roles", List.of("writer"))).json().get("token").asText();
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create("http://127.0.0.1:" + app.port()));
        ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
        auth.setApiKey(token);
        config.setAuth(auth);
        config.setTimeoutInMillis(60_000);
        try (OpenLineageClient client = new OpenLineageClient(new HttpTransport(config))) {
            UUID dbt = UUID.fromString("0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e01");
            client.emit(dbtRun(OpenLineage.RunEvent.EventType.START, dbt, "2026-10-01T10:00:00Z", false));
            client.emit(dbtRun(OpenLineage.RunEvent.EventType.COMPLETE, dbt, "2026-10-01T10:02:00Z", true));
            UUID spark = UUID.fromString("0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e02");
            client.emit(sparkRun(OpenLineage.RunEvent.EventType.START, spark, "2026-10-01T11:00:00Z"));
            client.emit(sparkRun(OpenLineage.RunEvent.EventType.COMPLETE, spark, "2026-10-01T11:04:00Z"));
        }
    }

    /** dbt's COMPLETE carries the output's schema and column lineage; its START names the datasets only. */
    private static OpenLineage.RunEvent dbtRun(OpenLineage.RunEvent.EventType type, UUID runId, String time,
                                               boolean facets) {
        OpenLineage.DatasetFacetsBuilder out = OL.newDatasetFacetsBuilder();
        if (facets) {
            out.schema(F.schema("card_hash", "varchar", "amount", "numeric", "event_time", "timestamp"))
                    .columnLineage(OL.newColumnLineageDatasetFacetBuilder()
                            .fields(OL.newColumnLineageDatasetFacetFieldsBuilder()
                                    .put("card_hash", F.derived(F.input(PG, "fraud.raw.transactions", "card_number",
                                            t("DIRECT", "TRANSFORMATION", "sha256(card_number)", true))))
                                    .put("amount", F.derived(F.input(PG, "fraud.raw.transactions", "amount",
                                            t("DIRECT", "IDENTITY", null, false))))
                                    .put("event_time", F.derived(F.input(PG, "fraud.raw.transactions", "event_time",
                                            t("DIRECT", "IDENTITY", null, false))))
                                    .build())
                            .dataset(List.of(F.input(PG, "fraud.raw.transactions", "status",
                                    t("INDIRECT", "FILTER", "status = 'settled'", false))))
                            .build());
        }
        return OL.newRunEventBuilder().eventType(type).eventTime(ZonedDateTime.parse(time))
                .run(OL.newRunBuilder().runId(runId).build())
                .job(OL.newJobBuilder().namespace("dbt-fraud").name("model.fraud.stg_transactions").build())
                .inputs(List.of(OL.newInputDatasetBuilder().namespace(PG).name("fraud.raw.transactions")
                        .facets(OL.newDatasetFacetsBuilder().schema(F.schema("card_number", "varchar", "amount",
                                "numeric", "event_time", "timestamp", "status", "varchar")).build()).build()))
                .outputs(List.of(OL.newOutputDatasetBuilder().namespace(PG).name("fraud.analytics.stg_transactions")
                        .facets(out.build()).build()))
                .build();
    }

    /** Spark reports the same schema and column lineage on START and COMPLETE. */
    private static OpenLineage.RunEvent sparkRun(OpenLineage.RunEvent.EventType type, UUID runId, String time) {
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
                                                        F.input(PG, "fraud.analytics.stg_transactions", "card_hash",
                                                                t("INDIRECT", "GROUP_BY", null, false)),
                                                        F.input(PG, "fraud.analytics.stg_transactions", "event_time",
                                                                t("DIRECT", "AGGREGATION", "count over 7 days",
                                                                        false))))
                                                .put("avg_amount_30d", F.derived(
                                                        F.input(PG, "fraud.analytics.stg_transactions", "amount",
                                                                t("DIRECT", "AGGREGATION", "avg", false))))
                                                .build())
                                        .build())
                                .build())
                        .build()))
                .build();
    }

    private static OpenLineage.InputFieldTransformations t(String type, String subtype, String description,
                                                           boolean masking) {
        return OL.newInputFieldTransformationsBuilder().type(type).subtype(subtype).description(description)
                .masking(masking).build();
    }

    private static String q(String dataset, String field) {
        return "dataset=" + Api.q(dataset) + "&field=" + Api.q(field);
    }

    private static JsonNode edge(JsonNode answer, String from, String to) {
        for (JsonNode e : answer.get("edges")) {
            if (e.get("from").asText().equals(from) && e.get("to").asText().equals(to)) {
                return e;
            }
        }
        throw new AssertionError("No edge " + from + " -> " + to + " in " + answer.get("edges"));
    }

    @Test
    void upstreamOfAFeatureFollowsColumnLineageThroughDbtToTheRawColumnsWithTheirTransformations() {
        JsonNode up = admin.get("/api/v1/fields/upstream?" + q(FEAT, "txn_velocity_7d")).json();

        assertThat(up.get("fields").findValuesAsText("key")).contains(STG + "#card_hash", STG + "#event_time",
                RAW + "#card_number", RAW + "#event_time", RAW + "#status");
        JsonNode hashed = edge(up, STG + "#card_hash", RAW + "#card_number");
        assertThat(hashed.get("type").asText()).isEqualTo("DIRECT");
        assertThat(hashed.get("subtype").asText()).isEqualTo("TRANSFORMATION");
        assertThat(hashed.get("masking").asBoolean()).isTrue();
        assertThat(hashed.get("description").asText()).isEqualTo("sha256(card_number)");
        assertThat(edge(up, FEAT + "#txn_velocity_7d", STG + "#card_hash").get("subtype").asText())
                .isEqualTo("GROUP_BY");
        assertThat(edge(up, STG, RAW + "#status").get("type").asText()).as("the dbt filter, dataset-wide")
                .isEqualTo("INDIRECT");
    }

    @Test
    void directImpactOfARawColumnReachesOnlyTheFeaturesComputedFromItsValues() {
        JsonNode all = admin.get("/api/v1/fields/impact?" + q(RAW, "card_number")).json();
        JsonNode direct = admin.get("/api/v1/fields/impact?view=direct&" + q(RAW, "card_number")).json();
        JsonNode amount = admin.get("/api/v1/fields/impact?view=direct&" + q(RAW, "amount")).json();

        assertThat(all.get("fields").findValuesAsText("key")).contains(STG + "#card_hash",
                FEAT + "#txn_velocity_7d");
        assertThat(direct.get("fields").findValuesAsText("key")).containsExactly(STG + "#card_hash");
        assertThat(amount.get("fields").findValuesAsText("key")).contains(STG + "#amount",
                FEAT + "#avg_amount_30d");
    }

    @Test
    void theVersionsTheSchemaFacetNamesListTheirFieldsAndARunsStartBeforeTheSchemaLeavesNoneBehind() {
        JsonNode run = admin.get("/api/v1/lineage/runs/0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e01").json();
        String version = run.get("outputs").get(0).get("key").asText();
        assertThat(version).startsWith(STG + "@schema-");

        JsonNode fields = admin.get("/api/v1/fields?dataset=" + Api.q(version)).json();

        assertThat(fields.toString()).contains("card_hash", "amount", "event_time").contains("timestamp");
        assertThat(admin.get("/api/v1/node?key=" + Api.q(STG + "@unversioned")).status())
                .as("the placeholder of the START was dropped").isEqualTo(404);
    }

    @Test
    void derivationsAreValidFromTheRunsFirstEventNamingTheOutput() {
        JsonNode before = admin.get("/api/v1/fields/upstream?asOf=2026-10-01T10:59:00Z&" + q(FEAT, "avg_amount_30d"))
                .json();
        JsonNode at = admin.get("/api/v1/fields/upstream?asOf=2026-10-01T11:00:00Z&" + q(FEAT, "avg_amount_30d"))
                .json();

        assertThat(before.get("edges")).isEmpty();
        assertThat(at.get("fields").findValuesAsText("key")).contains(STG + "#amount", RAW + "#amount");
    }
}
