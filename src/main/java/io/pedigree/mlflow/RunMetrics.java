package io.pedigree.mlflow;

import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import io.pedigree.registry.Evaluation;
import io.pedigree.registry.EvaluationInput;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.ModelName;
import io.pedigree.store.Database;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * MLflow metrics as Pedigree evaluations, so a policy's metric thresholds see them: the latest metrics of a run
 * that produced a version are recorded as an evaluation of that version in suite {@code mlflow}, on the run's
 * evaluation dataset when it logged one. Recorded when the version is created and again whenever the run's
 * metrics change afterwards.
 */
public final class RunMetrics {

    /** The suite MLflow metrics are recorded under; a policy rule may name it to count only them. */
    public static final String SUITE = "mlflow";

    // Pedigree's metric names; MLflow keys outside them (spaces, slashes) stay on the run only.
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._\\-@]{0,63}");
    private static final Set<String> EVAL_CONTEXTS = Set.of("eval", "evaluation", "validation", "test");
    private static final List<String> LOWER_IS_BETTER = List.of("loss", "error", "mse", "mae", "rmse", "mape");

    private static final String VERSIONS_OF_RUN = """
            MATCH (s:ModelVersion {mlflowRunId: $run})
            WHERE s.mlflowDeleted IS NULL AND s.retiredAt IS NULL
            RETURN s.model AS model, s.number AS number
            ORDER BY model, number
            """;

    private final Database db;
    private final Evaluations evaluations;

    public RunMetrics(Database db, Evaluations evaluations) {
        this.db = db;
        this.evaluations = evaluations;
    }

    /** Records the run's metrics against every version it produced whose latest MLflow evaluation differs. */
    void recordForRun(Ml.Run run, String actor) {
        List<Map.Entry<String, Integer>> produced = db.read(tx -> tx.run(VERSIONS_OF_RUN,
                Map.of("run", run.info().runId())).list(r -> Map.entry(r.get("model").asString(),
                r.get("number").asInt())));
        for (Map.Entry<String, Integer> v : produced) {
            record(new ModelName(v.getKey()), v.getValue(), run, actor);
        }
    }

    /** Records the run's metrics as an evaluation of the version, unless its latest MLflow one says the same. */
    void record(ModelName name, int number, Ml.Run run, String actor) {
        List<EvaluationInput.MetricInput> metrics = metrics(run);
        if (metrics.isEmpty()) {
            return;
        }
        NodeKey dataset = dataset(run);
        Evaluation last = null;
        for (Evaluation e : evaluations.list(name, number)) {
            if (SUITE.equals(e.suite())) {
                last = e;
            }
        }
        if (last != null && same(last, metrics, dataset)) {
            return;
        }
        evaluations.record(name, number, new EvaluationInput(SUITE, dataset, metrics, "latest metrics of MLflow run "
                + run.info().runId(), null), actor);
    }

    private static List<EvaluationInput.MetricInput> metrics(Ml.Run run) {
        List<EvaluationInput.MetricInput> out = new ArrayList<>();
        for (Ml.Metric m : run.data().metrics()) {
            if (NAME.matcher(m.key()).matches() && Double.isFinite(m.value())) {
                out.add(new EvaluationInput.MetricInput(m.key(), m.value(), higherIsBetter(m.key()), null));
            }
        }
        return out;
    }

    /** MLflow does not say which way a metric improves: names of losses and errors improve downwards. */
    static boolean higherIsBetter(String metric) {
        String m = metric.toLowerCase(Locale.ROOT);
        return LOWER_IS_BETTER.stream().noneMatch(m::contains);
    }

    /**
     * The dataset the metrics were measured on: the one logged with context eval, evaluation, validation or test,
     * else the run's only dataset; none when that is ambiguous.
     */
    static NodeKey dataset(Ml.Run run) {
        List<Ml.DatasetInput> inputs = run.inputs().datasetInputs();
        for (Ml.DatasetInput in : inputs) {
            for (Ml.Tag t : in.tags() == null ? List.<Ml.Tag>of() : in.tags()) {
                if ("mlflow.data.context".equals(t.key()) && t.value() != null
                        && EVAL_CONTEXTS.contains(t.value().toLowerCase(Locale.ROOT))) {
                    return key(in);
                }
            }
        }
        return inputs.size() == 1 ? key(inputs.get(0)) : null;
    }

    private static NodeKey key(Ml.DatasetInput in) {
        return NodeKey.of(Kind.DATASET, in.dataset().name(), in.dataset().digest());
    }

    private static boolean same(Evaluation e, List<EvaluationInput.MetricInput> metrics, NodeKey dataset) {
        Map<String, Double> before = new TreeMap<>();
        e.metrics().forEach(m -> before.put(m.name(), m.value()));
        Map<String, Double> now = new TreeMap<>();
        metrics.forEach(m -> now.put(m.name(), m.value()));
        String d = dataset == null ? null : dataset.toString();
        return before.equals(now) && java.util.Objects.equals(e.dataset(), d);
    }
}
