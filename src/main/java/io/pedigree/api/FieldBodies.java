package io.pedigree.api;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.fields.FieldBatch;
import io.pedigree.fields.FieldInput;
import io.pedigree.fields.FieldRef;
import io.pedigree.fields.FieldSpec;
import io.pedigree.fields.Transformation;
import io.pedigree.fields.TransformationType;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeKey;

import java.util.ArrayList;
import java.util.List;

/** The body of {@code POST /api/v1/fields}, parsed into a {@link FieldBatch} naming the field at fault. */
final class FieldBodies {

    private FieldBodies() {
    }

    record FieldsBody(List<DatasetBody> datasets, List<DerivationBody> derivations,
                      List<DependencyBody> datasetDependencies, List<FeaturesBody> features) {

        FieldBatch toBatch(Limits limits) {
            int[] count = {0};
            List<FieldBatch.DatasetFields> d = new ArrayList<>();
            each(datasets, (b, p) -> d.add(b.parse(p, count)));
            List<FieldBatch.Derivation> r = new ArrayList<>();
            each(derivations, (b, p) -> r.add(b.parse(p, count)));
            List<FieldBatch.DatasetDependency> w = new ArrayList<>();
            each(datasetDependencies, (b, p) -> w.add(b.parse(p, count)));
            List<FieldBatch.Features> f = new ArrayList<>();
            each(features, (b, p) -> f.add(b.parse(p, count)));
            if (count[0] > limits.maxBatchElements()) {
                throw new PayloadTooLarge("datasets", "The batch names " + count[0] + " fields and derivations; at"
                        + " most " + limits.maxBatchElements() + " (PEDIGREE_MAX_BATCH_ELEMENTS) fit in one");
            }
            return new FieldBatch(d, r, w, f);
        }

        private <T> void each(List<T> items, java.util.function.BiConsumer<T, String> parse) {
            if (items == null) {
                return;
            }
            String name = items == datasets ? "datasets" : items == derivations ? "derivations"
                    : items == datasetDependencies ? "datasetDependencies" : "features";
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) == null) {
                    throw new InvalidInput(name + "[" + i + "]", "An entry is an object");
                }
                parse.accept(items.get(i), name + "[" + i + "]");
            }
        }
    }

    record DatasetBody(String version, List<FieldBody> fields) {
        FieldBatch.DatasetFields parse(String at, int[] count) {
            NodeKey key = NodeKey.parse(at + ".version", required(at + ".version", version));
            if (key.kind() != Kind.DATASET || !key.isVersion()) {
                throw new InvalidInput(at + ".version", "Fields are declared on a dataset version:"
                        + " dataset:<name>@<version>");
            }
            if (fields == null || fields.isEmpty()) {
                throw new InvalidInput(at + ".fields", "A dataset version has at least one field");
            }
            return new FieldBatch.DatasetFields(key, specs(fields, at + ".fields", count, 0));
        }
    }

    record FieldBody(String name, String type, String description, List<FieldBody> fields) {
    }

    record DerivationBody(String dataset, String field, List<InputBody> inputs) {
        FieldBatch.Derivation parse(String at, int[] count) {
            FieldRef out = FieldRef.parse(at, dataset, field);
            return new FieldBatch.Derivation(out, InputBody.all(inputs, at + ".inputs", count));
        }
    }

    record DependencyBody(String dataset, List<InputBody> inputs) {
        FieldBatch.DatasetDependency parse(String at, int[] count) {
            NodeKey key = NodeKey.parse(at + ".dataset", required(at + ".dataset", dataset));
            if (key.kind() != Kind.DATASET) {
                throw new InvalidInput(at + ".dataset", "Dataset dependencies belong to a dataset");
            }
            return new FieldBatch.DatasetDependency(key, InputBody.all(inputs, at + ".inputs", count));
        }
    }

    record InputBody(String dataset, String field, List<TransformationBody> transformations) {
        static List<FieldInput> all(List<InputBody> inputs, String at, int[] count) {
            if (inputs == null) {
                throw new InvalidInput(at, "inputs lists the fields read (an empty list ends every input)");
            }
            List<FieldInput> out = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                String p = at + "[" + i + "]";
                InputBody in = inputs.get(i);
                if (in == null) {
                    throw new InvalidInput(p, "An input is an object");
                }
                FieldRef ref = FieldRef.parse(p, in.dataset, in.field);
                if (in.transformations == null || in.transformations.isEmpty()) {
                    throw new InvalidInput(p + ".transformations", "Say how the input is used:"
                            + " [{\"type\": \"DIRECT\", \"subtype\": \"IDENTITY\"}]");
                }
                for (int j = 0; j < in.transformations.size(); j++) {
                    TransformationBody t = in.transformations.get(j);
                    String tp = p + ".transformations[" + j + "]";
                    if (t == null) {
                        throw new InvalidInput(tp, "A transformation is an object");
                    }
                    TransformationType type = TransformationType.parse(tp + ".type", t.type);
                    if (type == TransformationType.UNSPECIFIED) {
                        throw new InvalidInput(tp + ".type", "type is DIRECT or INDIRECT");
                    }
                    out.add(new FieldInput(ref, new Transformation(type, t.subtype, t.description,
                            Boolean.TRUE.equals(t.masking))));
                    count[0]++;
                }
            }
            return out;
        }
    }

    record TransformationBody(String type, String subtype, String description, Boolean masking) {
    }

    record FeaturesBody(String version, List<FieldRefBody> fields) {
        FieldBatch.Features parse(String at, int[] count) {
            NodeKey key = NodeKey.parse(at + ".version", required(at + ".version", version));
            if (key.kind() != Kind.MODEL || !key.isVersion()) {
                throw new InvalidInput(at + ".version", "Features are consumed by a model version:"
                        + " model:<name>@<n>");
            }
            return new FieldBatch.Features(key, refs(fields, at + ".fields", count));
        }
    }

    record FieldRefBody(String dataset, String field) {
    }

    static List<FieldRef> refs(List<FieldRefBody> fields, String at, int[] count) {
        if (fields == null || fields.isEmpty()) {
            throw new InvalidInput(at, "Name at least one field: [{\"dataset\": \"dataset:x\", \"field\": \"y\"}]");
        }
        List<FieldRef> out = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            FieldRefBody f = fields.get(i);
            if (f == null) {
                throw new InvalidInput(at + "[" + i + "]", "A field is an object");
            }
            out.add(FieldRef.parse(at + "[" + i + "]", f.dataset, f.field));
            count[0]++;
        }
        return out;
    }

    private static List<FieldSpec> specs(List<FieldBody> fields, String at, int[] count, int depth) {
        List<FieldSpec> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String p = at + "[" + i + "]";
            FieldBody f = fields.get(i);
            if (f == null || f.name == null || f.name.isBlank()) {
                throw new InvalidInput(p + ".name", "A field has a name");
            }
            if (!seen.add(f.name)) {
                throw new InvalidInput(p + ".name", "Field '" + f.name + "' is declared twice");
            }
            if (depth > 20) {
                throw new InvalidInput(p, "Fields nest at most 20 deep");
            }
            count[0]++;
            out.add(new FieldSpec(f.name, f.type, f.description,
                    f.fields == null ? List.of() : specs(f.fields, p + ".fields", count, depth + 1)));
        }
        return out;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInput(field, "'" + field + "' is required");
        }
        return value;
    }
}
