package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.InvalidInput;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "dataset:transactions@2026-10-01",
        "model:fraud-detector@3",
        "commit:github.com/acme/fraud@3f2a9c1",
        "dataset:s3://bucket/path with spaces/part-0001.parquet@v1",
        "dataset:{postgres://db:5432}public.transactions@2026-10-01",
        "person:ana@acme.com",
        "prompt:réponse-client 日本語@2",
        "dataset:100%25 clean@v%40home",
        "deployment:fraud-api-prod",
        "dataset:a%7Bb%7D@1",
    })
    void canonicalKeysRoundTrip(String key) {
        assertThat(NodeKey.parse("key", key).toString()).isEqualTo(key);
    }

    @Test
    void componentsAreDecodedAndTheNamespaceCarriesOpenLineageIdentity() {
        NodeKey k = NodeKey.parse("key", "dataset:{postgres://db:5432}public.transactions@2026-10-01");
        assertThat(k.kind()).isEqualTo(Kind.DATASET);
        assertThat(k.namespace()).isEqualTo("postgres://db:5432");
        assertThat(k.name()).isEqualTo("public.transactions");
        assertThat(k.version()).isEqualTo("2026-10-01");
        assertThat(k.family().orElseThrow().toString()).isEqualTo("dataset:{postgres://db:5432}public.transactions");
        assertThat(NodeKey.parse("key", "dataset:100%25 clean@v%40home").name()).isEqualTo("100% clean");
        assertThat(NodeKey.parse("key", "dataset:100%25 clean@v%40home").version()).isEqualTo("v@home");
        assertThat(NodeKey.parse("key", "person:ana@acme.com").name()).isEqualTo("ana@acme.com");
    }

    @Test
    void equivalentSpellingsBecomeOneCanonicalKey() {
        assertThat(NodeKey.parse("key", "Dataset:a%2Fb@1").toString()).isEqualTo("dataset:a/b@1");
        String decomposed = "prompt:re\u0301ponse@1";
        assertThat(NodeKey.parse("key", decomposed).toString()).isEqualTo("prompt:r\u00e9ponse@1");
        assertThat(NodeKey.of(Kind.DATASET, "a@b", "1").toString()).isEqualTo("dataset:a%40b@1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "transactions|kind",
        "table:transactions|Unknown kind",
        "dataset:|empty",
        "dataset:tx@|version after '@' is empty",
        "dataset:tx%2|Incomplete escape",
        "dataset:tx%zz|Malformed escape",
        "dataset:tx%C3%28|not valid UTF-8",
        "dataset:{ns|not closed",
        "dataset:a}b|must be escaped",
        "deployment:api@2|",
        "dataset: padded@1|white space",
    })
    void malformedKeysAreRefusedNamingTheField(String key, String message) {
        if (key.startsWith("deployment:")) {
            // Unversioned kinds take '@' as part of the name.
            assertThat(NodeKey.parse("key", key).name()).isEqualTo("api@2");
            return;
        }
        assertThatThrownBy(() -> NodeKey.parse("nodes[3].key", key))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("nodes[3].key"))
                .hasMessageContaining(message);
    }
}
