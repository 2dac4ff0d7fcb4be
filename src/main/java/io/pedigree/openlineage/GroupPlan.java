package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a group of new run events does to the graph, decided in Java from what the database held before them
 * (run summaries, merged facets, dataset versions, each run's current edges), so the group is written with a
 * fixed number of set-based statements. Pure: the same stored state and the same set of events make the same
 * plan, in any order, and it is what applying the events one at a time leaves (see {@link GraphMapping}).
 */
final class GroupPlan {

    /** A dataset version as stored: key and the time it is valid from. */
    record Version(String key, Instant validFrom) {
    }

    /**
     * The database's state before the group, by key: run summaries, merged job and dataset facets (stored
     * {@code olSummary} and {@code olFacets} text), real (non-placeholder) versions of each dataset, and the
     * versions each run is linked to, by {@link #edgeKey}.
     */
    record Stored(Map<String, String> summaries, Map<String, String> facets, Map<String, List<Version>> versions,
                  Map<String, List<String>> edges) {
    }

    /** A node to make sure of, valid from {@code t} or earlier; {@code lock} holds its write lock. */
    record Ensure(NodeKey key, Instant t, boolean lock) {
    }

    /** A dataset version's marks: its schema fingerprint (content versions) or that it is a placeholder. */
    record Mark(NodeKey key, String schema, boolean placeholder, JsonNode fields) {
    }

    /** A run edge to a version that the run's events no longer stand for. */
    record Unlink(String run, String version, boolean output) {
    }

    /** An event of the group with the key it is about and every key it touched (for audit and retractions). */
    record Applied(OlEvent event, NodeKey subject, List<NodeKey> touched) {
    }

    /** Everything to write, in the order {@link GroupWriter} writes it; the fields last, once the nodes exist. */
    record Plan(List<Ensure> ensures, List<Mark> marks, List<Unlink> unlinks, List<RunEdges.Link> links,
                Map<NodeKey, NodeProperties> properties, Set<NodeKey> jobs, Set<String> realign,
                List<Applied> applied, List<FieldParts.Part> fields) {
    }

    private GroupPlan() {
    }

    static String edgeKey(String run, boolean output, String family) {
        return run + "\u0000" + (output ? "out" : "in") + "\u0000" + family;
    }

    /**
     * The nodes whose state the plan reads, to lock and read first: the jobs (locked when the group carries job
     * facets for them), the runs and every dataset they name.
     */
    static List<Ensure> reads(List<OlEvent> events) {
        Ensures out = new Ensures();
        for (OlEvent e : events) {
            out.add(Keys.job(e.job()), e.eventTime(), !e.jobFacets().isEmpty());
            out.add(Keys.run(e.job(), e.runId()), e.eventTime(), true);
            for (OlEvent.Dataset d : datasets(e)) {
                out.add(DatasetVersions.family(d.id(), "$.inputs"), e.eventTime(), true);
            }
        }
        return out.list();
    }

    static Plan plan(List<OlEvent> events, Stored stored) {
        Ensures ensures = new Ensures();
        // Runs of one job name the same versions with the same schema: one mark each, not one per mention (a mark
        // carries the schema as a property row, hashed in Java and matched and set in Neo4j).
        Set<Mark> marks = new LinkedHashSet<>();
        List<Unlink> unlinks = new ArrayList<>();
        Map<String, RunEdges.Link> links = new LinkedHashMap<>();
        Map<NodeKey, NodeProperties> properties = new LinkedHashMap<>();
        Set<NodeKey> jobs = new LinkedHashSet<>();
        List<FieldParts.Part> fields = new ArrayList<>();

        Map<NodeKey, List<OlEvent>> byRun = new LinkedHashMap<>();
        Map<NodeKey, List<OlEvent>> byJob = new LinkedHashMap<>();
        for (OlEvent e : events) {
            byRun.computeIfAbsent(Keys.run(e.job(), e.runId()), k -> new ArrayList<>()).add(e);
            byJob.computeIfAbsent(Keys.job(e.job()), k -> new ArrayList<>()).add(e);
        }
        for (Map.Entry<NodeKey, List<OlEvent>> j : byJob.entrySet()) {
            jobs.add(j.getKey());
            jobFacets(j.getKey(), j.getValue(), stored, ensures, links, properties);
        }
        datasetFacets(events, stored, ensures, links, properties);

        // Versions the producers name (or the schema makes) come first, so mentions resolved by time choose among
        // the versions as they are once the whole group is applied.
        Map<NodeKey, RunSummary> summaries = new LinkedHashMap<>();
        Map<String, Map<String, Instant>> versions = new TreeMap<>();
        stored.versions().forEach((family, list) -> list.forEach(v ->
                versions.computeIfAbsent(family, k -> new TreeMap<>()).put(v.key(), v.validFrom())));
        Set<String> realign = new LinkedHashSet<>();
        Map<String, List<NodeKey>> targets = new LinkedHashMap<>();
        Map<String, Boolean> byTime = new LinkedHashMap<>();
        Map<String, RunSummary.Mention> mentions = new LinkedHashMap<>();
        for (Map.Entry<NodeKey, List<OlEvent>> r : byRun.entrySet()) {
            RunSummary s = RunSummary.read(stored.summaries().get(r.getKey().toString()));
            r.getValue().forEach(s::add);
            summaries.put(r.getKey(), s);
            for (OlEvent e : r.getValue()) {
                for (Named n : named(e)) {
                    OlEvent.Dataset d = n.dataset();
                    boolean output = n.output();
                    String family = DatasetVersions.family(d.id(), "$.inputs").toString();
                    String edge = edgeKey(r.getKey().toString(), output, family);
                    if (mentions.containsKey(edge)) {
                        continue;
                    }
                    RunSummary.Mention m = s.mention(output, d.id());
                    mentions.put(edge, m);
                    String fp = DatasetVersions.fingerprint(m.schemaFields());
                    if (m.versions().isEmpty() && fp == null) {
                        continue;
                    }
                    List<NodeKey> keys = new ArrayList<>();
                    for (String v : m.versions().isEmpty() ? List.of("schema-" + fp) : m.versions()) {
                        NodeKey key = Keys.of(Kind.DATASET, m.id(), v, "$.inputs");
                        ensures.add(key, m.first(), false);
                        marks.add(new Mark(key, fp, false, m.schemaFields()));
                        Instant was = versions.computeIfAbsent(family, k -> new TreeMap<>()).get(key.toString());
                        if (was == null || m.first().isBefore(was)) {
                            // A version that is new or now begins earlier moves mentions resolved by time.
                            versions.get(family).put(key.toString(), m.first());
                            realign.add(family);
                        }
                        keys.add(key);
                    }
                    targets.put(edge, keys);
                    byTime.put(edge, false);
                }
            }
        }
        for (Map.Entry<String, RunSummary.Mention> x : mentions.entrySet()) {
            if (targets.containsKey(x.getKey())) {
                continue;
            }
            RunSummary.Mention m = x.getValue();
            String family = DatasetVersions.family(m.id(), "$.inputs").toString();
            String best = best(versions.getOrDefault(family, Map.of()), m.first());
            NodeKey key;
            if (best == null) {
                key = Keys.of(Kind.DATASET, m.id(), DatasetVersions.PLACEHOLDER, "$.inputs");
                ensures.add(key, m.first(), false);
                marks.add(new Mark(key, null, true, null));
            } else {
                key = NodeKey.parse("key", best);
            }
            targets.put(x.getKey(), List.of(key));
            byTime.put(x.getKey(), true);
        }
        for (Map.Entry<String, RunSummary.Mention> x : mentions.entrySet()) {
            String[] parts = x.getKey().split("\u0000");
            String run = parts[0];
            boolean output = parts[1].equals("out");
            RunSummary.Mention m = x.getValue();
            List<String> chosen = targets.get(x.getKey()).stream().map(NodeKey::toString).toList();
            for (String c : stored.edges().getOrDefault(x.getKey(), List.of())) {
                if (!chosen.contains(c)) {
                    unlinks.add(new Unlink(run, c, output));
                }
            }
            String props = FacetMerge.write(Readable.ioStatistics(m.ioFacets()));
            String facets = m.ioFacets().isEmpty() && !m.facets().has("columnLineage") ? null
                    : FacetMerge.write(GraphMapping.ioAndColumnLineage(m));
            for (String v : chosen) {
                link(links, output ? "WAS_GENERATED_BY" : "USED", output ? v : run, output ? run : v, m.first(),
                        props, facets, byTime.get(x.getKey()));
            }
            fields.add(FieldParts.mention(run, m, targets.get(x.getKey()), byTime.get(x.getKey()),
                    output ? "$.outputs" : "$.inputs"));
        }

        List<Applied> applied = new ArrayList<>();
        Map<NodeKey, List<NodeKey>> extras = new LinkedHashMap<>();
        for (Map.Entry<NodeKey, RunSummary> r : summaries.entrySet()) {
            NodeKey run = r.getKey();
            RunSummary s = r.getValue();
            List<NodeKey> touched = new ArrayList<>();
            RunSummary.Parent parent = s.parent();
            NodeKey parentKey = null;
            if (parent != null) {
                parentKey = Keys.of(Kind.RUN, parent.job(), parent.runId(), "$.run.facets.parent");
                ensures.add(parentKey, s.firstEventAt(), false);
                link(links, "USED", run.toString(), parentKey.toString(), s.firstEventAt(), "{\"role\":\"parent\"}",
                        null, false);
                touched.add(parentKey);
            }
            NodeKey commit = GraphMapping.commit(s.jobFacets());
            if (commit != null) {
                ensures.add(commit, s.firstEventAt(), false);
                link(links, "USED", run.toString(), commit.toString(), s.firstEventAt(), "{\"role\":\"source\"}",
                        null, false);
                touched.add(commit);
            }
            extras.put(run, touched);
            OlEvent any = byRun.get(run).get(0);
            properties.put(run, NodeProperties.run(any.runId(), any.job(), s,
                    parentKey == null ? null : parentKey.toString()));
        }
        for (OlEvent e : events) {
            NodeKey run = Keys.run(e.job(), e.runId());
            List<NodeKey> touched = new ArrayList<>(List.of(run));
            touched.addAll(extras.get(run));
            for (Named n : named(e)) {
                NodeKey family = DatasetVersions.family(n.dataset().id(), "$.inputs");
                touched.addAll(targets.get(edgeKey(run.toString(), n.output(), family.toString())));
                touched.add(family);
            }
            applied.add(new Applied(e, run, touched));
        }
        return new Plan(ensures.list(), List.copyOf(marks), unlinks, List.copyOf(links.values()), properties, jobs,
                realign, applied, fields);
    }

    /** The version valid at {@code t}: the latest begun by then, else the earliest; null if there is none. */
    static String best(Map<String, Instant> versions, Instant t) {
        String best = null;
        Instant bestFrom = null;
        for (Map.Entry<String, Instant> v : versions.entrySet()) {
            if (!v.getValue().isAfter(t) && (best == null || later(v.getValue(), v.getKey(), bestFrom, best))) {
                best = v.getKey();
                bestFrom = v.getValue();
            }
        }
        if (best != null) {
            return best;
        }
        for (Map.Entry<String, Instant> v : versions.entrySet()) {
            if (best == null || later(bestFrom, best, v.getValue(), v.getKey())) {
                best = v.getKey();
                bestFrom = v.getValue();
            }
        }
        return best;
    }

    private static boolean later(Instant a, String aKey, Instant b, String bKey) {
        int c = a.compareTo(b);
        return c > 0 || (c == 0 && aKey.compareTo(bKey) > 0);
    }

    private static void jobFacets(NodeKey job, List<OlEvent> events, Stored stored, Ensures ensures,
                                  Map<String, RunEdges.Link> links, Map<NodeKey, NodeProperties> properties) {
        ObjectNode merged = FacetMerge.read(stored.facets().get(job.toString()));
        Instant first = null;
        for (OlEvent e : events) {
            if (!e.jobFacets().isEmpty()) {
                FacetMerge.merge(merged, e.jobFacets(), e.eventTime(), e.digest());
                first = first == null || e.eventTime().isBefore(first) ? e.eventTime() : first;
            }
        }
        if (first != null) {
            properties.put(job, NodeProperties.job(events.get(0).job(), merged));
            owners(job, FacetMerge.values(merged).path("ownership"), first, ensures, links);
        }
    }

    private static void datasetFacets(List<OlEvent> events, Stored stored, Ensures ensures,
                                      Map<String, RunEdges.Link> links, Map<NodeKey, NodeProperties> properties) {
        Map<NodeKey, ObjectNode> merged = new LinkedHashMap<>();
        Map<NodeKey, Instant> first = new LinkedHashMap<>();
        Map<NodeKey, OlEvent.Identity> ids = new LinkedHashMap<>();
        for (OlEvent e : events) {
            for (OlEvent.Dataset d : datasets(e)) {
                if (d.facets().isEmpty()) {
                    continue;
                }
                NodeKey family = DatasetVersions.family(d.id(), "$.inputs");
                FacetMerge.merge(merged.computeIfAbsent(family, k -> FacetMerge.read(stored.facets().get(
                        k.toString()))), d.facets(), e.eventTime(), e.digest());
                first.merge(family, e.eventTime(), (a, b) -> a.isBefore(b) ? a : b);
                ids.put(family, d.id());
            }
        }
        for (Map.Entry<NodeKey, ObjectNode> m : merged.entrySet()) {
            String before = FacetMerge.write(FacetMerge.read(stored.facets().get(m.getKey().toString())));
            if (!FacetMerge.write(m.getValue()).equals(before)) {
                properties.put(m.getKey(), NodeProperties.dataset(ids.get(m.getKey()), m.getValue()));
                owners(m.getKey(), FacetMerge.values(m.getValue()).path("ownership"), first.get(m.getKey()),
                        ensures, links);
            }
        }
    }

    private static void owners(NodeKey thing, JsonNode ownership, Instant t, Ensures ensures,
                               Map<String, RunEdges.Link> links) {
        for (String name : NodeProperties.owners(ownership)) {
            NodeKey person = NodeKey.of(Kind.PERSON, name);
            ensures.add(person, t, false);
            link(links, "OWNED_BY", thing.toString(), person.toString(), t, "{}", null, false);
        }
    }

    private static void link(Map<String, RunEdges.Link> links, String type, String from, String to, Instant t,
                             String props, String facets, boolean byTime) {
        links.merge(type + "\u0000" + from + "\u0000" + to, new RunEdges.Link(type, from, to, t, props, facets,
                byTime), (a, b) -> a.t().isBefore(b.t()) ? new RunEdges.Link(type, from, to, a.t(), b.props(),
                b.facets(), b.byTime()) : b);
    }

    /** A dataset an event names, and whether as an output. */
    private record Named(OlEvent.Dataset dataset, boolean output) {
    }

    private static List<Named> named(OlEvent e) {
        List<Named> out = new ArrayList<>();
        e.inputs().forEach(d -> out.add(new Named(d, false)));
        e.outputs().forEach(d -> out.add(new Named(d, true)));
        return out;
    }

    private static List<OlEvent.Dataset> datasets(OlEvent e) {
        List<OlEvent.Dataset> all = new ArrayList<>(e.inputs());
        all.addAll(e.outputs());
        return all;
    }

    /** Nodes to make sure of, each once: the earliest time asked for, locked if any asker wanted the lock. */
    private static final class Ensures {
        private final Map<NodeKey, Ensure> byKey = new LinkedHashMap<>();

        void add(NodeKey key, Instant t, boolean lock) {
            byKey.merge(key, new Ensure(key, t, lock), (a, b) -> new Ensure(key,
                    a.t().isBefore(b.t()) ? a.t() : b.t(), a.lock() || b.lock()));
        }

        List<Ensure> list() {
            return List.copyOf(byKey.values());
        }
    }
}
