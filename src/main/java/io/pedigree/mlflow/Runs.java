package io.pedigree.mlflow;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
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
import org.neo4j.cypherdsl.core.Statement;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * MLflow runs as run nodes of the lineage graph ({@code run:mlflow/<experiment>@<run id>}): their parameters and
 * latest metrics are the node's properties, their logged datasets {@code USED} dataset nodes named by name and
 * digest. The MLflow bookkeeping (status, tags, metric history) sits beside the node. Every change is audited.
 */
public final class Runs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATUSES = Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");
    static final String METRIC_PREFIX = "metric.";

    private static final String CREATE = """
            CREATE (r:MlflowRun {id: $id, key: $key, experimentId: $experimentId, name: $name, userId: $userId,
                    status: 'RUNNING', startTime: $startTime, lifecycleStage: 'active', params: '{}', tags: $tags,
                    metrics: '{}', inputs: '[]', request: $request, requestAt: $now})
            """;

    // The experiment's node is the lock that makes a retry racing its original find it rather than both creating.
    private static final String LOCK_EXPERIMENT = """
            MATCH (e:MlflowExperiment {id: $id})
            SET e._lock = true
            REMOVE e._lock
            """;

    private static final String EARLIER = """
            MATCH (r:MlflowRun {request: $request})
            WHERE r.requestAt >= $since
            RETURN r.id AS id
            ORDER BY r.requestAt
            LIMIT 1
            """;

    private static final String READ = """
            MATCH (r:MlflowRun {id: $id})
            SET r._lock = true
            REMOVE r._lock
            RETURN r {.*} AS r
            """;

    private static final String READ_ONLY = """
            MATCH (r:MlflowRun {id: $id})
            RETURN r {.*} AS r
            """;

    private static final String SAVE = """
            MATCH (r:MlflowRun {id: $id})
            SET r.name = $name, r.status = $status, r.endTime = $endTime, r.params = $params, r.tags = $tags,
                r.metrics = $metrics, r.inputs = $inputs
            SET r += $latest
            """;

    private static final String POINTS = """
            UNWIND $points AS p
            MERGE (m:MlflowMetric {run: $id, key: p.key, timestamp: p.timestamp, step: p.step, value: p.value})
            """;

    private static final String HISTORY = """
            MATCH (m:MlflowMetric {run: $id, key: $key})
            RETURN m.value AS value, m.timestamp AS timestamp, m.step AS step
            ORDER BY m.step, m.timestamp
            """;

    private final Database db;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;
    private final RunMetrics evaluations;

    public Runs(Database db, GraphWriter writer, AuditLog audit, Limits limits, Clock clock, RunMetrics evaluations) {
        this.db = db;
        this.evaluations = evaluations;
        this.writer = writer;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    /** What a run is: its MLflow fields, kept as MLflow reads them. */
    private record State(String id, String key, String experimentId, String name, String userId, String status,
                         Long startTime, Long endTime, Map<String, String> params, Map<String, String> tags,
                         Map<String, Ml.Metric> metrics, List<Ml.DatasetInput> inputs) {
    }

    /**
     * Starts a run. The same principal sending the same create again within {@link Retries#WINDOW} (a client
     * retrying after a lost answer) gets the first run back, not a second one.
     */
    public Ml.Run create(String experimentId, String runName, Long startTime, Map<String, String> tags,
                         String actor) {
        String exp = experimentId == null || experimentId.isEmpty() ? Experiments.DEFAULT_ID : experimentId;
        Map<String, String> t = new TreeMap<>(tags == null ? Map.of() : tags);
        String request = Retries.digest(actor, "runs/create", exp, runName, startTime, t);
        String id = UUID.randomUUID().toString().replace("-", "");
        return db.write(tx -> {
            if (exp.equals(Experiments.DEFAULT_ID)) {
                Experiments.ensureDefault(tx, clock);
            }
            Ml.Experiment e = Experiments.readIn(tx, exp).orElseThrow(() -> new NotFound("experiment_id",
                    "No Experiment with id=" + exp + " exists"));
            tx.run(LOCK_EXPERIMENT, Map.of("id", exp)).consume();
            Optional<String> earlier = tx.run(EARLIER, Map.of("request", request, "since", Retries.since(clock)))
                    .stream().findFirst().map(r -> r.get("id").asString());
            if (earlier.isPresent()) {
                return run(read(tx, earlier.get()));
            }
            NodeKey key = NodeKey.of(Kind.RUN, "mlflow/" + e.name(), id);
            String name = runName == null || runName.isEmpty() ? "run-" + id.substring(0, 8) : runName;
            long now = clock.instant().toEpochMilli();
            long start = startTime == null ? now : startTime;
            Map<String, Object> p = new HashMap<>();
            p.put("id", id);
            p.put("key", key.toString());
            p.put("experimentId", exp);
            p.put("name", name);
            p.put("userId", actor);
            p.put("startTime", start);
            p.put("tags", write(t));
            p.put("request", request);
            p.put("now", now);
            tx.run(CREATE, p).consume();
            State s = read(tx, id);
            node(tx, s, List.of(), actor);
            audit.append(tx, actor, new AuditEntry("mlflow.run.create", key.toString(), List.of(), null, null, null,
                    Map.of("experiment", exp, "run", id)));
            return run(s);
        });
    }

    public Ml.Run get(String id) {
        return find(require(id)).orElseThrow(() -> notFound(id));
    }

    Optional<Ml.Run> find(String id) {
        return db.read(tx -> tx.run(READ_ONLY, Map.of("id", id)).stream().findFirst()
                .map(r -> run(state(r.get("r")))));
    }

    /** The run node's key, for linking a model version to the run that produced it. */
    public Optional<NodeKey> key(String id) {
        return db.read(tx -> tx.run(READ_ONLY, Map.of("id", id)).stream().findFirst()
                .map(r -> NodeKey.parse("run_id", r.get("r").get("key").asString())));
    }

    public Ml.RunInfo update(String id, String status, Long endTime, String runName, String actor) {
        if (status != null && !status.isEmpty() && !STATUSES.contains(status)) {
            throw new InvalidInput("status", "status is one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED");
        }
        change(id, actor, "mlflow.run.update", s -> new State(s.id(), s.key(), s.experimentId(),
                runName == null || runName.isEmpty() ? s.name() : runName, s.userId(),
                status == null || status.isEmpty() ? s.status() : status, s.startTime(),
                endTime != null ? endTime : s.endTime(), s.params(), s.tags(), s.metrics(), s.inputs()), List.of());
        return get(id).info();
    }

    /**
     * Logs metrics, parameters and tags at once. A parameter is written once: logging it again with the same value
     * is a no-op (so retries are safe), with another value an error, as in MLflow. Metric points are kept once
     * each, so a retried call adds no duplicate to the history.
     */
    public void log(String id, List<Ml.Metric> metrics, List<Ml.Param> params, List<Ml.Tag> tags, String actor) {
        change(id, actor, "mlflow.run.log", s -> {
            Map<String, String> ps = new TreeMap<>(s.params());
            for (int i = 0; i < params.size(); i++) {
                Ml.Param p = params.get(i);
                String before = ps.get(p.key());
                if (before != null && !before.equals(p.value())) {
                    throw new InvalidInput("params[" + i + "]", "Changing param values is not allowed. Param with"
                            + " key='" + p.key() + "' was already logged with value='" + before + "' for run ID='"
                            + id + "'. Attempted logging new value '" + p.value() + "'.");
                }
                ps.put(requireKey(p.key()), p.value() == null ? "" : p.value());
            }
            Map<String, String> ts = new TreeMap<>(s.tags());
            tags.forEach(t -> ts.put(requireKey(t.key()), t.value() == null ? "" : t.value()));
            Map<String, Ml.Metric> ms = new TreeMap<>(s.metrics());
            for (Ml.Metric m : metrics) {
                requireKey(m.key());
                Ml.Metric before = ms.get(m.key());
                // MLflow's latest metric is the one with the highest step, then the latest timestamp.
                if (before == null || m.step() > before.step()
                        || (m.step() == before.step() && m.timestamp() >= before.timestamp())) {
                    ms.put(m.key(), m);
                }
            }
            return new State(s.id(), s.key(), s.experimentId(), s.name(), s.userId(), s.status(), s.startTime(),
                    s.endTime(), ps, ts, ms, s.inputs());
        }, metrics);
        if (!metrics.isEmpty()) {
            // Metrics logged after a version was registered from the run still reach that version's gates.
            evaluations.recordForRun(get(id), actor);
        }
    }

    /** Records the datasets a run used: each a dataset node {@code dataset:<name>@<digest>} the run USED. */
    public void logInputs(String id, List<Ml.DatasetInput> inputs, String actor) {
        change(id, actor, "mlflow.run.inputs", s -> {
            List<Ml.DatasetInput> all = new ArrayList<>(s.inputs());
            for (Ml.DatasetInput in : inputs) {
                if (in.dataset() == null || in.dataset().name() == null || in.dataset().digest() == null) {
                    throw new InvalidInput("datasets", "Every dataset input needs a dataset with a name and digest");
                }
                if (all.stream().noneMatch(d -> d.dataset().name().equals(in.dataset().name())
                        && d.dataset().digest().equals(in.dataset().digest()))) {
                    all.add(in);
                }
            }
            return new State(s.id(), s.key(), s.experimentId(), s.name(), s.userId(), s.status(), s.startTime(),
                    s.endTime(), s.params(), s.tags(), s.metrics(), all);
        }, List.of());
    }

    public List<Ml.Metric> history(String id, String key) {
        get(id);
        return db.read(tx -> tx.run(HISTORY, Map.of("id", id, "key", requireKey(key))).list(r ->
                new Ml.Metric(key, r.get("value").asDouble(), r.get("timestamp").asLong(), r.get("step").asLong())));
    }

    /**
     * Runs of the experiments matching MLflow's filter ({@code metrics.<key>}, {@code params.<key>},
     * {@code tags.<key>}, {@code attributes.status|run_name|run_id|user_id|start_time|end_time}), sorted by
     * {@code order_by} (newest first by default) and paged, all in the database.
     */
    public Ml.Page<Ml.Run> search(List<String> experimentIds, String filter, Integer maxResults, String pageToken,
                                  List<String> orderBy) {
        int max = Pages.max(maxResults);
        int from = Pages.offset(pageToken);
        Statement query = RunSearches.query(experimentIds == null ? List.of() : experimentIds,
                Filter.parse(filter, RunSearches.GRAMMAR), orderBy, from, max);
        List<Ml.Run> rows = db.read(tx -> tx.run(query.getCypher(), query.getCatalog().getParameters())
                .list(r -> run(state(r.get("r")))));
        return Pages.of(rows, from, max);
    }

    private State change(String id, String actor, String action, java.util.function.UnaryOperator<State> edit,
                         List<Ml.Metric> points) {
        return db.write(tx -> {
            List<State> found = tx.run(READ, Map.of("id", require(id))).list(r -> state(r.get("r")));
            if (found.isEmpty()) {
                throw notFound(id);
            }
            State before = found.get(0);
            State after = edit.apply(before);
            Map<String, Object> p = new HashMap<>();
            p.put("id", id);
            p.put("name", after.name());
            p.put("status", after.status());
            p.put("endTime", after.endTime());
            p.put("params", write(after.params()));
            p.put("tags", write(after.tags()));
            p.put("metrics", write(after.metrics()));
            p.put("inputs", write(after.inputs()));
            // Latest metrics also as numbers under metric.<key>, which searches compare and sort in the database.
            Map<String, Object> latest = new HashMap<>();
            after.metrics().forEach((k, m) -> latest.put(METRIC_PREFIX + k, m.value()));
            p.put("latest", latest);
            tx.run(SAVE, p).consume();
            if (!points.isEmpty()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                points.forEach(m -> rows.add(Map.of("key", m.key(), "value", m.value(), "timestamp", m.timestamp(),
                        "step", m.step())));
                tx.run(POINTS, Map.of("id", id, "points", rows)).consume();
            }
            List<NodeKey> used = after.inputs().stream().map(d -> NodeKey.of(Kind.DATASET, d.dataset().name(),
                    d.dataset().digest())).toList();
            node(tx, after, used, actor);
            audit.append(tx, actor, new AuditEntry(action, after.key(), used.stream().map(NodeKey::toString).toList(),
                    null, null, null, Map.of("run", id)));
            return after;
        });
    }

    /** Writes the run node with its parameters and latest metrics, and the datasets it used. */
    private void node(TransactionContext tx, State s, List<NodeKey> used, String actor) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("source", "mlflow");
        props.put("experiment_id", s.experimentId());
        props.put("run_name", s.name());
        props.put("status", s.status());
        props.put("params", new TreeMap<>(s.params()));
        Map<String, Object> metrics = new TreeMap<>();
        s.metrics().forEach((k, m) -> {
            if (Double.isFinite(m.value())) {
                metrics.put(k, m.value());
            }
        });
        props.put("metrics", metrics);
        List<NodeInput> nodes = new ArrayList<>();
        nodes.add(new NodeInput(NodeKey.parse("run_id", s.key()), Properties.of("run", props, limits), null, null));
        List<RelationInput> relations = new ArrayList<>();
        for (Ml.DatasetInput in : s.inputs()) {
            Map<String, Object> dp = new LinkedHashMap<>();
            putIf(dp, "source_type", in.dataset().sourceType());
            putIf(dp, "source", in.dataset().source());
            NodeKey d = NodeKey.of(Kind.DATASET, in.dataset().name(), in.dataset().digest());
            nodes.add(new NodeInput(d, Properties.of("datasets", dp, limits), null, null));
            relations.add(new RelationInput(NodeKey.parse("run_id", s.key()), RelationType.USED, d, null, null,
                    null));
        }
        writer.writeIn(tx, new Batch(nodes, relations), actor, i -> "datasets[" + i + "].");
    }

    private static void putIf(Map<String, Object> m, String k, String v) {
        if (v != null && !v.isEmpty()) {
            m.put(k, v);
        }
    }

    private static State read(TransactionContext tx, String id) {
        return tx.run(READ_ONLY, Map.of("id", id)).single().get("r").computeOrDefault(Runs::state, null);
    }

    private static State state(Value r) {
        return new State(r.get("id").asString(), r.get("key").asString(), r.get("experimentId").asString(),
                r.get("name").asString(null), r.get("userId").asString(null), r.get("status").asString(),
                r.get("startTime").isNull() ? null : r.get("startTime").asLong(),
                r.get("endTime").isNull() ? null : r.get("endTime").asLong(),
                VersionReads.strings(r.get("params").asString()), VersionReads.strings(r.get("tags").asString()),
                read(r.get("metrics").asString(), new TypeReference<TreeMap<String, Ml.Metric>>() { }),
                read(r.get("inputs").asString(), new TypeReference<List<Ml.DatasetInput>>() { }));
    }

    private static Ml.Run run(State s) {
        List<Ml.Metric> metrics = new ArrayList<>(s.metrics().values());
        metrics.sort(Comparator.comparing(Ml.Metric::key));
        List<Ml.Param> params = new ArrayList<>();
        s.params().forEach((k, v) -> params.add(new Ml.Param(k, v)));
        List<Ml.Tag> tags = new ArrayList<>();
        s.tags().forEach((k, v) -> tags.add(new Ml.Tag(k, v)));
        return new Ml.Run(new Ml.RunInfo(s.id(), s.id(), s.name(), s.experimentId(), s.userId(), s.status(),
                s.startTime(), s.endTime(), artifactUri(s), "active"), new Ml.RunData(metrics, params, tags),
                new Ml.RunInputs(s.inputs()));
    }

    /** Where MLflow clients put the run's artifacts: Pedigree's artifact proxy, which Python resolves itself. */
    private static String artifactUri(State s) {
        return "mlflow-artifacts:/" + s.experimentId() + "/" + s.id() + "/artifacts";
    }

    private static String require(String id) {
        if (id == null || id.isEmpty()) {
            throw new InvalidInput("run_id", "run_id names the run");
        }
        return id;
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidInput("key", "Every metric, parameter and tag needs a key");
        }
        return key;
    }

    private static NotFound notFound(String id) {
        return new NotFound("run_id", "Run with id=" + id + " not found");
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Stored run data is not JSON", e);
        }
    }

    private static String write(Object value) {
        return VersionReads.write(value);
    }
}
