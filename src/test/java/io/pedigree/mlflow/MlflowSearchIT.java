package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.store.Migrations;
import io.pedigree.testing.Api;
import io.pedigree.testing.Graph;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** MLflow's run and experiment searches with its filter grammar and order_by, answered from the database. */
class MlflowSearchIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";

    private static List<String> names(JsonNode runs) {
        List<String> out = new ArrayList<>();
        runs.forEach(r -> out.add(r.at("/info/run_name").asText()));
        return out;
    }

    @Test
    void runsAreFoundByMetricsParamsTagsAndAttributesAndSortedByAMetric() {
        Api w = admin.withNewToken("svc-train", "writer");
        String exp = w.post(API + "experiments/create", Map.of("name", "fraud-training")).json()
                .get("experiment_id").asText();
        double[] auc = {0.81, 0.93, 0.88};
        String[] lr = {"0.1", "0.01", "0.01"};
        for (int i = 0; i < 3; i++) {
            String run = w.post(API + "runs/create", Map.of("experiment_id", exp, "run_name", "fit-" + i,
                    "start_time", String.valueOf(1_700_000_000_000L + i), "tags", List.of(Map.of("key", "team",
                            "value", i == 2 ? "fraud-eu" : "risk")))).json().at("/run/info/run_id").asText();
            w.post(API + "runs/log-batch", Map.of("run_id", run, "metrics", List.of(Map.of("key", "auc",
                    "value", auc[i], "timestamp", "1700000000000", "step", "0")), "params", List.of(Map.of("key",
                    "lr", "value", lr[i]))));
            if (i == 0) {
                w.post(API + "runs/update", Map.of("run_id", run, "status", "FAILED"));
            }
        }
        JsonNode found = w.post(API + "runs/search", Map.of("experiment_ids", List.of(exp),
                "filter", "metrics.auc > 0.85 AND params.lr = '0.01'", "order_by", List.of("metrics.auc DESC")))
                .json().get("runs");
        assertThat(names(found)).containsExactly("fit-1", "fit-2");
        assertThat(names(w.post(API + "runs/search", Map.of("experiment_ids", List.of(exp),
                "filter", "tags.team ILIKE 'FRAUD%'")).json().get("runs"))).containsExactly("fit-2");
        assertThat(names(w.post(API + "runs/search", Map.of("experiment_ids", List.of(exp),
                "filter", "attributes.status != 'FAILED' AND attributes.start_time >= 1700000000001",
                "order_by", List.of("attributes.start_time ASC"))).json().get("runs")))
                .containsExactly("fit-1", "fit-2");
        // Paged in the database: two pages of one and two.
        JsonNode first = w.post(API + "runs/search", Map.of("experiment_ids", List.of(exp), "max_results", 1,
                "order_by", List.of("run_name"))).json();
        assertThat(names(first.get("runs"))).containsExactly("fit-0");
        JsonNode rest = w.post(API + "runs/search", Map.of("experiment_ids", List.of(exp), "max_results", 5,
                "order_by", List.of("run_name"), "page_token", first.get("next_page_token").asText())).json();
        assertThat(names(rest.get("runs"))).containsExactly("fit-1", "fit-2");
        assertThat(rest.has("next_page_token")).isFalse();
        JsonNode refused = w.post(API + "runs/search", Map.of("experiment_ids", List.of(exp),
                "filter", "metrics.auc LIKE '0.9%'")).json();
        assertThat(refused.get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    @Test
    void experimentsAreFoundByNameAndTags() {
        Api w = admin.withNewToken("svc-train", "writer");
        w.post(API + "experiments/create", Map.of("name", "fraud-training", "tags", List.of(Map.of("key", "team",
                "value", "risk"))));
        w.post(API + "experiments/create", Map.of("name", "fraud-eval"));
        w.post(API + "experiments/create", Map.of("name", "churn"));
        JsonNode byName = w.post(API + "experiments/search", Map.of("filter", "name LIKE 'fraud-%'",
                "order_by", List.of("name ASC"))).json().get("experiments");
        assertThat(byName).extracting(e -> e.get("name").asText()).containsExactly("fraud-eval", "fraud-training");
        JsonNode byTag = w.get(API + "experiments/search?filter=" + Api.q("tags.team = 'risk'")).json()
                .get("experiments");
        assertThat(byTag).extracting(e -> e.get("name").asText()).containsExactly("fraud-training");
    }

    @Test
    void runsLoggedBeforeMetricPropertiesAreFoundByMetricFiltersOnceMigrated() {
        Api w = admin.withNewToken("svc-train", "writer");
        String run = w.post(API + "runs/create", Map.of("experiment_id", "0", "run_name", "old")).json()
                .at("/run/info/run_id").asText();
        w.post(API + "runs/log-batch", Map.of("run_id", run, "metrics", List.of(
                Map.of("key", "auc", "value", 0.97, "timestamp", "1700000000000", "step", "0"),
                Map.of("key", "auc", "value", 0.93, "timestamp", "1700000000001", "step", "1"),
                Map.of("key", "val loss", "value", 0.2, "timestamp", "1700000000000", "step", "0"))));
        // As an older Pedigree wrote it: latest metrics in the run's JSON and history only.
        Graph.rows("MATCH (r:MlflowRun {id: $id}) REMOVE r.`metric.auc`, r.`metric.val loss`", "id", run);
        Map<String, Object> search = Map.of("experiment_ids", List.of("0"), "filter",
                "metrics.auc > 0.9 AND metrics.`val loss` < 0.3");
        assertThat(names(w.post(API + "runs/search", search).json().path("runs"))).isEmpty();

        Migrations.Migration v18 = Migrations.fromClasspath().stream()
                .filter(m -> m.description().equals("mlflow3")).findFirst().orElseThrow();
        Graph.rows("MATCH (m:SchemaMigration {version: $v}) DELETE m", "v", v18.version());
        new Migrations(app.database(), List.of(v18), java.time.Clock.systemUTC()).apply();

        assertThat(names(w.post(API + "runs/search", search).json().get("runs"))).containsExactly("old");
        // The latest point is MLflow's: the highest step, not the highest value.
        assertThat(names(w.post(API + "runs/search", Map.of("experiment_ids", List.of("0"), "filter",
                "metrics.auc = 0.93")).json().get("runs"))).containsExactly("old");
    }

    @Test
    void registeredModelsAreFilteredSortedAndPagedInTheDatabase() {
        Api w = admin.withNewToken("svc-train", "writer");
        for (String name : List.of("fraud-eu", "fraud-us", "churn")) {
            w.post(API + "registered-models/create", Map.of("name", name, "tags", List.of(Map.of("key", "team",
                    "value", name.startsWith("fraud") ? "risk" : "growth"))));
        }
        JsonNode first = w.get(API + "registered-models/search?max_results=1&order_by=" + Api.q("name DESC")
                + "&filter=" + Api.q("name LIKE 'fraud%' AND tags.team = 'risk'")).json();
        assertThat(first.get("registered_models")).extracting(m -> m.get("name").asText())
                .containsExactly("fraud-us");
        JsonNode rest = w.get(API + "registered-models/search?max_results=1&order_by=" + Api.q("name DESC")
                + "&filter=" + Api.q("name LIKE 'fraud%' AND tags.team = 'risk'") + "&page_token="
                + first.get("next_page_token").asText()).json();
        assertThat(rest.get("registered_models")).extracting(m -> m.get("name").asText())
                .containsExactly("fraud-eu");
        assertThat(rest.has("next_page_token")).isFalse();
        assertThat(w.get(API + "registered-models/search?order_by=" + Api.q("version_number")).json()
                .get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    }
}
