package io.pedigree.openlineage;

import io.openlineage.client.OpenLineage;

import java.util.ArrayList;
import java.util.List;

/** The schema and column-lineage facets the field tests build with the official client's model. */
record ColumnFacets(OpenLineage ol) {

    /** A schema facet of alternating field names and types. */
    OpenLineage.SchemaDatasetFacet schema(String... nameType) {
        List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
        for (int i = 0; i < nameType.length; i += 2) {
            fields.add(ol.newSchemaDatasetFacetFieldsBuilder().name(nameType[i]).type(nameType[i + 1]).build());
        }
        return ol.newSchemaDatasetFacetBuilder().fields(fields).build();
    }

    /** A derived field's entry in a column-lineage facet. */
    OpenLineage.ColumnLineageDatasetFacetFieldsAdditional derived(OpenLineage.InputField... in) {
        return ol.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(List.of(in)).build();
    }

    /** One input field of a derivation, with its transformation. */
    OpenLineage.InputField input(String namespace, String name, String field, OpenLineage.InputFieldTransformations t) {
        return ol.newInputFieldBuilder().namespace(namespace).name(name).field(field).transformations(List.of(t))
                .build();
    }
}
