package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Events shaped like what dbt, Spark and Flink emit, written from the spec's facts. */
class ProducerShapesIT extends PedigreeIT {

    private static final String WH = "postgres://warehouse:5432";

    static String resource(String name) throws IOException {
        try (InputStream in = ProducerShapesIT.class.getResourceAsStream("/openlineage/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Api.Response ndjson(Api w, String body) {
        return w.postRaw("/api/v1/lineage/batch", "application/x-ndjson", body);
    }

    @Test
    void aDbtInvocationIsAParentRunOfItsModelsAndKeepsColumnLineage() throws IOException {
        Api w = admin.withNewToken("dbt", "writer");
        Api.Response r = ndjson(w, resource("dbt-fraud-features.ndjson"));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("counts").get("created").asInt()).isEqualTo(10);
        // dbt-ol sent it twice (a retry): nothing changes.
        Api.Response again = ndjson(w, resource("dbt-fraud-features.ndjson"));
        assertThat(again.json().get("counts").get("duplicate").asInt()).isEqualTo(10);

        JsonNode invocation = admin.get("/api/v1/lineage/runs/0196a5d2-d0b7-7000-8000-000000000001").json();
        assertThat(invocation.get("state").asText()).isEqualTo("completed");
        assertThat(invocation.get("children")).hasSize(4);
        JsonNode features = admin.get("/api/v1/lineage/runs/0196a5d2-d0b7-7000-8000-000000000012").json();
        JsonNode out = features.get("outputs").get(0);
        assertThat(out.get("key").asText()).isEqualTo("dataset:{" + WH + "}fraud.analytics.fct_transaction_features@"
                + Events.version("tx_id bigint", "amount_zscore double", "merchant_risk double", "country text"));
        assertThat(out.get("properties").get("rowCount").asLong()).isEqualTo(30000);
        assertThat(out.get("facets").get("columnLineage").get("fields").get("amount_zscore").get("inputFields")
                .get(0).get("field").asText()).isEqualTo("amount");
        assertThat(Graph.count("MATCH (n:Model) RETURN count(n) AS c")).as("dbt models are not ML models").isZero();
        // The invocation's commit and owner come from its job facets.
        JsonNode job = admin.get("/api/v1/lineage/jobs?namespace=dbt-fraud&name=dbt-run-fraud_features").json();
        assertThat(job.get("owners").toString()).contains("person:ana@acme.com");
        assertThat(admin.get("/api/v1/node?key=" + Api.q("commit:github.com/acme/fraud-dbt@9c1e2f4")).status())
                .isEqualTo(200);
        JsonNode up = admin.get("/api/v1/lineage?direction=upstream&depth=10&key="
                + Api.q("dataset:{" + WH + "}fraud.analytics.fct_transaction_features")).json();
        assertThat(up.toString()).contains("dataset:{" + WH + "}raw.public.transactions@unversioned")
                .contains("dataset:{" + WH + "}raw.public.customers@unversioned");
    }

    @Test
    void aBatchAnswersEveryEventByItsIndexAndStoresTheGoodOnes() {
        Api w = admin.withNewToken("backfill", "writer");
        ArrayNode batch = Events.JSON.createArrayNode();
        batch.add(Events.run("START", "2026-10-01T10:00:00Z", "airflow", "a", "r-1").json());
        batch.add(Events.run("START", "not a time", "airflow", "a", "r-2").json());
        batch.add(Events.run("START", "2026-10-01T10:00:00Z", "airflow", "a", "r-1").json());
        Api.Response r = w.post("/api/v1/lineage/batch", batch.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode results = r.json().get("results");
        assertThat(results.get(0).get("status").asText()).isEqualTo("created");
        assertThat(results.get(1).get("status").asText()).isEqualTo("invalid");
        assertThat(results.get(1).get("field").asText()).isEqualTo("$.eventTime");
        assertThat(results.get(1).get("retriable").asBoolean()).isFalse();
        assertThat(results.get(1).get("index").asInt()).isEqualTo(1);
        assertThat(results.get(2).get("status").asText()).isEqualTo("duplicate");
        JsonNode events = admin.get("/api/v1/lineage/events?namespace=airflow&job=a").json().get("events");
        assertThat(events).hasSize(1);
    }

    @Test
    void aSparkApplicationIsTheParentOfItsActions() {
        Api w = admin.withNewToken("spark", "writer");
        String app = "0196a5d2-5a00-7000-8000-000000000000";
        StringBuilder body = new StringBuilder();
        body.append(Events.run("START", "2026-10-01T10:00:00Z", "spark-prod", "fraud_etl", app)
                .jobType("BATCH", "SPARK", "APPLICATION").text()).append('\n');
        for (int a = 1; a <= 5; a++) {
            String action = "0196a5d2-5a00-7000-8000-00000000000" + a;
            String job = "fraud_etl.execute_insert_into_hadoop_fs_relation_command.lake_features_" + a;
            String[] types = {"START", "RUNNING", "RUNNING", "COMPLETE"};
            for (int k = 0; k < types.length; k++) {
                String type = types[k];
                Events e = Events.run(type, "2026-10-01T10:0" + a + ":" + (10 + 10 * k) + "Z", "spark-prod", job,
                        action).parent("spark-prod", "fraud_etl", app)
                        .jobType("BATCH", "SPARK", "SQL_JOB").input("s3://lake", "raw/transactions")
                        .output("s3://lake", "features/part_" + a);
                if (type.equals("RUNNING")) {
                    e.runFacets().putObject("spark_properties").putObject("properties").put("spark.app.name",
                            "fraud_etl");
                }
                body.append(e.text()).append('\n');
            }
        }
        body.append(Events.run("COMPLETE", "2026-10-01T10:09:00Z", "spark-prod", "fraud_etl", app).text());
        Api.Response r = ndjson(w, body.toString());
        assertThat(r.json().get("counts").get("created").asInt()).isEqualTo(22);
        JsonNode application = admin.get("/api/v1/lineage/runs/" + app).json();
        assertThat(application.get("children")).hasSize(5);
        assertThat(application.get("children").findValuesAsText("state")).containsOnly("completed");
        assertThat(Graph.count("MATCH (v:Dataset)-[:VERSION_OF]->(:Dataset {key: $k}) RETURN count(v) AS c",
                "k", "dataset:{s3://lake}raw/transactions")).isEqualTo(1);
    }

    @Test
    void aFlinkJobThatRunsForeverStaysRunningWithOneEdgePerDataset() {
        Api w = admin.withNewToken("flink", "writer");
        String run = "0196a5d2-f100-7000-8000-000000000000";
        StringBuilder body = new StringBuilder();
        Instant t = Instant.parse("2026-10-01T00:00:00Z");
        for (int i = 0; i <= 30; i++) {
            body.append(Events.run(i == 0 ? "START" : "RUNNING", t.plusSeconds(60L * i).toString(), "flink-prod",
                    "fraud_scoring", run).jobType("STREAMING", "FLINK", "JOB")
                    .input("kafka://broker:9092", "transactions").output("kafka://broker:9092", "fraud_scores")
                    .text()).append('\n');
        }
        assertThat(ndjson(w, body.toString()).json().get("counts").get("created").asInt()).isEqualTo(31);
        JsonNode r = admin.get("/api/v1/lineage/runs/" + run).json();
        assertThat(r.get("state").asText()).isEqualTo("running");
        assertThat(r.get("startedAt").asText()).isEqualTo("2026-10-01T00:00:00Z");
        assertThat(r.get("endedAt").isNull()).isTrue();
        assertThat(r.get("eventCount").asLong()).isEqualTo(31);
        assertThat(r.get("inputs")).hasSize(1);
        assertThat(r.get("outputs")).hasSize(1);
        assertThat(Graph.count("MATCH (:Node {key: $k})-[u:USED]->() RETURN count(u) AS c",
                "k", "run:{flink-prod}fraud_scoring@" + run)).isEqualTo(1);
    }
}
