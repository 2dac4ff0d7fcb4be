package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one event to the graph inside the caller's transaction (see docs/openlineage.md): a job is a run
 * family, a run a version of it; inputs are USED and outputs WAS_GENERATED_BY from the first event that names
 * them; the run's state is folded order-independently ({@link RunSummary}); facets become readable properties
 * and are kept verbatim beside them.
 */
final class GraphMapping {

    // Written only once, so runs without job facets do not lock their job.
    private static final String MARK_JOB = """
            MATCH (f:Node {key: $key}) WHERE f.olJob IS NULL SET f.olJob = true
            """;

    private GraphMapping() {
    }

    /**
     * Applies {@code e}; answers the key it is about (the run, job or dataset) and the datasets it named, and adds
     * the field-level lineage it carries to {@code fields}, for the caller to record once the group's nodes exist.
     */
    static List<NodeKey> apply(TransactionContext tx, OlEvent e, ZonedDateTime now, String actor,
                               List<FieldParts.Part> fields) {
        ZonedDateTime t = e.eventTime().atZone(ZoneOffset.UTC);
        List<NodeKey> touched = new ArrayList<>();
        switch (e.type()) {
            case RUN -> touched.addAll(run(tx, e, t, now, actor, fields));
            case JOB -> {
                NodeKey job = Keys.job(e.job());
                Nodes.ensure(tx, job, t, now, actor);
                touched.add(job);
                job(tx, job, e.job(), e.jobFacets(), e, t, now, actor);
                touched.addAll(families(tx, e, t, now, actor));
            }
            case DATASET -> {
                NodeKey family = DatasetVersions.family(e.dataset().id(), "$.dataset.name");
                Nodes.ensure(tx, family, t, now, actor);
                touched.add(family);
                datasetFacets(tx, family, e.dataset(), e, t, now, actor);
                String version = e.dataset().explicitVersion();
                NodeKey named = family;
                if (version != null) {
                    NodeKey v = Keys.of(Kind.DATASET, e.dataset().id(), version, "$.dataset.name");
                    DatasetVersions.content(tx, v, t, DatasetVersions.fingerprint(e.dataset().schemaFields()),
                            e.dataset().schemaFields(), now, actor);
                    named = v;
                }
                // Without a version the schema names no version (and makes none); column lineage still counts.
                fields.add(FieldParts.dataset(named, e.dataset().facets(), e.eventTime()));
            }
        }
        return touched;
    }

    private static List<NodeKey> run(TransactionContext tx, OlEvent e, ZonedDateTime t, ZonedDateTime now,
                                     String actor, List<FieldParts.Part> fields) {
        NodeKey job = Keys.job(e.job());
        NodeKey run = Keys.run(e.job(), e.runId());
        Record r = Nodes.ensure(tx, run, t, now, actor, true);
        RunSummary summary = RunSummary.read(r.get("summary").asString(null));
        summary.add(e);
        List<NodeKey> touched = new ArrayList<>(List.of(run));
        job(tx, job, e.job(), e.jobFacets(), e, t, now, actor);

        RunSummary.Parent parent = summary.parent();
        NodeKey parentKey = null;
        if (parent != null) {
            parentKey = Keys.of(Kind.RUN, parent.job(), parent.runId(), "$.run.facets.parent");
            Nodes.ensure(tx, parentKey, summary.firstEventAt().atZone(ZoneOffset.UTC), now, actor);
            RunEdges.used(tx, run, parentKey, summary.firstEventAt().atZone(ZoneOffset.UTC), "{\"role\":\"parent\"}",
                    null, now, actor);
            touched.add(parentKey);
        }
        NodeKey commit = commit(summary.jobFacets());
        if (commit != null) {
            Nodes.ensure(tx, commit, summary.firstEventAt().atZone(ZoneOffset.UTC), now, actor);
            RunEdges.used(tx, run, commit, summary.firstEventAt().atZone(ZoneOffset.UTC),
                    "{\"role\":\"source\"}", null, now, actor);
            touched.add(commit);
        }
        for (int i = 0; i < e.inputs().size(); i++) {
            touched.addAll(mention(tx, run, summary.mention(false, e.inputs().get(i).id()), "$.inputs[" + i + "]",
                    e, now, actor, fields));
        }
        for (int i = 0; i < e.outputs().size(); i++) {
            touched.addAll(mention(tx, run, summary.mention(true, e.outputs().get(i).id()), "$.outputs[" + i + "]",
                    e, now, actor, fields));
        }
        writeRun(tx, run, e, summary, parentKey, now, actor);
        return touched;
    }

    private static List<NodeKey> mention(TransactionContext tx, NodeKey run, RunSummary.Mention m, String field,
                                         OlEvent e, ZonedDateTime now, String actor,
                                         List<FieldParts.Part> fields) {
        NodeKey family = DatasetVersions.family(m.id(), field + ".name");
        ZonedDateTime first = m.first().atZone(ZoneOffset.UTC);
        List<String> current = RunEdges.current(tx, run, family, m.output());
        DatasetVersions.Resolution resolved = DatasetVersions.resolve(tx, m, field + ".name", now, actor);
        List<NodeKey> targets = resolved.versions();
        for (String c : current) {
            if (targets.stream().noneMatch(k -> k.toString().equals(c))) {
                RunEdges.unlink(tx, run, c, m.output());
            }
        }
        String props = FacetMerge.write(Readable.ioStatistics(m.ioFacets()));
        String facets = m.ioFacets().isEmpty() && !m.facets().has("columnLineage") ? null
                : FacetMerge.write(ioAndColumnLineage(m));
        for (NodeKey v : targets) {
            RunEdges.mention(tx, run, v, m.output(), resolved.byTime(), first, props, facets, now, actor);
        }
        fields.add(FieldParts.mention(run.toString(), m, targets, resolved.byTime(), field));
        OlEvent.Dataset given = find(e, m);
        if (given != null) {
            datasetFacets(tx, family, given, e, e.eventTime().atZone(ZoneOffset.UTC), now, actor);
        }
        List<NodeKey> out = new ArrayList<>(targets);
        out.add(family);
        return out;
    }

    /** The input or output facets of a mention, with its column lineage, kept whole on the edge. */
    static ObjectNode ioAndColumnLineage(RunSummary.Mention m) {
        ObjectNode out = m.ioFacets().deepCopy();
        if (m.facets().has("columnLineage")) {
            out.set("columnLineage", m.facets().get("columnLineage"));
        }
        return out;
    }

    private static OlEvent.Dataset find(OlEvent e, RunSummary.Mention m) {
        for (OlEvent.Dataset d : m.output() ? e.outputs() : e.inputs()) {
            if (d.id().equals(m.id())) {
                return d;
            }
        }
        return null;
    }

    private static List<NodeKey> families(TransactionContext tx, OlEvent e, ZonedDateTime t, ZonedDateTime now,
                                          String actor) {
        List<NodeKey> out = new ArrayList<>();
        List<OlEvent.Dataset> all = new ArrayList<>(e.inputs());
        all.addAll(e.outputs());
        for (OlEvent.Dataset d : all) {
            NodeKey family = DatasetVersions.family(d.id(), "$.inputs");
            Nodes.ensure(tx, family, t, now, actor);
            datasetFacets(tx, family, d, e, t, now, actor);
            out.add(family);
        }
        return out;
    }

    private static void writeRun(TransactionContext tx, NodeKey run, OlEvent e, RunSummary s, NodeKey parent,
                                 ZonedDateTime now, String actor) {
        Nodes.setProperties(tx, run, NodeProperties.run(e.runId(), e.job(), s,
                parent == null ? null : parent.toString()), now, actor);
    }

    /** Folds a job's facets into its family node and makes its readable properties and owners from them. */
    private static void job(TransactionContext tx, NodeKey job, OlEvent.Identity id, ObjectNode jobFacets, OlEvent e,
                            ZonedDateTime t, ZonedDateTime now, String actor) {
        Record r = Nodes.ensure(tx, job, t, now, actor, !jobFacets.isEmpty());
        if (jobFacets.isEmpty()) {
            tx.run(MARK_JOB, Map.of("key", job.toString())).consume();
            return;
        }
        ObjectNode merged = FacetMerge.read(r.get("facets").asString(null));
        FacetMerge.merge(merged, jobFacets, e.eventTime(), e.digest());
        Nodes.setProperties(tx, job, NodeProperties.job(id, merged), now, actor);
        owners(tx, job, FacetMerge.values(merged).path("ownership"), t, now, actor);
    }

    /** Folds a dataset's facets into its family node: readable properties, owners, and the facets verbatim. */
    private static void datasetFacets(TransactionContext tx, NodeKey family, OlEvent.Dataset d, OlEvent e,
                                      ZonedDateTime t, ZonedDateTime now, String actor) {
        if (d.facets().isEmpty()) {
            return;
        }
        Record r = Nodes.ensure(tx, family, t, now, actor, true);
        ObjectNode merged = FacetMerge.read(r.get("facets").asString(null));
        String before = FacetMerge.write(merged);
        FacetMerge.merge(merged, d.facets(), e.eventTime(), e.digest());
        if (FacetMerge.write(merged).equals(before)) {
            return;
        }
        Nodes.setProperties(tx, family, NodeProperties.dataset(d.id(), merged), now, actor);
        owners(tx, family, FacetMerge.values(merged).path("ownership"), t, now, actor);
    }

    private static void owners(TransactionContext tx, NodeKey thing, JsonNode ownership, ZonedDateTime t,
                               ZonedDateTime now, String actor) {
        for (String name : NodeProperties.owners(ownership)) {
            NodeKey person = NodeKey.of(Kind.PERSON, name);
            Nodes.ensure(tx, person, t, now, actor);
            RunEdges.owned(tx, thing, person, t, now, actor);
        }
    }

    /** The commit a {@code sourceCodeLocation} facet with a {@code version} names, like commit:github.com/a/b@3f2a. */
    static NodeKey commit(ObjectNode jobFacets) {
        JsonNode scl = jobFacets.path("sourceCodeLocation");
        String version = Readable.text(scl.path("version"));
        String repo = Readable.text(scl.path("repoUrl"));
        if (repo == null) {
            repo = Readable.text(scl.path("url"));
        }
        if (version == null || repo == null) {
            return null;
        }
        String name = repo.replaceFirst("^[a-zA-Z+]+://", "").replaceFirst("^git@([^:]+):", "$1/")
                .replaceFirst("\\.git$", "").replaceFirst("/+$", "");
        if (name.isBlank() || name.length() > EventParser.MAX_IDENTITY || version.length() > EventParser.MAX_IDENTITY) {
            return null;
        }
        try {
            return NodeKey.of(Kind.COMMIT, name, version.strip());
        } catch (io.pedigree.error.PedigreeException.InvalidInput e) {
            // A location Pedigree cannot name is kept in the facet, not refused: the event is still good.
            return null;
        }
    }
}
