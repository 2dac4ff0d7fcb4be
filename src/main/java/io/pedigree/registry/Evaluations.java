package io.pedigree.registry;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Evaluation results of model versions. Each is an evaluation node of the lineage graph that evaluates the version
 * and used the dataset version it was measured on, so lineage and impact see evaluations too.
 */
public final class Evaluations {

    private static final Pattern SUITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,63}");
    private static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9._\\-@]{0,63}");

    private static final String COUNT = """
            MATCH (e:Evaluation)-[:EVALUATES]->(:Node {key: $key})
            RETURN count(e) AS n
            """;

    private static final String LIST = """
            MATCH (e:Evaluation)-[:EVALUATES]->(:Node {key: $key})
            RETURN e.key AS key, e.props AS props, e.createdAt AS at, e.createdBy AS by
            ORDER BY e.createdAt, e.key
            """;

    private final Database db;
    private final Registry registry;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Limits limits;

    public Evaluations(Database db, Registry registry, GraphWriter writer, AuditLog audit, Limits limits) {
        this.db = db;
        this.registry = registry;
        this.writer = writer;
        this.audit = audit;
        this.limits = limits;
    }

    public Evaluation record(ModelName name, int number, EvaluationInput input, String actor) {
        check(input);
        String key = db.write(tx -> {
            registry.lock(tx, name);
            ModelVersion version = registry.requireVersion(tx, "version", name, number);
            if (input.dataset() != null && tx.run("MATCH (n:Node {key: $key}) RETURN n.key", Map.of("key",
                    input.dataset().toString())).list().isEmpty()) {
                throw new InvalidInput("dataset", "No node with key " + input.dataset() + " is recorded");
            }
            int n = tx.run(COUNT, Map.of("key", version.key())).single().get("n").asInt() + 1;
            NodeKey evaluation = NodeKey.of(Kind.EVALUATION, name.value() + "-v" + number + "-" + input.suite()
                    + "-" + n);
            Map<String, Object> content = content(name, number, input);
            // What was measured: the artifacts as they are now, so a later change makes this evaluation stale.
            content.put("artifacts", registry.content(tx, version).artifacts());
            List<RelationInput> relations = new ArrayList<>();
            relations.add(new RelationInput(evaluation, RelationType.EVALUATES, NodeKey.parse("version",
                    version.key()), null, null, null));
            if (input.dataset() != null) {
                relations.add(new RelationInput(evaluation, RelationType.USED, input.dataset(), null, null, null));
            }
            writer.writeIn(tx, new Batch(List.of(new NodeInput(evaluation, Properties.of("evaluation", content,
                    limits), null, null)), relations), actor, i -> "");
            audit.append(tx, actor, new AuditEntry("evaluation.record", version.key(),
                    List.of(evaluation.toString()), null, Digest.of(content), null,
                    Map.of("suite", input.suite(), "passed", String.valueOf(content.get("passed")))));
            return evaluation.toString();
        });
        return list(name, number).stream().filter(e -> e.key().equals(key)).findFirst().orElseThrow();
    }

    public List<Evaluation> list(ModelName name, int number) {
        ModelVersion version = registry.version(name, number);
        return db.read(tx -> read(tx, version.key()));
    }

    /** The evaluations of a version, oldest first, inside another service's transaction. */
    public List<Evaluation> read(TransactionContext tx, String versionKey) {
        return tx.run(LIST, Map.of("key", versionKey)).list(r -> {
            Map<String, Object> c = Json.map(r.get("props").asString(null));
            List<Evaluation.Metric> metrics = new ArrayList<>();
            Object raw = c.get("metrics");
            if (raw instanceof List<?> l) {
                for (Object o : l) {
                    Map<?, ?> m = (Map<?, ?>) o;
                    metrics.add(new Evaluation.Metric((String) m.get("name"), ((Number) m.get("value")).doubleValue(),
                            !Boolean.FALSE.equals(m.get("higherIsBetter")),
                            m.get("threshold") == null ? null : ((Number) m.get("threshold")).doubleValue(),
                            (Boolean) m.get("passed")));
                }
            }
            return new Evaluation(r.get("key").asString(), (String) c.get("suite"), (String) c.get("dataset"),
                    metrics, (Boolean) c.get("passed"), (String) c.get("notes"), (String) c.get("reviewer"),
                    VersionRows.instant(r.get("at")), r.get("by").asString(null), (String) c.get("artifacts"));
        });
    }

    private static Map<String, Object> content(ModelName name, int number, EvaluationInput input) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model", name.value());
        c.put("number", number);
        c.put("suite", input.suite());
        if (input.dataset() != null) {
            c.put("dataset", input.dataset().toString());
        }
        List<Map<String, Object>> metrics = new ArrayList<>();
        Boolean passed = null;
        for (EvaluationInput.MetricInput m : input.metrics()) {
            boolean higher = m.higherIsBetter() == null || m.higherIsBetter();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("name", m.name());
            out.put("value", m.value());
            out.put("higherIsBetter", higher);
            if (m.threshold() != null) {
                boolean ok = higher ? m.value() >= m.threshold() : m.value() <= m.threshold();
                out.put("threshold", m.threshold());
                out.put("passed", ok);
                passed = (passed == null || passed) && ok;
            }
            metrics.add(out);
        }
        c.put("metrics", metrics);
        if (passed != null) {
            c.put("passed", passed);
        }
        if (input.notes() != null) {
            c.put("notes", input.notes());
        }
        if (input.reviewer() != null) {
            c.put("reviewer", input.reviewer());
        }
        return c;
    }

    private static void check(EvaluationInput input) {
        if (input.suite() == null || !SUITE.matcher(input.suite()).matches()) {
            throw new InvalidInput("suite", "suite names the benchmark or suite: 1 to 64 letters, digits, '.', '_'"
                    + " or '-'");
        }
        if (input.metrics().isEmpty()) {
            throw new InvalidInput("metrics", "An evaluation reports at least one metric");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < input.metrics().size(); i++) {
            EvaluationInput.MetricInput m = input.metrics().get(i);
            String f = "metrics[" + i + "]";
            if (m == null || m.name() == null || !METRIC.matcher(m.name()).matches()) {
                throw new InvalidInput(f + ".name", "A metric name starts with a letter: letters, digits, '.', '_',"
                        + " '-' or '@'");
            }
            if (!seen.add(m.name())) {
                throw new InvalidInput(f + ".name", "Metric " + m.name() + " appears twice");
            }
            if (m.value() == null || m.value().isNaN() || m.value().isInfinite()) {
                throw new InvalidInput(f + ".value", "value is a finite number");
            }
            if (m.threshold() != null && (m.threshold().isNaN() || m.threshold().isInfinite())) {
                throw new InvalidInput(f + ".threshold", "threshold is a finite number");
            }
        }
        if (input.dataset() != null && input.dataset().kind() != Kind.DATASET) {
            throw new InvalidInput("dataset", "dataset names a dataset version, like dataset:fraud-holdout@3");
        }
    }

    /** A helper for callers that got a version and need its evaluations without another lookup. */
    public List<Evaluation> of(ModelVersion v) {
        return db.read(tx -> read(tx, v.key()));
    }
}
