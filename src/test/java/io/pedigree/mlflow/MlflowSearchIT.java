package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
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
}
