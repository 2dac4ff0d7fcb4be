package io.pedigree.registry;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.store.Database;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/** Compares two versions of a model from what the registry and the lineage graph hold about them. */
public final class Comparisons {

    // Besides the inputs given at registration, anything the run used or the version was derived from since.
    private static final String INPUTS = """
            MATCH (v:Node {key: $key})
            CALL (v) {
                OPTIONAL MATCH (v)-[g:WAS_GENERATED_BY]->(:Run)-[u:USED]->(i:Node)
                WHERE g.validTo IS NULL AND u.validTo IS NULL
                RETURN collect(DISTINCT i.key) AS used
            }
            CALL (v) {
                OPTIONAL MATCH (v)-[d:DERIVED_FROM]->(i:Node)
                WHERE d.validTo IS NULL
                RETURN collect(DISTINCT i.key) AS derived
            }
            RETURN used + derived AS inputs
            """;

    private final Database db;
    private final Registry registry;
    private final Evaluations evaluations;

    public Comparisons(Database db, Registry registry, Evaluations evaluations) {
        this.db = db;
        this.registry = registry;
        this.evaluations = evaluations;
    }

    public Comparison compare(ModelName name, int a, int b) {
        if (a == b) {
            throw new InvalidInput("b", "Compare two different versions");
        }
        ModelVersion va = registry.version("a", name, a);
        ModelVersion vb = registry.version("b", name, b);
        TreeSet<String> ia = inputs(va);
        TreeSet<String> ib = inputs(vb);
        if (va.baseModel() != null) {
            ia.remove(va.baseModel());
        }
        if (vb.baseModel() != null) {
            ib.remove(vb.baseModel());
        }
        return new Comparison(name.value(), a, b, diffInputs(ia, ib),
                new Comparison.Change("run", va.run(), vb.run()),
                new Comparison.Change("baseModel", va.baseModel(), vb.baseModel()),
                diffMaps(va.parameters(), vb.parameters()),
                metricDeltas(Metrics.of(evaluations.of(va)), Metrics.of(evaluations.of(vb))),
                diffMaps(va.card().fields(), vb.card().fields()));
    }

    private TreeSet<String> inputs(ModelVersion v) {
        TreeSet<String> out = new TreeSet<>(v.inputs());
        out.addAll(db.read(tx -> tx.run(INPUTS, Map.of("key", v.key())).single().get("inputs")
                .asList(x -> x.asString())));
        return out;
    }

    static Comparison.InputDiff diffInputs(TreeSet<String> a, TreeSet<String> b) {
        Map<String, List<String>> famA = byFamily(a);
        Map<String, List<String>> famB = byFamily(b);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<Comparison.Change> changed = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        TreeSet<String> families = new TreeSet<>(famA.keySet());
        families.addAll(famB.keySet());
        for (String f : families) {
            List<String> ka = famA.getOrDefault(f, List.of());
            List<String> kb = famB.getOrDefault(f, List.of());
            List<String> onlyA = ka.stream().filter(k -> !kb.contains(k)).toList();
            List<String> onlyB = kb.stream().filter(k -> !ka.contains(k)).toList();
            ka.stream().filter(kb::contains).forEach(unchanged::add);
            if (onlyA.size() == 1 && onlyB.size() == 1) {
                changed.add(new Comparison.Change(f, onlyA.get(0), onlyB.get(0)));
            } else {
                removed.addAll(onlyA);
                added.addAll(onlyB);
            }
        }
        return new Comparison.InputDiff(added, removed, changed, unchanged);
    }

    private static Map<String, List<String>> byFamily(TreeSet<String> keys) {
        Map<String, List<String>> out = new TreeMap<>();
        for (String k : keys) {
            NodeKey key = NodeKey.parse("key", k);
            String family = key.family().map(NodeKey::toString).orElse(k);
            out.computeIfAbsent(family, x -> new ArrayList<>()).add(k);
        }
        return out;
    }

    static List<Comparison.Change> diffMaps(Map<String, Object> a, Map<String, Object> b) {
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        List<Comparison.Change> out = new ArrayList<>();
        for (String n : names) {
            if (!Objects.equals(a.get(n), b.get(n))) {
                out.add(new Comparison.Change(n, a.get(n), b.get(n)));
            }
        }
        return out;
    }

    static List<Comparison.MetricDelta> metricDeltas(Metrics a, Metrics b) {
        TreeSet<String> ids = new TreeSet<>(a.latest().keySet());
        ids.addAll(b.latest().keySet());
        List<Comparison.MetricDelta> out = new ArrayList<>();
        for (String id : ids) {
            Evaluation.Metric ma = a.latest().get(id);
            Evaluation.Metric mb = b.latest().get(id);
            int slash = id.indexOf('/');
            Double delta = ma != null && mb != null ? mb.value() - ma.value() : null;
            Boolean better = ma != null && mb != null ? Metrics.regression(mb, ma) < 0 : null;
            Map<String, String> datasets = new HashMap<>();
            if (a.datasets().get(id) != null) {
                datasets.put("a", a.datasets().get(id));
            }
            if (b.datasets().get(id) != null) {
                datasets.put("b", b.datasets().get(id));
            }
            out.add(new Comparison.MetricDelta(id.substring(0, slash), id.substring(slash + 1),
                    ma == null ? null : ma.value(), mb == null ? null : mb.value(), delta, better, datasets));
        }
        return out;
    }
}
