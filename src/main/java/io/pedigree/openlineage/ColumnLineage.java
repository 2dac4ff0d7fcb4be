package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Kind;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The datasets a {@code columnLineage} facet names as inputs ({@code fields.*.inputFields[]} and {@code dataset[]}),
 * so that field-level lineage follows a dataset to its canonical name like dataset-level lineage does.
 */
final class ColumnLineage {

    private ColumnLineage() {
    }

    /** The input identities the facet names (those with both a namespace and a name). */
    static List<OlEvent.Identity> identities(ObjectNode facets) {
        List<OlEvent.Identity> out = new ArrayList<>();
        for (JsonNode in : inputs(facets)) {
            OlEvent.Identity id = identity(in);
            if (id != null) {
                out.add(id);
            }
        }
        return out;
    }

    /** {@code facets} with each input identity replaced by {@code rename}'s answer; the same object if none changes. */
    static ObjectNode rename(ObjectNode facets, UnaryOperator<OlEvent.Identity> rename) {
        if (identities(facets).stream().allMatch(i -> rename.apply(i).equals(i))) {
            return facets;
        }
        ObjectNode copy = facets.deepCopy();
        for (JsonNode in : inputs(copy)) {
            OlEvent.Identity id = identity(in);
            if (id != null && in instanceof ObjectNode o) {
                OlEvent.Identity to = rename.apply(id);
                o.put("namespace", to.namespace());
                o.put("name", to.name());
            }
        }
        return copy;
    }

    private static List<JsonNode> inputs(ObjectNode facets) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode lineage = facets.path("columnLineage");
        lineage.path("fields").forEach(f -> f.path("inputFields").forEach(out::add));
        lineage.path("dataset").forEach(out::add);
        return out;
    }

    private static OlEvent.Identity identity(JsonNode in) {
        JsonNode ns = in.path("namespace");
        JsonNode name = in.path("name");
        if (!ns.isTextual() || !name.isTextual() || ns.asText().isBlank() || name.asText().isBlank()
                || ns.asText().length() > EventParser.MAX_IDENTITY || name.asText().length() > EventParser.MAX_IDENTITY) {
            return null;
        }
        OlEvent.Identity id = new OlEvent.Identity(ns.asText(), name.asText());
        try {
            Keys.of(Kind.DATASET, id, null, "$");
            return id;
        } catch (InvalidInput e) {
            // Not a name Pedigree can key: field lineage reports it (OpenLineageFields); here it has no alias.
            return null;
        }
    }
}
