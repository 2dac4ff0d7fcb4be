package io.pedigree.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenLineage schema and columnLineage facets, as producers send them, read into field lineage. */
class OpenLineageFieldsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PG = "postgres://warehouse:5432";

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** A dbt model's output, as dbt-ol 1.x reports it: schema, and column lineage 1-2-0 with transformations. */
    private static final String DBT_OUTPUT = """
            {"namespace": "postgres://warehouse:5432", "name": "analytics.features.fraud_features",
             "facets": {
               "schema": {"_producer": "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/dbt",
                 "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json",
                 "fields": [
                   {"name": "card_hash", "type": "text", "description": "sha256 of the card number"},
                   {"name": "txn_velocity_7d", "type": "integer"},
                   {"name": "location", "type": "struct", "fields": [
                       {"name": "country", "type": "text"}, {"name": "zip", "type": "text"}]}]},
               "columnLineage": {
                 "_producer": "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/dbt",
                 "_schemaURL": "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
                 "fields": {
                   "card_hash": {"inputFields": [
                     {"namespace": "postgres://warehouse:5432", "name": "analytics.raw.transactions",
                      "field": "card_number",
                      "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION",
                                           "description": "sha256(card_number)", "masking": true}]}]},
                   "txn_velocity_7d": {"inputFields": [
                     {"namespace": "postgres://warehouse:5432", "name": "analytics.raw.transactions",
                      "field": "txn_id",
                      "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION", "masking": false}]},
                     {"namespace": "postgres://warehouse:5432", "name": "analytics.raw.transactions",
                      "field": "card_number",
                      "transformations": [{"type": "INDIRECT", "subtype": "GROUP_BY"},
                                          {"type": "INDIRECT", "subtype": "WINDOW"}]}]}
                 },
                 "dataset": [
                   {"namespace": "postgres://warehouse:5432", "name": "analytics.raw.transactions",
                    "field": "status", "transformations": [{"type": "INDIRECT", "subtype": "FILTER",
                                                            "description": "status = 'settled'"}]}]
               }}}
            """;

    /** Spark's JDBC integration test expectation shape: no transformations, inputs without a namespace. */
    private static final String SPARK_OUTPUT = """
            {"name": "test.test", "facets": {
               "schema": {"fields": [{"name": "k", "type": "integer"}, {"name": "value", "type": "string"}]},
               "columnLineage": {"fields": {
                 "k": {"inputFields": [{"namespace": "file", "name": "/tmp/iceberg/default/v2_source_1",
                                        "field": "k"}]},
                 "value": {"inputFields": [
                   {"namespace": "file", "name": "/tmp/iceberg/default/v2_source_2", "field": "v2"},
                   {"name": "test.jdbc_source1", "field": "j1"}]}}}}}
            """;

    private static final NodeKey FEATURES = new NodeKey(Kind.DATASET, PG, "analytics.features.fraud_features",
            "schema-1a2b3c");

    @Test
    void theSchemaFacetGivesTheVersionsFieldsNestedOnesIncluded() throws Exception {
        FieldBatch b = OpenLineageFields.fromDataset(FEATURES, json(DBT_OUTPUT).get("facets"), "$.outputs[0]");

        assertThat(b.datasets()).hasSize(1);
        FieldBatch.DatasetFields d = b.datasets().get(0);
        assertThat(d.version()).isEqualTo(FEATURES);
        assertThat(d.fields()).extracting(FieldSpec::name).containsExactly("card_hash", "txn_velocity_7d",
                "location");
        assertThat(d.fields().get(0).description()).isEqualTo("sha256 of the card number");
        assertThat(d.fields().get(2).fields()).extracting(FieldSpec::name).containsExactly("country", "zip");
    }

    @Test
    void eachInputTransformationBecomesOneDerivationOfTheOutputFieldOfTheFamily() throws Exception {
        FieldBatch b = OpenLineageFields.fromDataset(FEATURES, json(DBT_OUTPUT).get("facets"), "$.outputs[0]");

        NodeKey raw = new NodeKey(Kind.DATASET, PG, "analytics.raw.transactions", null);
        NodeKey family = FEATURES.family().orElseThrow();
        assertThat(b.derivations()).extracting(FieldBatch.Derivation::output)
                .containsExactly(new FieldRef(family, "card_hash"), new FieldRef(family, "txn_velocity_7d"));
        FieldInput hash = b.derivations().get(0).inputs().get(0);
        assertThat(hash.field()).isEqualTo(new FieldRef(raw, "card_number"));
        assertThat(hash.transformation()).isEqualTo(new Transformation(TransformationType.DIRECT, "TRANSFORMATION",
                "sha256(card_number)", true));
        assertThat(b.derivations().get(1).inputs()).extracting(i -> i.transformation().subtype())
                .containsExactly("AGGREGATION", "GROUP_BY", "WINDOW");
        assertThat(b.derivations().get(1).inputs().get(1).transformation().type())
                .isEqualTo(TransformationType.INDIRECT);
    }

    @Test
    void theDatasetListBecomesDependenciesOfTheWholeDataset() throws Exception {
        FieldBatch b = OpenLineageFields.fromDataset(FEATURES, json(DBT_OUTPUT).get("facets"), "$.outputs[0]");

        assertThat(b.dependencies()).hasSize(1);
        FieldBatch.DatasetDependency dep = b.dependencies().get(0);
        assertThat(dep.dataset()).isEqualTo(FEATURES.family().orElseThrow());
        assertThat(dep.inputs().get(0).field().field()).isEqualTo("status");
        assertThat(dep.inputs().get(0).transformation().subtype()).isEqualTo("FILTER");
        assertThat(dep.inputs().get(0).transformation().type()).isEqualTo(TransformationType.INDIRECT);
    }

    @Test
    void inputsWithoutTransformationsAreUnspecifiedAndWithoutNamespaceTakeTheOutputs() throws Exception {
        NodeKey out = new NodeKey(Kind.DATASET, "jdbc://db", "test.test", "schema-9");

        FieldBatch b = OpenLineageFields.fromDataset(out, json(SPARK_OUTPUT).get("facets"), "$.outputs[0]");

        FieldBatch.Derivation value = b.derivations().get(1);
        assertThat(value.inputs()).extracting(i -> i.field().key()).containsExactly(
                "dataset:{file}/tmp/iceberg/default/v2_source_2#v2", "dataset:{jdbc://db}test.jdbc_source1#j1");
        assertThat(value.inputs()).allMatch(i -> i.transformation().equals(Transformation.UNSPECIFIED));
        assertThat(TransformationType.UNSPECIFIED.carriesValues()).as("the direct view follows it").isTrue();
    }

    @Test
    void aLegacyIdentityTransformationIsADirectCopy() throws Exception {
        JsonNode facets = json("""
                {"columnLineage": {"fields": {"id": {"inputFields": [{"namespace": "s3://lake", "name": "raw/users",
                  "field": "user_id"}], "transformationType": "IDENTITY", "transformationDescription": "copied"}}}}
                """);

        FieldBatch b = OpenLineageFields.fromDataset(FEATURES, facets, "$.outputs[0]");

        assertThat(b.datasets()).as("no schema facet, no fields declared").isEmpty();
        assertThat(b.derivations().get(0).inputs().get(0).transformation())
                .isEqualTo(new Transformation(TransformationType.DIRECT, "IDENTITY", "copied", false));
    }

    @Test
    void aDeletedColumnLineageFacetDeclaresNothing() throws Exception {
        JsonNode facets = json("{\"columnLineage\": {\"_deleted\": true}}");

        assertThat(OpenLineageFields.fromDataset(FEATURES, facets, "$.outputs[0]").isEmpty()).isTrue();
    }

    @Test
    void aTrainingRunInputNamesItsFeaturesInThePedigreeFeaturesFacet() throws Exception {
        JsonNode input = json("""
                {"namespace": "postgres://warehouse:5432", "name": "analytics.features.fraud_features",
                 "inputFacets": {"pedigree_features": {"_producer": "https://acme.example/trainer",
                   "_schemaURL": "https://acme.example/schemas/features.json",
                   "fields": ["txn_velocity_7d", {"name": "card_hash"}]}}}
                """);

        List<FieldRef> features = OpenLineageFields.features(FEATURES, input);

        assertThat(features).extracting(FieldRef::key).containsExactly(
                "dataset:{postgres://warehouse:5432}analytics.features.fraud_features#txn_velocity_7d",
                "dataset:{postgres://warehouse:5432}analytics.features.fraud_features#card_hash");
        assertThat(OpenLineageFields.features(FEATURES, json("{\"name\": \"x\"}"))).isEmpty();
    }

    @Test
    void severalDatasetsBatchTogetherForOneSetOfStatements() throws Exception {
        FieldBatch a = OpenLineageFields.fromDataset(FEATURES, json(DBT_OUTPUT).get("facets"), "$.outputs[0]");
        FieldBatch b = OpenLineageFields.fromDataset(new NodeKey(Kind.DATASET, "jdbc://db", "test.test", "s"),
                json(SPARK_OUTPUT).get("facets"), "$.outputs[1]");

        FieldBatch all = FieldBatch.concat(List.of(a, b));

        assertThat(all.datasets()).hasSize(2);
        assertThat(all.derivations()).hasSize(4);
        assertThat(all.dependencies()).hasSize(1);
    }
}
