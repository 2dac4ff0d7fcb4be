package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.ApiKeyTokenProvider;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The official OpenLineage Java client (1.45.0) pointed at Pedigree with only a URL and an API key: its HTTP
 * transport posts to the default /api/v1/lineage, with api_key auth, plain and gzip-compressed (chunked).
 */
class OfficialJavaClientIT extends PedigreeIT {

    private static final OpenLineage OL = new OpenLineage(URI.create("https://github.com/acme/pipelines"));

    private OpenLineageClient client(String token, HttpConfig.Compression compression) {
        HttpConfig config = new HttpConfig();
        config.setUrl(URI.create("http://127.0.0.1:" + app.port()));
        ApiKeyTokenProvider auth = new ApiKeyTokenProvider();
        auth.setApiKey(token);
        config.setAuth(auth);
        config.setCompression(compression);
        // The client gives up after 5 s by default; the shared test machine runs several builds at once.
        config.setTimeoutInMillis(60_000);
        return new OpenLineageClient(new HttpTransport(config));
    }

    private String writerToken() {
        Api.Response r = admin.post("/api/v1/admin/tokens", java.util.Map.of("principal", "spark",
                "roles", List.of("writer")));
        return r.json().get("token").asText();
    }

    private static OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, UUID runId, String time) {
        return OL.newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.parse(time).withZoneSameInstant(ZoneOffset.UTC))
                .run(OL.newRunBuilder().runId(runId).facets(OL.newRunFacetsBuilder()
                        .processing_engine(OL.newProcessingEngineRunFacetBuilder().name("spark").version("3.5.1")
                                .openlineageAdapterVersion("1.45.0").build())
                        .build()).build())
                .job(OL.newJobBuilder().namespace("spark-prod").name("fraud_features.execute_insert")
                        .facets(OL.newJobFacetsBuilder().jobType(OL.newJobTypeJobFacetBuilder()
                                .processingType("BATCH").integration("SPARK").jobType("SQL_JOB").build()).build())
                        .build())
                .inputs(List.of(OL.newInputDatasetBuilder().namespace("s3://lake").name("raw/transactions")
                        .facets(OL.newDatasetFacetsBuilder().schema(OL.newSchemaDatasetFacetBuilder().fields(List.of(
                                OL.newSchemaDatasetFacetFieldsBuilder().name("amount").type("double").build()))
                                .build()).build()).build()))
                .outputs(List.of(OL.newOutputDatasetBuilder().namespace("s3://lake").name("features/fraud")
                        .outputFacets(OL.newOutputDatasetOutputFacetsBuilder().outputStatistics(
                                OL.newOutputStatisticsOutputDatasetFacetBuilder().rowCount(1200L).size(4096L).build())
                                .build()).build()))
                .build();
    }

    @Test
    void theClientsHttpTransportWithAnApiKeyFeedsPedigree() throws Exception {
        UUID runId = UUID.fromString("0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e91");
        try (OpenLineageClient client = client(writerToken(), null)) {
            client.emit(event(OpenLineage.RunEvent.EventType.START, runId, "2026-10-01T10:00:00Z"));
            client.emit(event(OpenLineage.RunEvent.EventType.COMPLETE, runId, "2026-10-01T10:03:00Z"));
            // The client has no retries of its own, but a resend must change nothing.
            client.emit(event(OpenLineage.RunEvent.EventType.COMPLETE, runId, "2026-10-01T10:03:00Z"));
        }
        JsonNode run = admin.get("/api/v1/lineage/runs/" + runId).json();
        assertThat(run.get("state").asText()).isEqualTo("completed");
        assertThat(run.get("eventCount").asLong()).isEqualTo(2);
        assertThat(run.get("outputs").get(0).get("properties").get("rowCount").asLong()).isEqualTo(1200);
        assertThat(run.get("facets").get("processing_engine").get("version").asText()).isEqualTo("3.5.1");
        JsonNode node = admin.get("/api/v1/node?key=" + Api.q(run.get("key").asText())).json();
        assertThat(node.get("properties").get("processingEngine").asText()).isEqualTo("spark 3.5.1");
    }

    @Test
    void gzipCompressedEventsAreAccepted() throws Exception {
        UUID runId = UUID.fromString("0196a5d2-6f1e-7c3a-9e55-2b1f0c7d8e92");
        try (OpenLineageClient client = client(writerToken(), HttpConfig.Compression.GZIP)) {
            client.emit(event(OpenLineage.RunEvent.EventType.START, runId, "2026-10-01T11:00:00Z"));
            client.emit(OL.newDatasetEventBuilder().eventTime(ZonedDateTime.parse("2026-10-01T11:00:00Z"))
                    .dataset(OL.newStaticDatasetBuilder().namespace("s3://lake").name("features/fraud")
                            .facets(OL.newDatasetFacetsBuilder().documentation(OL.newDocumentationDatasetFacetBuilder()
                                    .description("Fraud features").build()).build()).build()).build());
            client.emit(OL.newJobEventBuilder().eventTime(ZonedDateTime.parse("2026-10-01T11:00:00Z"))
                    .job(OL.newJobBuilder().namespace("spark-prod").name("fraud_features.execute_insert")
                            .facets(OL.newJobFacetsBuilder().documentation(OL.newDocumentationJobFacetBuilder()
                                    .description("Builds fraud features").build()).build()).build()).build());
        }
        assertThat(Graph.count("MATCH (e:OlEvent) RETURN count(e) AS c")).isEqualTo(3);
        JsonNode dataset = admin.get("/api/v1/node?key=" + Api.q("dataset:{s3://lake}features/fraud")).json();
        assertThat(dataset.get("properties").get("description").asText()).isEqualTo("Fraud features");
        JsonNode job = admin.get("/api/v1/lineage/jobs?namespace=spark-prod&name=fraud_features.execute_insert")
                .json();
        assertThat(job.get("properties").get("description").asText()).isEqualTo("Builds fraud features");
        assertThat(job.get("runs").get(0).get("state").asText()).isEqualTo("running");
    }

    @Test
    void aTokenWithoutTheWriterRoleMakesTheClientFail() throws Exception {
        String reader = admin.post("/api/v1/admin/tokens", java.util.Map.of("principal", "viewer",
                "roles", List.of("reader"))).json().get("token").asText();
        try (OpenLineageClient client = client(reader, null)) {
            assertThatThrownBy(() -> client.emit(event(OpenLineage.RunEvent.EventType.START, UUID.randomUUID(),
                    "2026-10-01T10:00:00Z"))).hasMessageContaining("403");
        }
        assertThat(Graph.count("MATCH (e:OlEvent) RETURN count(e) AS c")).isZero();
    }
}
