package io.pedigree.fields;

import io.pedigree.audit.Digest;
import io.pedigree.lineage.NodeKey;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a {@link FieldBatch} into the parameter rows of the set-based statements that record it. */
final class FieldRows {

    private FieldRows() {
    }

    /** A schema's identity: names and types of its fields, nested ones included, in order (descriptions aside). */
    static String fingerprint(List<FieldSpec> fields) {
        StringBuilder out = new StringBuilder();
        shape(fields, out);
        return Digest.sha256(out.toString()).substring(0, 16);
    }

    private static void shape(List<FieldSpec> fields, StringBuilder out) {
        out.append('[');
        for (FieldSpec f : fields) {
            out.append(f.name()).append('\u0000').append(f.type() == null ? "" : f.type());
            if (!f.fields().isEmpty()) {
                shape(f.fields(), out);
            }
            out.append('\u0001');
        }
        out.append(']');
    }

    /** Every field a schema declares, parents before their members, with paths joined by '.'. */
    static List<Map<String, Object>> flatten(List<FieldSpec> fields) {
        List<Map<String, Object>> out = new ArrayList<>();
        flatten(fields, null, out);
        return out;
    }

    private static void flatten(List<FieldSpec> fields, String parent, List<Map<String, Object>> out) {
        for (FieldSpec f : fields) {
            String path = parent == null ? f.name() : parent + "." + f.name();
            Map<String, Object> row = new HashMap<>();
            row.put("path", path);
            row.put("name", f.name());
            row.put("type", f.type());
            row.put("description", f.description());
            row.put("parent", parent);
            row.put("position", out.size());
            out.add(row);
            flatten(f.fields(), path, out);
        }
    }

    static Map<String, Object> ref(FieldRef f) {
        return ref(f.dataset(), f.field());
    }

    static Map<String, Object> ref(NodeKey dataset, String path) {
        Map<String, Object> m = new HashMap<>();
        m.put("dataset", dataset.toString());
        m.put("path", path);
        m.put("name", path.isEmpty() ? "*" : path.substring(path.lastIndexOf('.') + 1));
        return m;
    }

    static String schemaId(NodeKey family, String fingerprint) {
        return family + "#schema-" + fingerprint;
    }

    /** Every field the batch names, the whole-dataset field of each dataset included, once each. */
    static List<Map<String, Object>> referenced(FieldBatch b) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (FieldBatch.DatasetFields d : b.datasets()) {
            NodeKey family = d.version().family().orElse(d.version());
            for (Map<String, Object> f : flatten(d.fields())) {
                put(out, ref(family, (String) f.get("path")));
            }
        }
        for (FieldBatch.Derivation d : b.derivations()) {
            put(out, ref(d.output()));
            d.inputs().forEach(i -> put(out, ref(i.field())));
        }
        for (FieldBatch.DatasetDependency d : b.dependencies()) {
            put(out, ref(d.dataset(), ""));
            d.inputs().forEach(i -> put(out, ref(i.field())));
        }
        for (FieldBatch.Features f : b.features()) {
            f.fields().forEach(x -> put(out, ref(x)));
        }
        return List.copyOf(out.values());
    }

    private static void put(Map<String, Map<String, Object>> out, Map<String, Object> ref) {
        out.putIfAbsent(ref.get("dataset") + "\n" + ref.get("path"), ref);
    }

    /** One row per output (a field, or '' for a dataset's dependencies) with its distinct inputs. */
    static List<Map<String, Object>> derivations(FieldBatch b) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FieldBatch.Derivation d : b.derivations()) {
            rows.add(derivation(ref(d.output()), d.inputs()));
        }
        for (FieldBatch.DatasetDependency d : b.dependencies()) {
            rows.add(derivation(ref(d.dataset(), ""), d.inputs()));
        }
        return rows;
    }

    private static Map<String, Object> derivation(Map<String, Object> output, List<FieldInput> inputs) {
        Map<String, Map<String, Object>> distinct = new LinkedHashMap<>();
        for (FieldInput in : inputs) {
            Transformation t = in.transformation();
            Map<String, Object> x = ref(in.field());
            x.put("type", t.type().name());
            x.put("subtype", t.subtype());
            x.put("description", t.description());
            x.put("masking", t.masking());
            distinct.putIfAbsent(x.get("dataset") + "\n" + x.get("path") + "\n" + t.type() + "\n" + t.subtype(), x);
        }
        Map<String, Object> row = new HashMap<>(output);
        row.put("inputs", List.copyOf(distinct.values()));
        return row;
    }

    static List<Map<String, Object>> features(FieldBatch b) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FieldBatch.Features f : b.features()) {
            Set<Map<String, Object>> fields = new LinkedHashSet<>();
            f.fields().forEach(x -> fields.add(ref(x)));
            rows.add(Map.of("version", f.version().toString(), "fields", List.copyOf(fields)));
        }
        return rows;
    }
}
