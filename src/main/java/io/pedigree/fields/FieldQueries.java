package io.pedigree.fields;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.fields.FieldGraph.AffectedDeployment;
import io.pedigree.fields.FieldGraph.AffectedModel;
import io.pedigree.fields.FieldGraph.DatasetField;
import io.pedigree.fields.FieldGraph.DatasetFields;
import io.pedigree.fields.FieldGraph.FieldEdge;
import io.pedigree.fields.FieldGraph.FieldNode;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field upstream, field impact and a dataset's fields as of an instant. Reachable fields come from one pruning
 * breadth-first search ({@link FieldReach}: a field is visited once however many paths reach it), capped by
 * {@code LIMIT} inside the query, with the derivations between them read in the same query; impact then reads
 * what consumes the fields kept.
 */
public final class FieldQueries {

    // A field of a retracted dataset is no answer as of after the retraction (its derivations ended with it).
    // Written without OR: "retractedAt IS NULL OR retractedAt > $asOf" was planned as two seeks and a union, or,
    // with other statistics, as a scan of every field's index entry (FieldRootPlanIT; docs/fields.md#speed).
    private static final String ROOT = """
            MATCH (root:Field {dataset: $dataset, path: $path})
            WHERE coalesce(root.retractedAt > $asOf, true)
            """;

    private static final String UPSTREAM_RETURN = """
            RETURN [x IN reached | [x.key, x.dataset, x.path]] AS reached, edges
            """;

    // The model versions consuming any field reached (or the root), and the deployments serving them, in the same
    // query: the caller keeps those consuming a field the answer keeps. Rows are lists (cheaper than maps).
    private static final String CONSUMERS = """
            CALL (root, reached) {
                UNWIND [root] + reached AS f
                MATCH (m:Node)-[c:CONSUMES]->(f)
                WHERE c.validFrom <= $asOf AND (c.validTo IS NULL OR c.validTo > $asOf) AND m.retractedAt IS NULL
                WITH m, collect(DISTINCT f.key) AS via
                ORDER BY m.key
                LIMIT $visit
                RETURN collect([m.key, via]) AS models, collect(m) AS versions
            }
            CALL (versions) {
                UNWIND versions AS m
                MATCH (d:Deployment)-[s:SERVES]->(m)
                WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR s.validTo > $asOf)
                WITH d, collect(DISTINCT m.key) AS serves
                CALL (d) {
                    OPTIONAL MATCH (d)-[o:OWNED_BY]->(p:Person)
                    WHERE o.validFrom <= $asOf AND (o.validTo IS NULL OR o.validTo > $asOf)
                    RETURN collect(DISTINCT p.key) AS owners
                }
                RETURN collect([d.key, d.`p.environment`, serves, owners]) AS deployments
            }
            RETURN [x IN reached | [x.key, x.dataset, x.path]] AS reached, edges, models, deployments
            """;

    private static final String VERSION_FIELDS = """
            MATCH (v:Node {key: $key})
            OPTIONAL MATCH (v)-[s:HAS_SCHEMA WHERE s.validFrom <= $asOf AND (s.validTo IS NULL OR s.validTo > $asOf)]
                  ->(:Schema)-[h:HAS_FIELD]->(f:Field WHERE f.retractedAt IS NULL OR f.retractedAt > $asOf)
            WITH v, f, h ORDER BY h.position LIMIT $limit
            RETURN v.key AS key, collect(CASE WHEN f IS NULL THEN null ELSE {key: f.key, path: f.path, type: h.type,
                description: h.description, position: h.position, parent: h.parent} END) AS fields
            """;

    // A family lists every field any of its versions declared, with the type and description last recorded.
    private static final String FAMILY_FIELDS = """
            MATCH (w:Field {dataset: $key, path: ''})<-[:FIELD_OF]-(f:Field)
            WHERE f.validFrom <= $asOf AND (f.retractedAt IS NULL OR f.retractedAt > $asOf)
            CALL (f) {
                OPTIONAL MATCH (s:Schema)-[h:HAS_FIELD]->(f)
                WITH h ORDER BY s.recordedAt DESC LIMIT 1
                RETURN h
            }
            WITH f, h ORDER BY f.path LIMIT $limit
            RETURN collect({key: f.key, path: f.path, type: h.type, description: h.description, position: null,
                            parent: h.parent}) AS fields
            """;

    // Each family's fields recorded by $asOf and not retracted: how many, and the first $limit by name.
    static final String SCHEMAS = """
            UNWIND $datasets AS ds
            MATCH (w:Field {dataset: ds, path: ''})
            CALL (w) {
                MATCH (w)<-[:FIELD_OF]-(f:Field)
                WHERE f.validFrom <= $asOf AND (f.retractedAt IS NULL OR f.retractedAt > $asOf)
                WITH f.path AS path ORDER BY path
                RETURN count(path) AS total, collect(path)[0..$limit] AS fields
            }
            RETURN ds, total, fields
            """;

    private final Database db;
    private final Limits limits;
    private final Clock clock;

    public FieldQueries(Database db, Limits limits, Clock clock) {
        this.db = db;
        this.limits = limits;
        this.clock = clock;
    }

    /** Checks a requested depth against the configured maximum (default: the maximum). */
    public int depth(String field, Integer requested) {
        return bounded(field, requested, limits.maxDepth(), "PEDIGREE_MAX_DEPTH");
    }

    /** Checks a requested node cap against the configured maximum (default: the maximum). */
    public int maxNodes(String field, Integer requested) {
        return bounded(field, requested, limits.maxNodes(), "PEDIGREE_MAX_NODES");
    }

    private static int bounded(String field, Integer requested, int max, String setting) {
        int v = requested == null ? max : requested;
        if (v < 1 || v > max) {
            throw new InvalidInput(field, "'" + field + "' must be between 1 and " + max + " (" + setting + ")");
        }
        return v;
    }

    /** Every field {@code root} derives from, through any number of datasets, with the derivation on each edge. */
    public FieldGraph.Upstream upstream(FieldRef root, FieldView view, int depth, int maxNodes, Instant asOf) {
        Instant at = asOf == null ? clock.instant() : asOf;
        String query = upstreamQuery(depth);
        Reached r = db.read(tx -> tx.run(query, params(root, view, at)).stream()
                .findFirst().map(rec -> reached(rec, root, view, depth, maxNodes, true))).orElseThrow(() -> notFound(root));
        return new FieldGraph.Upstream(rootNode(root), at, view.name().toLowerCase(), r.fields(), r.edges(),
                r.truncated());
    }

    /**
     * What depends on {@code root}: derived fields, the model versions consuming one of them (or the field
     * itself), and the deployments serving those versions at the instant, production first, with owners. One
     * query: the fields reached, the derivations among them and what consumes them; the depth and the cap are
     * then applied here, to the fields and to what consumes those kept.
     */
    public FieldGraph.Impact impact(FieldRef root, FieldView view, int depth, int maxNodes, Instant asOf) {
        Instant at = asOf == null ? clock.instant() : asOf;
        String query = impactQuery(depth);
        return db.read(tx -> {
            Record rec = tx.run(query, params(root, view, at)).stream().findFirst()
                    .orElseThrow(() -> notFound(root));
            Reached reached = reached(rec, root, view, depth, maxNodes, false);
            Set<String> kept = new HashSet<>();
            kept.add(root.key());
            reached.fields().forEach(f -> kept.add(f.key()));
            List<AffectedModel> models = new ArrayList<>();
            for (Value m : rec.get("models").values()) {
                List<String> via = m.get(1).asList(Value::asString).stream().filter(kept::contains).sorted().toList();
                if (!via.isEmpty()) {
                    models.add(new AffectedModel(m.get(0).asString(), via));
                }
            }
            boolean truncated = reached.truncated() || models.size() >= maxNodes
                    || rec.get("models").size() >= limits.maxNodes();
            models = models.subList(0, Math.min(models.size(), maxNodes));
            Set<String> versions = new HashSet<>();
            models.forEach(m -> versions.add(m.version()));
            List<AffectedDeployment> deployments = new ArrayList<>();
            for (Value d : rec.get("deployments").values()) {
                List<String> serves = d.get(2).asList(Value::asString).stream().filter(versions::contains).sorted()
                        .toList();
                if (!serves.isEmpty()) {
                    deployments.add(new AffectedDeployment(d.get(0).asString(), d.get(1).asString(null), serves,
                            d.get(3).asList(Value::asString).stream().sorted().toList()));
                }
            }
            deployments.sort(Comparator.comparing((AffectedDeployment d) -> !isProduction(d.environment()))
                    .thenComparing(AffectedDeployment::deployment));
            return new FieldGraph.Impact(rootNode(root), at, view.name().toLowerCase(), deployments, models,
                    reached.fields(), reached.edges(), truncated);
        });
    }

    static String upstreamQuery(int depth) {
        return ROOT + FieldReach.query(true, depth) + FieldReach.edges(true) + UPSTREAM_RETURN;
    }

    static String impactQuery(int depth) {
        return ROOT + FieldReach.query(false, depth) + FieldReach.edges(false) + CONSUMERS;
    }

    /** The answer's fields (capped) and their derivations. */
    private record Reached(List<FieldNode> fields, List<FieldEdge> edges, boolean truncated) {
    }

    private Reached reached(Record r, FieldRef root, FieldView view, int depth, int maxNodes, boolean upstream) {
        FieldReach.Step rootStep = new FieldReach.Step(root.key(), root.dataset().toString(), root.field());
        List<Value> rows = r.get("reached").asList(v -> v);
        List<FieldReach.Step> steps = new ArrayList<>();
        Map<String, FieldReach.Step> byKey = new HashMap<>();
        byKey.put(root.key(), rootStep);
        for (Value v : rows) {
            FieldReach.Step step = new FieldReach.Step(v.get(0).asString(), v.get(1).asString(), v.get(2).asString());
            steps.add(step);
            byKey.put(step.key(), step);
        }
        // Derivations leaving the set (the search's last steps reach further) play no part.
        List<FieldReach.Edge> edges = r.get("edges").asList(FieldReach.Edge::of).stream()
                .filter(e -> byKey.containsKey(e.from()) && byKey.containsKey(e.to()))
                .toList();
        Map<String, Integer> depths = FieldReach.depths(rootStep, steps, edges, upstream, view.datasetWide());
        List<FieldNode> all = FieldReach.answer(rootStep, steps, depths, depth);
        // Also truncated when the search itself stopped at the server's cap before reaching everything.
        boolean truncated = all.size() > maxNodes - 1 || rows.size() >= limits.maxNodes();
        all = all.subList(0, Math.min(all.size(), maxNodes - 1));
        // Derivations the answer shows leave (upstream) or reach (impact) a field above the depth asked.
        List<FieldReach.Edge> shown = edges.stream().filter(e -> depths.getOrDefault(
                upstream ? e.from() : e.to(), Integer.MAX_VALUE) < depth).toList();
        return new Reached(all, edges(shown, byKey, root, all), truncated);
    }

    /** The fields of a dataset version in schema order, or of every version of a family by name, now. */
    public DatasetFields fields(NodeKey dataset, int max) {
        return fields(dataset, max, null);
    }

    /**
     * The fields of a dataset version in schema order (its schema valid at {@code asOf}), or of every version of a
     * family by name (those recorded by then and not retracted), as of {@code asOf} (null: now).
     */
    public DatasetFields fields(NodeKey dataset, int max, Instant asOf) {
        Instant at = asOf == null ? clock.instant() : asOf;
        Map<String, Object> p = Map.of("key", dataset.toString(), "limit", max + 1, "asOf", at.atZone(ZoneOffset.UTC));
        List<DatasetField> out = db.read(tx -> {
            if (dataset.isVersion()) {
                Record r = tx.run(VERSION_FIELDS, p).stream().findFirst().orElseThrow(() ->
                        new NotFound("dataset", "No node with key " + dataset + " is recorded"));
                return r.get("fields").asList(FieldQueries::datasetField);
            }
            return tx.run(FAMILY_FIELDS, p).stream().findFirst()
                    .map(r -> r.get("fields").asList(FieldQueries::datasetField)).orElse(List.of());
        });
        return new DatasetFields(dataset.toString(), at, out.subList(0, Math.min(out.size(), max)), out.size() > max);
    }

    /**
     * For each dataset family named, how many fields it has as of {@code asOf} (null: now) and the first
     * {@code limit} of them by name, in one query; a family without fields is left out.
     */
    public Map<String, FieldGraph.DatasetSchema> schemas(java.util.Collection<String> datasets, int limit,
                                                         Instant asOf) {
        Instant at = asOf == null ? clock.instant() : asOf;
        Map<String, Object> p = Map.of("datasets", List.copyOf(datasets), "limit", limit,
                "asOf", at.atZone(ZoneOffset.UTC));
        Map<String, FieldGraph.DatasetSchema> out = new HashMap<>();
        db.read(tx -> tx.run(SCHEMAS, p).list()).forEach(r -> out.put(r.get("ds").asString(),
                new FieldGraph.DatasetSchema(r.get("ds").asString(), r.get("total").asInt(),
                        r.get("fields").asList(Value::asString))));
        return out;
    }

    /**
     * The fields of the datasets a lineage drawing holds, as of {@code asOf} (null: now): each dataset box's first
     * {@code limit} fields and their count, the derivations among the boxes' families (at most the server's node
     * cap) and the features the {@code models} named consume among them.
     */
    public FieldGraph.Scope scope(java.util.Collection<String> datasets, java.util.Collection<String> models,
                                  int limit, Instant asOf) {
        return FieldScopes.read(db, datasets, models, limit, limits.maxNodes(), asOf == null ? clock.instant() : asOf);
    }

    private static DatasetField datasetField(Value f) {
        return new DatasetField(f.get("key").asString(), f.get("path").asString(), f.get("type").asString(null),
                f.get("description").asString(null), f.get("position").isNull() ? null : f.get("position").asInt(),
                f.get("parent").asString(null));
    }

    private Map<String, Object> params(FieldRef root, FieldView view, Instant at) {
        Map<String, Object> p = new HashMap<>();
        p.put("dataset", root.dataset().toString());
        p.put("path", root.field());
        p.put("types", view.types());
        p.put("datasetWide", view.datasetWide());
        // The search's own bound (fields and whole-dataset fields met, nearest first), and that of the versions
        // consuming them: the server's cap. The request's depth and cap apply to what the query returns.
        p.put("visit", limits.maxNodes());
        p.put("asOf", at.atZone(ZoneOffset.UTC));
        return p;
    }

    /**
     * The derivations among the fields in the answer. Whole-dataset fields (path '') are steps, not fields: they
     * are left out of the list, and their derivations are the dataset-wide dependencies.
     */
    private static List<FieldEdge> edges(List<FieldReach.Edge> raw, Map<String, FieldReach.Step> steps, FieldRef root,
                                         List<FieldNode> fields) {
        Set<String> in = new HashSet<>();
        Set<String> datasets = new HashSet<>();
        in.add(root.key());
        datasets.add(root.dataset().toString());
        fields.forEach(f -> {
            in.add(f.key());
            datasets.add(f.dataset());
        });
        List<FieldEdge> out = new ArrayList<>();
        for (FieldReach.Edge e : raw) {
            FieldReach.Step from = steps.get(e.from());
            boolean wide = from.wide();
            if (!(wide ? datasets.contains(from.dataset()) : in.contains(e.from())) || !in.contains(e.to())) {
                continue;
            }
            out.add(new FieldEdge(wide ? from.dataset() : e.from(), from.dataset(), wide ? null : from.path(), e.to(),
                    e.type(), e.subtype(), e.description(), e.masking(), e.validFrom(), e.validTo()));
        }
        out.sort(Comparator.comparing(FieldEdge::from).thenComparing(FieldEdge::to));
        return out;
    }

    private static FieldNode rootNode(FieldRef root) {
        return new FieldNode(root.key(), root.dataset().toString(), root.field(), 0);
    }

    private static boolean isProduction(String environment) {
        return environment != null && environment.toLowerCase().startsWith("prod");
    }

    private static NotFound notFound(FieldRef f) {
        return new NotFound("field", "No field " + f.key() + " is declared");
    }
}
