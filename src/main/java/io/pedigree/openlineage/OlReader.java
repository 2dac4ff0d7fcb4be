package io.pedigree.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads runs, jobs, stored events and producers, one query per answer. */
final class OlReader {

    private static final ObjectMapper MAPS = new ObjectMapper();

    private static final String ROW = """
            {key: r.key, runId: r.olRunId, ns: r.olJobNamespace, job: r.olJobName, state: r.olState,
             startedAt: r.olStartedAt, endedAt: r.olEndedAt, duration: r.`p.durationSeconds`,
             error: r.`p.errorMessage`,
             inputs: COLLECT { MATCH (r)-[:USED {ol: true}]->(d:Dataset) RETURN d.key ORDER BY d.key },
             outputs: COLLECT { MATCH (d:Dataset)-[:WAS_GENERATED_BY {ol: true}]->(r) RETURN d.key ORDER BY d.key }}
            """;

    private static final String RUN = """
            MATCH (n:Run {key: $key}) WHERE n.olRunId IS NOT NULL
            CALL (n) {
                OPTIONAL MATCH (n)-[:USED {ol: true}]->(r:Run) WHERE r.key = n.`p.parentRun`
                RETURN CASE WHEN r IS NULL THEN null ELSE %1$s END AS parent
            }
            CALL (n) {
                OPTIONAL MATCH (r:Run)-[:USED {ol: true}]->(n) WHERE r.`p.parentRun` = n.key
                WITH r ORDER BY r.olStartedAt, r.key LIMIT 500
                RETURN collect(%1$s) AS children
            }
            CALL (n) {
                OPTIONAL MATCH (n)-[u:USED {ol: true}]->(d:Dataset)
                WITH d, u ORDER BY d.key
                RETURN collect({key: d.key, ns: d.namespace, name: d.name, version: d.version, at: u.validFrom,
                                props: u.props, facets: u.olFacets}) AS inputs
            }
            CALL (n) {
                OPTIONAL MATCH (d:Dataset)-[g:WAS_GENERATED_BY {ol: true}]->(n)
                WITH d, g ORDER BY d.key
                RETURN collect({key: d.key, ns: d.namespace, name: d.name, version: d.version, at: g.validFrom,
                                props: g.props, facets: g.olFacets}) AS outputs
            }
            CALL (n) {
                OPTIONAL MATCH (e:OlEvent {runKey: n.key})
                RETURN count(e) AS eventCount
            }
            RETURN n, parent, children, inputs, outputs, eventCount
            """.formatted(ROW);

    private static final String RUN_BY_ID = """
            MATCH (n:Run {olRunId: $runId}) RETURN n.key AS key ORDER BY n.key LIMIT 1
            """;

    private static final String RUN_OF_EVENTS = """
            MATCH (e:OlEvent {runId: $runId}) WHERE e.runKey IS NOT NULL
            RETURN e.runKey AS key ORDER BY key LIMIT 1
            """;

    private static final String EVENTS_OF_RUN = """
            MATCH (e:OlEvent {runKey: $key})
            RETURN %s
            ORDER BY e.eventTime, e.digest SKIP $skip LIMIT $limit
            """.formatted(EventStore.COLUMNS);

    private static final String EVENTS_OF_JOB = """
            MATCH (e:OlEvent {jobKey: $key})
            RETURN %s
            ORDER BY e.eventTime, e.digest SKIP $skip LIMIT $limit
            """.formatted(EventStore.COLUMNS);

    private static final String JOB = """
            MATCH (f:Node {key: $key}) WHERE f.olJob
            CALL (f) {
                OPTIONAL MATCH (f)-[o:OWNED_BY]->(p:Person) WHERE o.validTo IS NULL
                RETURN collect(DISTINCT p.key) AS owners
            }
            CALL (f) {
                MATCH (r:Run)-[:VERSION_OF]->(f) WHERE r.olState IS NOT NULL
                RETURN count(r) AS runCount
            }
            CALL (f) {
                OPTIONAL MATCH (r:Run)-[:VERSION_OF]->(f) WHERE r.olState IS NOT NULL
                WITH r ORDER BY CASE r.olState WHEN 'failed' THEN 0 ELSE 1 END,
                     coalesce(r.olStartedAt, r.validFrom) DESC, r.key LIMIT $limit
                RETURN collect(%s) AS runs
            }
            RETURN f, owners, runCount, runs
            """.formatted(ROW);

    // In key order, so pages are stable while jobs are added.
    private static final String JOBS = """
            MATCH (f:Run) WHERE f.olJob AND ($namespace IS NULL OR f.namespace = $namespace)
            WITH f ORDER BY f.key SKIP $skip LIMIT $limit
            RETURN f.key AS key, f.namespace AS namespace, f.name AS name,
                   COUNT { (r:Run)-[:VERSION_OF]->(f) WHERE r.olState IS NOT NULL } AS runs
            """;

    private static final String FAILED = """
            MATCH (r:Run) WHERE r.olState = 'failed'
            WITH r ORDER BY r.olEndedAt DESC, r.key LIMIT $limit
            RETURN %s AS row
            """.formatted(ROW);

    private static final String PRODUCERS = """
            MATCH (e:OlEvent) WHERE e.producer IS NOT NULL
            WITH e.producer AS producer, count(*) AS events, max(e.receivedAt) AS last
            RETURN producer, events, last ORDER BY last DESC, producer LIMIT $limit
            """;

    private final Database db;

    OlReader(Database db) {
        this.db = db;
    }

    Views.RunView run(NodeKey key, int events) {
        return db.read(tx -> {
            List<Record> rows = tx.run(RUN, Map.of("key", key.toString())).list();
            if (rows.isEmpty()) {
                throw new NotFound("key", "No OpenLineage run " + key);
            }
            Record r = rows.get(0);
            Value n = r.get("n");
            Map<String, Object> props = props(n.get("props").asString("{}"));
            List<Views.StoredEvent> list = tx.run(EVENTS_OF_RUN, Map.of("key", key.toString(), "skip", 0,
                    "limit", events)).list(EventStore::event);
            List<Views.RunRow> children = new ArrayList<>();
            r.get("children").asList(v -> v).forEach(v -> children.add(row(v)));
            return new Views.RunView(n.get("key").asString(), n.get("olRunId").asString(),
                    n.get("family").asString(null), n.get("olJobNamespace").asString(null),
                    n.get("olJobName").asString(null), n.get("olState").asString(null),
                    EventStore.instant(n.get("olStartedAt")), EventStore.instant(n.get("olEndedAt")),
                    props.get("durationSeconds") instanceof Number d ? d.doubleValue() : null, (String) props.get("errorMessage"),
                    RunSummary.read(n.get("olSummary").asString(null)).producers(),
                    props(n.get("olFacets").asString("{}")),
                    r.get("parent").isNull() ? null : row(r.get("parent")), children,
                    datasets(r.get("inputs")), datasets(r.get("outputs")), list, r.get("eventCount").asLong());
        });
    }

    NodeKey runKey(String runId) {
        return db.read(tx -> {
            List<String> keys = tx.run(RUN_BY_ID, Map.of("runId", runId)).list(r -> r.get("key").asString());
            // A run whose events are all pending (or refused) has no node yet; its events name it.
            return keys.isEmpty() ? tx.run(RUN_OF_EVENTS, Map.of("runId", runId)).list(r -> r.get("key").asString())
                    : keys;
        }).stream().findFirst().map(k -> NodeKey.parse("runId", k))
                .orElseThrow(() -> new NotFound("runId", "No OpenLineage run with id " + runId));
    }

    List<Views.StoredEvent> events(NodeKey key, boolean ofJob, int skip, int limit) {
        return db.read(tx -> tx.run(ofJob ? EVENTS_OF_JOB : EVENTS_OF_RUN, Map.of("key", key.toString(),
                "skip", skip, "limit", limit)).list(EventStore::event));
    }

    List<Views.JobRow> jobs(String namespace, int skip, int limit) {
        Map<String, Object> p = new java.util.HashMap<>();
        p.put("namespace", namespace);
        p.put("skip", skip);
        p.put("limit", limit);
        return db.read(tx -> tx.run(JOBS, p).list(r -> new Views.JobRow(r.get("key").asString(),
                r.get("namespace").asString(null), r.get("name").asString(), r.get("runs").asLong())));
    }

    Views.JobView job(NodeKey key, int runs) {
        return db.read(tx -> {
            List<Record> rows = tx.run(JOB, Map.of("key", key.toString(), "limit", runs)).list();
            if (rows.isEmpty()) {
                throw new NotFound("key", "No OpenLineage job " + key);
            }
            Record r = rows.get(0);
            Value f = r.get("f");
            List<Views.RunRow> list = new ArrayList<>();
            r.get("runs").asList(v -> v).forEach(v -> list.add(row(v)));
            Map<String, Object> facets = props(FacetMerge.write(FacetMerge.values(
                    FacetMerge.read(f.get("olFacets").asString(null)))));
            return new Views.JobView(f.get("key").asString(), f.get("namespace").asString(null),
                    f.get("name").asString(), props(f.get("props").asString("{}")), facets,
                    r.get("owners").asList(Value::asString), list, r.get("runCount").asLong());
        });
    }

    List<Views.RunRow> failed(int limit) {
        return db.read(tx -> tx.run(FAILED, Map.of("limit", limit)).list(r -> row(r.get("row"))));
    }

    List<Views.Producer> producers(int limit) {
        return db.read(tx -> tx.run(PRODUCERS, Map.of("limit", limit)).list(r -> new Views.Producer(
                r.get("producer").asString(), r.get("events").asLong(), EventStore.instant(r.get("last")))));
    }

    private static Views.RunRow row(Value v) {
        return new Views.RunRow(v.get("key").asString(), v.get("runId").asString(null), v.get("ns").asString(null),
                v.get("job").asString(null), v.get("state").asString(null), EventStore.instant(v.get("startedAt")),
                EventStore.instant(v.get("endedAt")), v.get("duration").isNull() ? null : v.get("duration").asDouble(),
                v.get("error").asString(null), v.get("inputs").asList(Value::asString),
                v.get("outputs").asList(Value::asString));
    }

    private static List<Views.DatasetRef> datasets(Value list) {
        List<Views.DatasetRef> out = new ArrayList<>();
        for (Value d : list.values()) {
            if (d.get("key").isNull()) {
                continue;
            }
            out.add(new Views.DatasetRef(d.get("key").asString(), d.get("ns").asString(null), d.get("name").asString(),
                    d.get("version").asString(null), EventStore.instant(d.get("at")),
                    props(d.get("props").asString("{}")), props(d.get("facets").asString("{}"))));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(String json) {
        try {
            return json == null ? Map.of() : new LinkedHashMap<>(MAPS.readValue(json, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored properties are not JSON", e);
        }
    }
}
