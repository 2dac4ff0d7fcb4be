package io.pedigree.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded synthetic lineage graph with a realistic shape: dataset derivation chains up to 40 deep, a few very
 * popular datasets and many rare ones (training runs pick 1 to 8 inputs with a heavily skewed choice), model
 * versions trained by runs on data and code, evaluations, deployments with serving history, RAG chains
 * (documents → indexing run → vector index, prompt versions), and owners.
 */
public final class GraphGenerator {

    /** The generated graph as API request bodies, and the interesting keys to query. */
    public record Graph(List<Map<String, Object>> nodes, List<Map<String, Object>> relations,
                        List<String> modelVersions, List<String> deployments, String mostUsedDataset,
                        int mostUsedDatasetUses, String pathFrom, String pathTo, int maxChainDepth,
                        String medianDataset, int medianDatasetUses) {
    }

    private static final String T0 = "2026-01-01T00:00:00Z";

    private final Random random;
    private final List<Map<String, Object>> nodes = new ArrayList<>();
    private final List<Map<String, Object>> relations = new ArrayList<>();

    private GraphGenerator(long seed) {
        this.random = new Random(seed);
    }

    public static Graph generate(int n, long seed) {
        return new GraphGenerator(seed).build(Math.max(n, 200));
    }

    /** The same shape under other keys ({@code kind:<prefix>name…}), to warm a server up without touching them. */
    public static Graph generate(int n, long seed, String prefix) {
        Graph g = generate(n, seed);
        java.util.function.UnaryOperator<Object> re = k -> ((String) k).replaceFirst(":", ":" + prefix);
        g.nodes().forEach(m -> m.put("key", re.apply(m.get("key"))));
        g.relations().forEach(m -> {
            m.put("from", re.apply(m.get("from")));
            m.put("to", re.apply(m.get("to")));
        });
        return g;
    }

    private Graph build(int n) {
        int people = Math.max(5, n / 2000);
        int commits = n * 4 / 100;
        int trainingRuns = n * 16 / 100;
        int evaluations = n * 10 / 100;
        int deployments = Math.max(2, n / 100);
        int ragUnits = n * 4 / 100 / 4;
        int datasets = n - people - commits - 2 * trainingRuns - evaluations - deployments - 4 * ragUnits - 2;

        for (int i = 0; i < people; i++) {
            node("person:user" + i + "@acme.com", Map.of("team", "team-" + (i % 7)));
        }
        List<String> commitKeys = new ArrayList<>();
        for (int i = 0; i < commits; i++) {
            String key = "commit:github.com/acme/repo-" + (i % 25) + "@" + hex(20);
            node(key, Map.of("author", "user" + random.nextInt(people) + "@acme.com"));
            commitKeys.add(key);
        }

        // Datasets in derivation chains of 1 to 40 versions; chain heads are raw data.
        List<String> datasetKeys = new ArrayList<>();
        int maxDepth = 0;
        for (int chain = 0; datasetKeys.size() < datasets; chain++) {
            int length = Math.min(1 + random.nextInt(40), datasets - datasetKeys.size());
            maxDepth = Math.max(maxDepth, length);
            String previous = null;
            for (int v = 1; v <= length; v++) {
                String key = "dataset:ds-" + chain + "@v" + v;
                node(key, Map.of("rows", 1000 + random.nextInt(10_000_000), "format", "parquet"));
                if (previous != null) {
                    relation(key, "DERIVED_FROM", previous);
                }
                previous = key;
                datasetKeys.add(key);
            }
        }
        // Shuffle so popularity does not follow chain position.
        java.util.Collections.shuffle(datasetKeys, random);

        Map<String, Integer> uses = new HashMap<>();
        List<String> modelVersions = new ArrayList<>();
        Map<String, List<String>> inputsOfModel = new HashMap<>();
        int models = Math.max(1, trainingRuns / 8);
        int[] nextVersion = new int[models];
        for (int i = 0; i < trainingRuns; i++) {
            int m = random.nextInt(models);
            int version = ++nextVersion[m];
            String run = "run:train-m" + m + "@r" + version;
            String model = "model:m-" + m + "@" + version;
            node(run, Map.of("status", "succeeded", "epochs", 1 + random.nextInt(50)));
            node(model, Map.of("framework", "xgboost", "stage", version % 5 == 0 ? "production" : "development"));
            int inputs = 1 + random.nextInt(8);
            List<String> used = new ArrayList<>();
            for (int k = 0; k < inputs; k++) {
                String ds = datasetKeys.get(skewed(datasetKeys.size()));
                if (!used.contains(ds)) {
                    used.add(ds);
                    relation(run, "USED", ds);
                    uses.merge(ds, 1, Integer::sum);
                }
            }
            relation(run, "USED", commitKeys.get(random.nextInt(commitKeys.size())));
            relation(model, "WAS_GENERATED_BY", run);
            if (version > 1 && random.nextInt(4) == 0) {
                relation(model, "DERIVED_FROM", "model:m-" + m + "@" + (version - 1));
            }
            relation(model, "OWNED_BY", "person:user" + (m % people) + "@acme.com");
            modelVersions.add(model);
            inputsOfModel.put(model, used);
        }

        for (int i = 0; i < evaluations; i++) {
            String eval = "evaluation:eval-" + i;
            node(eval, Map.of("metric", "auc", "value", 0.7 + random.nextDouble() * 0.3));
            relation(eval, "EVALUATES", modelVersions.get(random.nextInt(modelVersions.size())));
            relation(eval, "USED", datasetKeys.get(skewed(datasetKeys.size())));
        }

        List<String> deploymentKeys = new ArrayList<>();
        String pathFrom = null;
        String pathTo = null;
        for (int i = 0; i < deployments; i++) {
            String dep = "deployment:dep-" + i;
            node(dep, Map.of("environment", i % 3 == 0 ? "production" : "staging"));
            String older = modelVersions.get(random.nextInt(modelVersions.size()));
            String current = modelVersions.get(random.nextInt(modelVersions.size()));
            if (!older.equals(current)) {
                relation(dep, "SERVES", older, "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z");
            }
            relation(dep, "SERVES", current, "2026-03-01T00:00:00Z", null);
            relation(dep, "OWNED_BY", "person:user" + (i % people) + "@acme.com");
            deploymentKeys.add(dep);
            if (pathFrom == null) {
                pathFrom = dep;
                pathTo = inputsOfModel.get(current).get(0);
            }
        }

        node("model:text-embedder@1", Map.of("dimensions", 768));
        node("model:llm@base", Map.of("parameters", "8B"));
        for (int i = 0; i < ragUnits; i++) {
            String docs = "dataset:docs-" + i + "@v1";
            String run = "run:index-" + i + "@r1";
            String index = "embedding:index-" + i + "@v1";
            String prompt = "prompt:answer-" + i + "@1";
            node(docs, Map.of("documents", 1000 + random.nextInt(100_000)));
            node(run, Map.of("status", "succeeded"));
            node(index, Map.of("engine", "hnsw"));
            node(prompt, Map.of("template", "Answer using {context}: {question}"));
            relation(run, "USED", docs);
            relation(run, "USED", "model:text-embedder@1");
            relation(index, "WAS_GENERATED_BY", run);
            relation(prompt, "DERIVED_FROM", docs);
        }

        String mostUsed = uses.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        // The median of the datasets some run used, by uses (key order breaks ties, so the seed decides it).
        List<Map.Entry<String, Integer>> used = new ArrayList<>(uses.entrySet());
        used.sort(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
        Map.Entry<String, Integer> median = used.get(used.size() / 2);
        return new Graph(nodes, relations, modelVersions, deploymentKeys, mostUsed, uses.get(mostUsed), pathFrom,
                pathTo, maxDepth, median.getKey(), median.getValue());
    }

    /** An index skewed towards 0: a few items are chosen very often, most rarely. */
    private int skewed(int size) {
        double u = random.nextDouble();
        return (int) Math.min(size - 1, Math.floor(size * Math.pow(u, 4)));
    }

    private String hex(int chars) {
        byte[] b = new byte[chars / 2];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private void node(String key, Map<String, Object> properties) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("properties", properties);
        m.put("validFrom", T0);
        nodes.add(m);
    }

    private void relation(String from, String type, String to) {
        relation(from, type, to, T0, null);
    }

    private void relation(String from, String type, String to, String validFrom, String validTo) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", from);
        m.put("type", type);
        m.put("to", to);
        m.put("validFrom", validFrom);
        if (validTo != null) {
            m.put("validTo", validTo);
        }
        relations.add(m);
    }
}
