package io.pedigree.observability;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.ServingPeriod;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Production measurements of deployments, attributed to the version each deployment served at the time (from its
 * {@code SERVES} periods) and kept only as hourly roll-ups per deployment, version and metric, so storage and
 * every chart query stay bounded however many raw values arrive.
 */
public final class Measurements {

    /** How long hourly buckets are kept; older ones are deleted and older measurements are not stored. */
    public static final Duration RETENTION = Duration.ofDays(90);
    /** The widest window one chart query may ask for. */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    /** The most points one chart query answers: 31 days of hours with a few versions each. */
    public static final int MAX_POINTS = 2_000;

    private static final String PERIODS = """
            MATCH (d:Node:Deployment) WHERE d.key IN $keys
            OPTIONAL MATCH (d)-[r:SERVES]->(v:Node)
            RETURN d.key AS key, collect(CASE WHEN v IS NULL THEN null
                   ELSE {version: v.key, validFrom: r.validFrom, validTo: r.validTo} END) AS periods
            """;

    private static final String MERGE = """
            UNWIND $rows AS row
            MERGE (m:MeasurementBucket {deployment: row.deployment, metric: row.metric, bucket: row.bucket,
                                        version: row.version})
              ON CREATE SET m.count = row.count, m.sum = row.sum, m.min = row.min, m.max = row.max, m.unit = row.unit
              ON MATCH SET m.count = m.count + row.count, m.sum = m.sum + row.sum,
                           m.min = CASE WHEN row.min < m.min THEN row.min ELSE m.min END,
                           m.max = CASE WHEN row.max > m.max THEN row.max ELSE m.max END,
                           m.unit = coalesce(row.unit, m.unit)
            """;

    private static final String CATALOG = """
            UNWIND $rows AS row
            MERGE (s:MetricSeries {deployment: row.deployment, metric: row.metric})
              ON CREATE SET s.unit = row.unit, s.first = row.bucket, s.last = row.bucket
              ON MATCH SET s.unit = coalesce(row.unit, s.unit),
                           s.first = CASE WHEN row.bucket < s.first THEN row.bucket ELSE s.first END,
                           s.last = CASE WHEN row.bucket > s.last THEN row.bucket ELSE s.last END
            """;

    // The hint keeps the planner on the composite index (equality on deployment and metric, a range of hours; a
    // hint needs a predicate on each of the index's properties, and every bucket has a version, as MERGE refuses a
    // null). Without it a chart slowed with the number of deployments (bench measurements: p95 60 ms at 100,
    // 486 ms at 1,000; 13 ms at 1,000 with it), as if other deployments' buckets were read.
    private static final String SERIES = """
            MATCH (m:MeasurementBucket)
            USING INDEX m:MeasurementBucket(deployment, metric, bucket, version)
            WHERE m.deployment = $deployment AND m.metric = $metric AND m.bucket >= $from AND m.bucket < $to
              AND m.version IS NOT NULL
            RETURN m.bucket AS bucket, m.version AS version, m.count AS count, m.sum AS sum, m.min AS min,
                   m.max AS max, m.unit AS unit
            ORDER BY bucket, version
            LIMIT $limit
            """;

    private static final String METRICS = """
            MATCH (s:MetricSeries {deployment: $deployment})
            RETURN s.metric AS metric, s.unit AS unit, s.first AS first, s.last AS last
            ORDER BY metric
            """;

    // Through the deployments that served the versions, so every bucket is read by the composite index.
    private static final String BY_VERSION = """
            MATCH (d:Node:Deployment)-[:SERVES]->(v:Node) WHERE v.key IN $versions
            WITH DISTINCT d.key AS deployment
            MATCH (s:MetricSeries {deployment: deployment})
            MATCH (m:MeasurementBucket)
            WHERE m.deployment = deployment AND m.metric = s.metric AND m.bucket >= $from AND m.bucket < $to
              AND m.version IN $versions
            RETURN m.version AS version, m.metric AS metric, sum(m.count) AS count, sum(m.sum) AS sum,
                   min(m.min) AS min, max(m.max) AS max, max(m.unit) AS unit
            ORDER BY version, metric
            """;

    private static final String PRUNE = """
            MATCH (m:MeasurementBucket) WHERE m.bucket < $before
            WITH m LIMIT 10000
            DELETE m
            RETURN count(*) AS deleted
            """;

    private final Database db;
    private final Limits limits;
    private final Clock clock;
    private final AtomicLong lastPrune = new AtomicLong();
    private final Alerts alerts;

    public Measurements(Database db, Limits limits, Clock clock) {
        this(db, limits, clock, null);
    }

    /** Measurements that are checked against production thresholds as they arrive ({@code alerts} null: not). */
    public Measurements(Database db, Limits limits, Clock clock, Alerts alerts) {
        this.db = db;
        this.limits = limits;
        this.clock = clock;
        this.alerts = alerts;
    }

    /**
     * Records a batch: each measurement goes to the version serving its deployment at its start, into that hour's
     * bucket. All or nothing; an unknown deployment or a start in the future refuses the whole batch, naming it.
     */
    public IngestSummary record(List<Measurement> batch) {
        return record(batch, false);
    }

    /**
     * Records what it can of a batch from a telemetry pipeline: measurements of unknown deployments or from the
     * future are counted as rejected, with the first reason, instead of refusing the rest.
     */
    public IngestSummary recordKnown(List<Measurement> batch) {
        return record(batch, true);
    }

    private IngestSummary record(List<Measurement> batch, boolean lenient) {
        if (batch.size() > limits.maxBatchElements()) {
            throw new InvalidInput("measurements", "At most " + limits.maxBatchElements()
                    + " measurements per batch (PEDIGREE_MAX_BATCH_ELEMENTS); got " + batch.size());
        }
        Instant now = clock.instant();
        Instant oldest = now.minus(RETENTION);
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            keys.add(Deployments.key("measurements[" + i + "].deployment", batch.get(i).deployment()).toString());
        }
        List<Alert> toAct = new ArrayList<>();
        IngestSummary summary = db.write(tx -> {
            toAct.clear();
            List<Alerts.Observed> observed = new ArrayList<>();
            Map<String, Attribution> serving = serving(tx, keys);
            Rollup rollup = new Rollup();
            int attributed = 0;
            int unattributed = 0;
            int expired = 0;
            int rejected = 0;
            String firstError = null;
            for (int i = 0; i < batch.size(); i++) {
                Measurement m = batch.get(i);
                String key = Deployments.key("deployment", m.deployment()).toString();
                Attribution a = serving.get(key);
                String error = null;
                String field = null;
                if (a == null) {
                    field = "measurements[" + i + "].deployment";
                    error = "No deployment named " + m.deployment() + "; record it first";
                } else if (m.start().isAfter(now)) {
                    // Serving periods only change at the present instant, so a value from the past is attributed
                    // once and for good; one from the future could go to a version that is then replaced.
                    field = "measurements[" + i + "].start";
                    error = "start " + m.start() + " is in the future; measurements are recorded once they happened";
                }
                if (error != null) {
                    if (!lenient) {
                        throw new InvalidInput(field, error);
                    }
                    rejected++;
                    firstError = firstError == null ? error : firstError;
                    continue;
                }
                if (m.start().isBefore(oldest)) {
                    expired++;
                    continue;
                }
                String version = a.versionAt(m.start());
                if (version == null) {
                    unattributed++;
                } else {
                    attributed++;
                    observed.add(new Alerts.Observed(key, version, m));
                }
                rollup.add(key, version, m);
            }
            List<Map<String, Object>> rows = rollup.rows();
            if (!rows.isEmpty()) {
                tx.run(MERGE, Map.of("rows", rows)).consume();
                tx.run(CATALOG, Map.of("rows", rows)).consume();
            }
            if (alerts != null) {
                toAct.addAll(alerts.evaluate(tx, observed));
            }
            return new IngestSummary(batch.size(), attributed, unattributed, expired, rejected, rows.size(),
                    firstError);
        });
        if (!toAct.isEmpty()) {
            alerts.act(toAct);
        }
        pruneHourly(now);
        return summary;
    }

    /** One metric of a deployment between {@code from} and {@code to} (default: the 7 days before now). */
    public Series series(String deploymentName, String metric, Instant from, Instant to) {
        NodeKey key = Deployments.key("name", deploymentName);
        if (metric == null || metric.isBlank()) {
            throw new InvalidInput("metric", "metric names the metric to chart");
        }
        Instant end = to == null ? clock.instant() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(7)) : from;
        if (!start.isBefore(end)) {
            throw new InvalidInput("from", "from is before to");
        }
        if (Duration.between(start, end).compareTo(MAX_WINDOW) > 0) {
            throw new InvalidInput("from", "A chart covers at most " + MAX_WINDOW.toDays() + " days");
        }
        return db.read(tx -> {
            requireDeployment(tx, key, deploymentName);
            List<Series.Point> points = new ArrayList<>();
            tx.run(SERIES, Map.of("deployment", key.toString(), "metric", metric, "from", Rollup.bucketOf(start),
                    "to", end.toEpochMilli(), "limit", MAX_POINTS + 1)).forEachRemaining(r -> {
                long count = r.get("count").asLong();
                double sum = r.get("sum").asDouble();
                String version = r.get("version").asString();
                points.add(new Series.Point(Instant.ofEpochMilli(r.get("bucket").asLong()),
                        version.isEmpty() ? null : version, count, count == 0 ? 0 : sum / count,
                        r.get("min").asDouble(), r.get("max").asDouble(), sum, r.get("unit").asString(null)));
            });
            boolean truncated = points.size() > MAX_POINTS;
            return new Series(key.toString(), metric, start, end, Rollup.RESOLUTION,
                    truncated ? points.subList(0, MAX_POINTS) : points, truncated);
        });
    }

    /** The metrics recorded for a deployment, with their unit and the first and last hour measured. */
    public List<MetricInfo> metrics(String deploymentName) {
        NodeKey key = Deployments.key("name", deploymentName);
        return db.read(tx -> {
            requireDeployment(tx, key, deploymentName);
            return tx.run(METRICS, Map.of("deployment", key.toString())).list(r -> new MetricInfo(
                    r.get("metric").asString(), r.get("unit").asString(null),
                    Instant.ofEpochMilli(r.get("first").asLong()), Instant.ofEpochMilli(r.get("last").asLong())));
        });
    }

    /**
     * Every metric measured while each of {@code versions} served, on any deployment, between {@code from} and
     * {@code to}: the production side of comparing versions.
     */
    public List<VersionMetric> byVersion(List<String> versions, Instant from, Instant to) {
        return db.read(tx -> tx.run(BY_VERSION, Map.of("versions", versions, "from", Rollup.bucketOf(from),
                "to", to.toEpochMilli())).list(r -> {
                    long count = r.get("count").asLong();
                    return new VersionMetric(r.get("version").asString(), r.get("metric").asString(), count,
                            count == 0 ? 0 : r.get("sum").asDouble() / count, r.get("min").asDouble(),
                            r.get("max").asDouble(), r.get("unit").asString(null));
                }));
    }

    /** Deletes the buckets older than the retention; answers how many went. */
    public long prune() {
        long before = Rollup.bucketOf(clock.instant().minus(RETENTION));
        long total = 0;
        long deleted;
        do {
            deleted = db.write(tx -> tx.run(PRUNE, Map.of("before", before)).single().get("deleted").asLong());
            total += deleted;
        } while (deleted > 0);
        return total;
    }

    private void pruneHourly(Instant now) {
        long last = lastPrune.get();
        long hour = Rollup.bucketOf(now);
        if (last != hour && lastPrune.compareAndSet(last, hour)) {
            prune();
        }
    }

    private static void requireDeployment(TransactionContext tx, NodeKey key, String name) {
        if (tx.run("MATCH (d:Node:Deployment {key: $key}) RETURN d.key", Map.of("key", key.toString())).list()
                .isEmpty()) {
            throw new NotFound("name", "No deployment named " + name);
        }
    }

    private static Map<String, Attribution> serving(TransactionContext tx, Set<String> keys) {
        Map<String, Attribution> out = new HashMap<>();
        tx.run(PERIODS, Map.of("keys", List.copyOf(keys))).forEachRemaining(r -> {
            List<ServingPeriod> periods = r.get("periods").asList(p -> new ServingPeriod(
                    p.get("version").asString(), instant(p.get("validFrom")), instant(p.get("validTo")), null, null,
                    null));
            out.put(r.get("key").asString(), new Attribution(periods));
        });
        return out;
    }

    private static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().withZoneSameInstant(ZoneOffset.UTC).toInstant();
    }
}
