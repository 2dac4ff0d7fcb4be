package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What events become in the graph: versions only when the producer says so, parents, facets, the registry. */
class OpenLineageMappingIT extends PedigreeIT {

    private static final String PG = "postgres://db:5432";
    private static final String ORDERS = "dataset:{postgres://db:5432}shop.public.orders";

    private static String runId(int i) {
        return String.format("0196a5d2-0000-7000-8000-%012d", i);
    }

    private static String minute(int i) {
        return Instant.parse("2026-10-01T00:00:00Z").plusSeconds(60L * i).toString();
    }

    @Test
    void anEveryMinuteJobAddsGenerationEdgesNotDatasetVersions() {
        Api w = admin.withNewToken("airflow", "writer");
        for (int i = 0; i < 60; i++) {
            String id = runId(i);
            w.post("/api/v1/lineage", Events.run("START", minute(i), "airflow", "etl.orders", id)
                    .input(PG, "shop.public.orders_raw").output(PG, "shop.public.orders").text());
            w.post("/api/v1/lineage", Events.run("COMPLETE", minute(i), "airflow", "etl.orders", id)
                    .output(PG, "shop.public.orders").outputSchema("id bigint", "total numeric").text());
        }
        String v1Key = ORDERS + "@" + Events.version("id bigint", "total numeric");
        String v2Key = ORDERS + "@" + Events.version("id bigint", "total numeric", "currency text");
        assertThat(versions(ORDERS)).containsExactly(v1Key);
        assertThat(Graph.count("MATCH (:Node {key: $k})-[g:WAS_GENERATED_BY]->(:Run) RETURN count(g) AS c",
                "k", v1Key)).isEqualTo(60);
        JsonNode v1 = admin.get("/api/v1/node?key=" + Api.q(v1Key)).json();
        assertThat(v1.get("properties").get("schema").toString()).isEqualTo("[\"id bigint\",\"total numeric\"]");

        // The schema changes: one new version. A description changing is not a schema change.
        w.post("/api/v1/lineage", Events.run("COMPLETE", minute(61), "airflow", "etl.orders", runId(61))
                .output(PG, "shop.public.orders").outputSchema("id bigint", "total numeric", "currency text").text());
        w.post("/api/v1/lineage", Events.run("COMPLETE", minute(62), "airflow", "etl.orders", runId(62))
                .output(PG, "shop.public.orders").outputSchema("id bigint", "total numeric", "currency text").text());
        // A reader that reports no schema reads the current version.
        w.post("/api/v1/lineage", Events.run("COMPLETE", minute(63), "airflow", "report", runId(63))
                .input(PG, "shop.public.orders").text());
        // The producer names its own version (an Iceberg snapshot): that is a version.
        w.post("/api/v1/lineage", Events.run("COMPLETE", minute(64), "spark", "compact", runId(64))
                .output(PG, "shop.public.orders").outputVersion("8812731").text());
        assertThat(versions(ORDERS)).containsExactlyInAnyOrder(v1Key, v2Key, ORDERS + "@8812731");
        JsonNode report = admin.get("/api/v1/lineage/runs/" + runId(63)).json();
        assertThat(report.get("inputs").get(0).get("key").asText()).isEqualTo(v2Key);
    }

    @Test
    void aDbtModelIsATransformationNotAnMlModel() {
        Api w = admin.withNewToken("dbt", "writer");
        w.post("/api/v1/lineage", Events.run("COMPLETE", minute(1), "dbt", "model.fraud.features", runId(1))
                .jobType("BATCH", "DBT", "MODEL").input(PG, "shop.public.orders")
                .output(PG, "shop.public.features").text());
        assertThat(Graph.count("MATCH (n:Model) RETURN count(n) AS c")).isZero();
        JsonNode job = admin.get("/api/v1/lineage/jobs?namespace=dbt&name=model.fraud.features").json();
        assertThat(job.get("properties").get("jobType").asText()).isEqualTo("MODEL");
        assertThat(job.get("properties").get("integration").asText()).isEqualTo("DBT");
        assertThat(job.get("key").asText()).isEqualTo("run:{dbt}model.fraud.features");
    }

    @Test
    void parentRunsLinkDagRunsToTaskRunsAndLineageReadsAtBothLevels() {
        Api w = admin.withNewToken("airflow", "writer");
        String dag = runId(100);
        w.post("/api/v1/lineage", Events.run("START", minute(0), "airflow", "fraud_dag", dag).text());
        w.post("/api/v1/lineage", Events.run("COMPLETE", minute(1), "airflow", "fraud_dag.extract", runId(1))
                .parent("airflow", "fraud_dag", dag).input(PG, "shop.public.orders")
                .output("s3://lake", "staging/orders").text());
        w.post("/api/v1/lineage", Events.run("COMPLETE", minute(2), "airflow", "fraud_dag.features", runId(2))
                .parent("airflow", "fraud_dag", dag).input("s3://lake", "staging/orders")
                .output("s3://lake", "features/orders").text());
        JsonNode parent = admin.get("/api/v1/lineage/runs/" + dag).json();
        assertThat(parent.get("children").findValuesAsText("runId")).containsExactly(runId(1), runId(2));
        JsonNode child = admin.get("/api/v1/lineage/runs/" + runId(2)).json();
        assertThat(child.get("parent").get("runId").asText()).isEqualTo(dag);
        // What the DAG run affects, read at the DAG level: its tasks' outputs.
        JsonNode impact = admin.get("/api/v1/impact?key=" + Api.q("run:{airflow}fraud_dag@" + dag)).json();
        assertThat(impact.toString()).contains("dataset:{s3://lake}features/orders@unversioned");
        // And task level lineage goes back across tasks to the source table.
        JsonNode up = admin.get("/api/v1/lineage?direction=upstream&depth=6&key="
                + Api.q("dataset:{s3://lake}features/orders@unversioned")).json();
        assertThat(up.toString()).contains(ORDERS + "@unversioned");
    }

    @Test
    void aRegisteredModelVersionNamesAnOpenLineageRunAsItsTrainingRun() {
        Api w = admin.withNewToken("airflow", "writer");
        String train = runId(7);
        w.post("/api/v1/lineage", Events.run("COMPLETE", minute(1), "dbt", "model.fraud.features", runId(1))
                .input(PG, "shop.public.orders").output(PG, "analytics.fraud_features").text());
        w.post("/api/v1/lineage", Events.run("COMPLETE", minute(2), "airflow", "train_fraud", train)
                .input(PG, "analytics.fraud_features").text());
        String runKey = "run:{airflow}train_fraud@" + train;
        assertThat(w.post("/api/v1/models", Map.of("name", "fraud", "owner", "person:ana@acme.com")).status())
                .isEqualTo(201);
        Api.Response v = w.post("/api/v1/models/fraud/versions", Map.of("run", runKey,
                "inputs", List.of("dataset:{postgres://db:5432}analytics.fraud_features@unversioned")));
        assertThat(v.status()).as(v.body()).isEqualTo(201);
        JsonNode impact = admin.get("/api/v1/impact?key=" + Api.q(ORDERS + "@unversioned")).json();
        assertThat(impact.toString()).contains("model:fraud@1").contains(runKey);
        JsonNode path = admin.get("/api/v1/path?from=" + Api.q("model:fraud@1") + "&to=" + Api.q(ORDERS + "@unversioned"))
                .json();
        assertThat(path.toString()).contains("run:{dbt}model.fraud.features@" + runId(1));
        // Quarantining the source table taints the registered version through the OpenLineage runs.
        assertThat(w.post("/api/v1/quarantines", Map.of("key", ORDERS + "@unversioned", "reason", "bad rows")).status())
                .isEqualTo(201);
        JsonNode version = admin.get("/api/v1/models/fraud/versions/1").json();
        assertThat(version.get("quarantinedUpstream").toString()).contains(ORDERS + "@unversioned");
    }

    private static List<String> versions(String family) {
        return Graph.rows("MATCH (v:Node)-[:VERSION_OF]->(:Node {key: $k}) RETURN v.key AS key", "k", family)
                .stream().map(r -> r.get("key").asString()).toList();
    }
}
