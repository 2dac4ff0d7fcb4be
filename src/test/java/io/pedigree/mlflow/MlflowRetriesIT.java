package io.pedigree.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.pedigree.testing.Api;
import io.pedigree.testing.AtOnce;
import io.pedigree.testing.Audit;
import io.pedigree.testing.Graph;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls MLflow's clients retry: a create, rename or delete repeated after a lost answer gives back what the first
 * made, within the retry window and for the same principal and request only; reads of the default experiment write
 * nothing.
 */
class MlflowRetriesIT extends PedigreeIT {

    private static final String API = "/api/2.0/mlflow/";
    private final MutableClock clock = new MutableClock();

    @Override
    protected Clock clock() {
        return clock;
    }

    @Test
    void aRetriedRunsCreateAnswersTheFirstRunUntilTheWindowHasPassed() {
        Api writer = admin.withNewToken("svc-train", "writer");
        String body = "{\"experiment_id\": \"0\", \"run_name\": \"fit\", \"start_time\": \"1700000000000\","
                + " \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}]}";
        String first = writer.postRaw(API + "runs/create", "application/json", body).json().at("/run/info/run_id")
                .asText();
        clock.advance(Duration.ofMinutes(2));
        String retried = writer.postRaw(API + "runs/create", "application/json", body).json()
                .at("/run/info/run_id").asText();
        assertThat(retried).isEqualTo(first);
        assertThat(Graph.count("MATCH (r:MlflowRun) RETURN count(r) AS c")).isEqualTo(1);

        // Another principal, or another request, is another run.
        Api other = admin.withNewToken("svc-other", "writer");
        assertThat(other.postRaw(API + "runs/create", "application/json", body).json().at("/run/info/run_id")
                .asText()).isNotEqualTo(first);
        assertThat(writer.postRaw(API + "runs/create", "application/json", body.replace("fit", "fit-2")).json()
                .at("/run/info/run_id").asText()).isNotEqualTo(first);
        // Past the window the same request is a new run.
        clock.advance(Retries.WINDOW);
        assertThat(writer.postRaw(API + "runs/create", "application/json", body).json().at("/run/info/run_id")
                .asText()).isNotEqualTo(first);
        assertThat(Graph.count("MATCH (r:MlflowRun) RETURN count(r) AS c")).isEqualTo(4);
    }

    @Test
    void aRetriedModelVersionsCreateAnswersTheFirstVersionEvenWhenRetriesRace() throws Exception {
        Api writer = admin.withNewToken("svc-train", "writer");
        writer.post(API + "registered-models/create", Map.of("name", "fraud"));
        String body = "{\"name\": \"fraud\", \"source\": \"s3://models/fraud/1\", \"run_id\": \"\", \"tags\": [],"
                + " \"description\": \"first\"}";
        List<Api.Response> answers = AtOnce.run(4, i -> writer.postRaw(API + "model-versions/create",
                "application/json", body));
        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/model_version/version").asText()).isEqualTo("1");
        });
        clock.advance(Duration.ofMinutes(5));
        assertThat(writer.postRaw(API + "model-versions/create", "application/json", body).json()
                .at("/model_version/version").asText()).isEqualTo("1");
        assertThat(Graph.count("MATCH (s:ModelVersion) RETURN count(s) AS c")).isEqualTo(1);
        assertThat(admin.get("/api/v1/audit?action=version.register").json().toString()
                .split("\"action\":\"version.register\"", -1)).hasSize(2);

        // A different source is a different version; the same one past the window is too.
        assertThat(writer.postRaw(API + "model-versions/create", "application/json", body.replace("/1", "/2"))
                .json().at("/model_version/version").asText()).isEqualTo("2");
        clock.advance(Retries.WINDOW);
        assertThat(writer.postRaw(API + "model-versions/create", "application/json", body).json()
                .at("/model_version/version").asText()).isEqualTo("3");
    }

    @Test
    void aRetriedRenameAnswersTheRenamedModelEvenWhenRetriesRace() throws Exception {
        admin.post(API + "registered-models/create", Map.of("name", "fraud"));
        Api approver = admin.withNewToken("ana", "approver");
        String body = "{\"name\": \"fraud\", \"new_name\": \"scoring\"}";
        List<Api.Response> answers = AtOnce.run(3, i -> approver.postRaw(API + "registered-models/rename",
                "application/json", body));
        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            assertThat(r.json().at("/registered_model/name").asText()).isEqualTo("scoring");
        });
        clock.advance(Duration.ofMinutes(5));
        assertThat(approver.postRaw(API + "registered-models/rename", "application/json", body).json()
                .at("/registered_model/name").asText()).isEqualTo("scoring");
        assertThat(Audit.count("model.renamed")).isEqualTo(1);

        // Another principal, or the same one past the window, finds the old name gone, as MLflow answers.
        Api other = admin.withNewToken("ben", "approver");
        assertThat(other.postRaw(API + "registered-models/rename", "application/json", body).json()
                .get("error_code").asText()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
        clock.advance(Retries.WINDOW);
        assertThat(approver.postRaw(API + "registered-models/rename", "application/json", body).status())
                .isEqualTo(404);
    }

    @Test
    void aRetriedModelDeleteAnswersSuccessEvenWhenRetriesRace() throws Exception {
        admin.post(API + "registered-models/create", Map.of("name", "churn"));
        admin.post(API + "model-versions/create", Map.of("name", "churn", "source", "s3://m/1"));
        Api approver = admin.withNewToken("ana", "approver");
        List<Api.Response> answers = AtOnce.run(3, i -> approver.delete(API
                + "registered-models/delete?name=churn"));
        assertThat(AtOnce.statuses(answers)).as(answers.toString()).containsOnly(200);
        clock.advance(Duration.ofMinutes(5));
        assertThat(approver.delete(API + "registered-models/delete?name=churn").status()).isEqualTo(200);
        assertThat(Audit.count("model.deleted")).isEqualTo(1);

        Api other = admin.withNewToken("ben", "approver");
        assertThat(other.delete(API + "registered-models/delete?name=churn").status()).isEqualTo(404);
        clock.advance(Retries.WINDOW);
        assertThat(approver.delete(API + "registered-models/delete?name=churn").status()).isEqualTo(404);
    }

    @Test
    void readingTheDefaultExperimentWritesNothing() {
        Api reader = admin.withNewToken("svc-read", "reader");
        String everything = "MATCH (n) WHERE n:Node OR n:AuditEvent OR n:MlflowExperiment RETURN count(n) AS c";
        long before = Graph.count(everything);
        JsonNode byId = reader.get(API + "experiments/get?experiment_id=0").json().get("experiment");
        assertThat(byId.get("name").asText()).isEqualTo("Default");
        assertThat(reader.get(API + "experiments/get-by-name?experiment_name=Default").json()
                .at("/experiment/experiment_id").asText()).isEqualTo("0");
        assertThat(reader.get(API + "experiments/search?max_results=10").json().at("/experiments/0/experiment_id")
                .asText()).isEqualTo("0");
        assertThat(Graph.count(everything)).isEqualTo(before);
        assertThat(Graph.count("MATCH (e:MlflowExperiment) RETURN count(e) AS c")).isZero();

        // The first write makes it, and it is then the one read.
        Api writer = admin.withNewToken("svc-train", "writer");
        writer.post(API + "experiments/set-experiment-tag", Map.of("experiment_id", "0", "key", "k", "value", "v"));
        assertThat(reader.get(API + "experiments/get?experiment_id=0").json().at("/experiment/tags/0/key").asText())
                .isEqualTo("k");
        assertThat(Graph.count("MATCH (e:MlflowExperiment) RETURN count(e) AS c")).isEqualTo(1);
    }
}
