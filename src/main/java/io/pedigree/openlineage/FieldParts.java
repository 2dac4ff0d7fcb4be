package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.fields.FieldBatch;
import io.pedigree.fields.FieldRef;
import io.pedigree.fields.FieldWriter;
import io.pedigree.fields.OpenLineageFields;
import io.pedigree.lineage.NodeKey;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The field-level lineage a run's mention of a dataset carries (see docs/fields.md): the {@code schema} facet gives
 * the fields of the versions the mention names, an output's {@code columnLineage} the derivations of its fields,
 * valid from the run's first event that named the output, an input's {@code pedigree_features} the features the
 * run consumed. Pure, and built from the run's folded state, so it does
 * not depend on the order the run's events arrived in.
 */
final class FieldParts {

    private FieldParts() {
    }

    /** A part to record, with what orders it among the parts of a group: its time, then the run and dataset. */
    record Part(FieldWriter.Dated dated, String order) {
    }

    /**
     * The part of one mention resolved to {@code targets}. A mention resolved by time (the placeholder
     * {@code @unversioned} included) carried no schema, so it gives its versions no fields: a placeholder's fields
     * would stay behind when it is dropped. Its derivations still count, as they belong to the dataset family.
     */
    static Part mention(String run, RunSummary.Mention m, List<NodeKey> targets, boolean byTime, String field) {
        String order = run + "\u0000" + m.output() + "\u0000" + m.id().id();
        List<FieldBatch> out = new ArrayList<>();
        if (!m.output()) {
            out.add(features(run, m, field));
        }
        if (!m.facets().has("schema") && !m.facets().has("columnLineage")) {
            return part(FieldBatch.concat(out), m.first(), order);
        }
        for (int i = 0; i < targets.size(); i++) {
            ObjectNode facets = m.facets().deepCopy();
            if (byTime) {
                facets.remove("schema");
            }
            // Derivations are of the dataset family's fields: once per mention, and only an output's.
            if (!m.output() || i > 0) {
                facets.remove("columnLineage");
            }
            out.add(read(targets.get(i), facets, field));
        }
        return part(FieldBatch.concat(out), m.first(), order);
    }

    /**
     * The features a training run's input names ({@value OpenLineageFields#FEATURES_FACET} facet): fields of the
     * input's family that the run consumed, and with it every model version it generated, before or after.
     */
    private static FieldBatch features(String run, RunSummary.Mention m, String field) {
        ObjectNode input = JsonNodeFactory.instance.objectNode();
        input.set("inputFacets", m.ioFacets());
        input.set("facets", m.facets());
        List<FieldRef> fields = OpenLineageFields.features(DatasetVersions.family(m.id(), field + ".name"), input);
        return fields.isEmpty() ? FieldBatch.concat(List.of()) : new FieldBatch(null, null, null,
                List.of(new FieldBatch.Features(NodeKey.parse(field, run), fields)));
    }

    /** The part of a DatasetEvent: fields of the version it names (if any), derivations of the family. */
    static Part dataset(NodeKey versionOrFamily, ObjectNode facets, Instant t) {
        return part(read(versionOrFamily, facets, "$.dataset"), t, versionOrFamily.toString());
    }

    /** The parts of a group, oldest first, as {@link FieldWriter#record} wants them. */
    static List<FieldWriter.Dated> ordered(List<Part> parts) {
        return parts.stream().filter(p -> !p.dated().batch().isEmpty())
                .sorted(Comparator.comparing((Part p) -> p.dated().at()).thenComparing(Part::order))
                .map(Part::dated).toList();
    }

    private static FieldBatch read(NodeKey key, ObjectNode facets, String field) {
        try {
            return OpenLineageFields.fromDataset(key, facets, field);
        } catch (InvalidInput unnamed) {
            // An input field whose dataset Pedigree cannot name: the event stays good (the facet is kept whole on
            // its edge), and so do later events of the run, whose folded state still holds it; the schema counts.
            facets.remove("columnLineage");
            return OpenLineageFields.fromDataset(key, facets, field);
        }
    }

    private static Part part(FieldBatch batch, Instant t, String order) {
        return new Part(new FieldWriter.Dated(batch, t.atZone(ZoneOffset.UTC)), order);
    }
}
