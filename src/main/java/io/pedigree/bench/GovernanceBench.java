package io.pedigree.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sets up rollback plans on the benchmark graph: a registered model whose versions were trained on the generated
 * datasets, promoted one after another through one production deployment; the most-used dataset is then
 * quarantined, so the plan must pass over every version trained on it (each a taint check through the large
 * graph) before it finds a clean one.
 */
final class GovernanceBench {

    static final int VERSIONS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "bench-fraud";
    private static final String DEPLOYMENT = "bench-prod";

    private GovernanceBench() {
    }

    /** What the scenario made: the deployment to plan rollbacks for, and a version trained on quarantined data. */
    record Scenario(String deployment, String taintedVersion, String taintedVersionPath) {
    }

    /** Sets the scenario up and prints the rollback plan it leads to. */
    static Scenario setUp(BenchClient client, GraphGenerator.Graph g, PrintStream out)
            throws IOException, InterruptedException {
        List<String> datasets = g.nodes().stream().map(n -> (String) n.get("key"))
                .filter(k -> k.startsWith("dataset:") && !k.equals(g.mostUsedDataset())).limit(VERSIONS).toList();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int v = 1; v <= VERSIONS; v++) {
            runs.add(Map.of("key", "run:bench-train@" + v));
        }
        client.send("POST", "/api/v1/batch", Map.of("nodes", runs));
        client.send("POST", "/api/v1/models", Map.of("name", MODEL, "policy", Map.of("production",
                Map.of("approvals", 0, "cardFields", List.of()))));
        client.send("PUT", "/api/v1/deployments/" + DEPLOYMENT, Map.of("environment", "production"));
        String newest = null;
        for (int v = 1; v <= VERSIONS; v++) {
            // The newer half was trained on the most-used dataset, which is about to be quarantined.
            List<String> inputs = v > VERSIONS / 2 ? List.of(datasets.get(v - 1), g.mostUsedDataset())
                    : List.of(datasets.get(v - 1));
            JsonNode version = client.send("POST", "/api/v1/models/" + MODEL + "/versions", Map.of(
                    "run", "run:bench-train@" + v, "inputs", inputs));
            int number = version.get("number").asInt();
            newest = version.get("key").asText();
            client.send("POST", "/api/v1/models/" + MODEL + "/versions/" + number + "/transitions",
                    Map.of("to", "staging", "reason", "bench"));
            Map<String, Object> promote = new java.util.HashMap<>(Map.of("to", "production", "reason", "bench",
                    "deployments", List.of(DEPLOYMENT)));
            if (number > 1) {
                promote.put("replaces", number - 1);
            }
            client.send("POST", "/api/v1/models/" + MODEL + "/versions/" + number + "/transitions", promote);
        }
        client.send("POST", "/api/v1/quarantines", Map.of("key", g.mostUsedDataset(),
                "reason", "benchmark: found to hold personal data"));
        String path = "/api/v1/deployments/" + DEPLOYMENT + "/rollback-plan";
        JsonNode plan = JSON.readTree(client.get(path).body());
        out.printf("Rollback plan for %s: from %s to %s, %d candidate(s) examined, %d skipped as tainted%n",
                DEPLOYMENT, plan.path("current").asText(), plan.path("target").asText(), plan.path("candidates").size(),
                countTainted(plan));
        return new Scenario(DEPLOYMENT, newest, "/api/v1/models/" + MODEL + "/versions/" + VERSIONS);
    }

    private static int countTainted(JsonNode plan) {
        int n = 0;
        for (JsonNode c : plan.path("candidates")) {
            if (c.path("reasons").toString().contains("tainted")) {
                n++;
            }
        }
        return n;
    }
}
