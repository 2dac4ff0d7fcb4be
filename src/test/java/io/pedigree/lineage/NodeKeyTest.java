package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.InvalidInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeKeyTest {

    private static NodeKey parse(String raw) {
        return NodeKey.parse("key", raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "dataset:transactions@2026-10-01",
            "model:fraud",
            "model:team/fraud-detector:large@v1.2",
            "dataset:my data set@1",
            "dataset:s3://bucket/path/to/file.parquet@etag-123",
            "dataset:{postgres://db:5432}public.transactions@2026-10-01",
            "dataset:{s3://bucket}raw/transactions",
            "person:ana@acme.com",
            "deployment:fraud-api@prod",
            "model:caf\u00e9-\u6a21\u578b-\u00df@\u7248\u672c1",
            "model:100%25 pure@1",
            "model:a%7Bb%7Dc@1",
            "model:user%40example@2",
            "model:x@a%40b",
            "dataset:line%0Abreak@1",
            "evaluation:eval on held-out set",
            "run:train@run-0001",
    })
    void canonicalKeysRoundTripUnchanged(String raw) {
        NodeKey key = parse(raw);

        assertThat(key.toString()).isEqualTo(raw);
        assertThat(parse(key.toString())).isEqualTo(key);
    }

    @Test
    void openLineageNamespaceIsSplitIntoNamespaceNameAndVersion() {
        NodeKey key = parse("dataset:{postgres://db:5432}public.transactions@2026-10-01");

        assertThat(key.kind()).isEqualTo(Kind.DATASET);
        assertThat(key.namespace()).isEqualTo("postgres://db:5432");
        assertThat(key.name()).isEqualTo("public.transactions");
        assertThat(key.version()).isEqualTo("2026-10-01");
        assertThat(key.family()).contains(parse("dataset:{postgres://db:5432}public.transactions"));
    }

    @Test
    void atSignInAnUnversionedKindIsPartOfTheName() {
        NodeKey person = parse("person:ana@acme.com");

        assertThat(person.name()).isEqualTo("ana@acme.com");
        assertThat(person.version()).isNull();
        assertThat(person.isVersion()).isFalse();
    }

    @Test
    void atSignInAVersionedNameIsEscapedAndDecoded() {
        NodeKey key = NodeKey.of(Kind.MODEL, "user@example", "2");

        assertThat(key.toString()).isEqualTo("model:user%40example@2");
        assertThat(parse("model:user%40example@2").name()).isEqualTo("user@example");
    }

    @Test
    void percentAndBracesAreEscapedWhereverTheyStand() {
        NodeKey key = new NodeKey(Kind.DATASET, "ns{1}%", "a{b}%c", "v{2}%");

        assertThat(key.toString()).isEqualTo("dataset:{ns%7B1%7D%25}a%7Bb%7D%25c@v%7B2%7D%25");
        assertThat(parse(key.toString())).isEqualTo(key);
    }

    @Test
    void decomposedUnicodeIsNormalizedToTheComposedForm() {
        NodeKey decomposed = parse("dataset:cafe\u0301@1");
        NodeKey composed = parse("dataset:caf\u00e9@1");

        assertThat(decomposed).isEqualTo(composed);
        assertThat(decomposed.toString()).isEqualTo("dataset:caf\u00e9@1");
        assertThat(parse("dataset:cafe%CC%81@1")).isEqualTo(composed);
    }

    @Test
    void anyValidEscapeParsesToTheSameKeyAsItsCanonicalForm() {
        NodeKey escaped = parse("model:%66raud%2Fv2@%31");

        assertThat(escaped).isEqualTo(parse("model:fraud/v2@1"));
        assertThat(escaped.toString()).isEqualTo("model:fraud/v2@1");
        assertThat(parse("dataset:caf%c3%a9").toString()).isEqualTo("dataset:caf\u00e9");
    }

    @Test
    void kindIsCaseInsensitiveButCanonicallyLowercase() {
        assertThat(parse("MODEL:fraud@1").toString()).isEqualTo("model:fraud@1");
    }

    @Test
    void controlCharactersAreEscapedInTheCanonicalForm() {
        NodeKey key = NodeKey.of(Kind.DATASET, "tab\there", "1");

        assertThat(key.toString()).isEqualTo("dataset:tab%09here@1");
        assertThat(parse(key.toString()).name()).isEqualTo("tab\there");
    }

    @Test
    void familyOfAVersionDropsOnlyTheVersion() {
        assertThat(parse("model:fraud@3").family()).contains(parse("model:fraud"));
        assertThat(parse("model:fraud").family()).isEmpty();
    }

    @Test
    void keysAreEqualExactlyWhenTheirComponentsAreWhateverWayTheyWereMade() {
        NodeKey built = new NodeKey(Kind.DATASET, "postgres://db:5432", "public.t@x", "v1");
        NodeKey parsed = parse("dataset:{postgres://db:5432}public.t%40x@v1");
        NodeKey viaFamily = parse("dataset:{postgres://db:5432}public.t%40x@v0").family().orElseThrow().withVersion("v1");

        assertThat(parsed).isEqualTo(built).isEqualTo(viaFamily).hasSameHashCodeAs(built);
        assertThat(viaFamily.toString()).isEqualTo("dataset:{postgres://db:5432}public.t%40x@v1");
        assertThat(built).isNotEqualTo(new NodeKey(Kind.DATASET, null, "{postgres://db:5432}public.t@x", "v1"))
                .isNotEqualTo(new NodeKey(Kind.DATASET, "postgres://db:5432", "public.t", "x@v1"))
                .isNotEqualTo(new NodeKey(Kind.MODEL, "postgres://db:5432", "public.t@x", "v1"));
        assertThat(built.family().orElseThrow()).isEqualTo(parse("dataset:{postgres://db:5432}public.t%40x"))
                .extracting(NodeKey::version).isNull();
    }

    @Test
    void onlyVersionsOfImmutableKindsAndUnversionedImmutableKindsAreImmutable() {
        assertThat(parse("model:fraud@1").immutable()).isTrue();
        assertThat(parse("model:fraud").immutable()).as("family").isFalse();
        assertThat(parse("run:train@r1").immutable()).as("run version").isFalse();
        assertThat(parse("evaluation:holdout").immutable()).isTrue();
        assertThat(parse("deployment:api").immutable()).isFalse();
        assertThat(parse("person:ana@acme.com").immutable()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "model:a%2",
            "model:a%",
            "model:a%zz@1",
            "model:a@1%G0",
            "dataset:{ns%4}x",
            "model:caf%C3@1",
            "model:%FF%FE@1",
    })
    void malformedEscapesAreRefusedNamingTheField(String raw) {
        assertThatThrownBy(() -> NodeKey.parse("relations[3].from", raw))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.field()).isEqualTo("relations[3].from");
                    assertThat(e.detail()).isNotBlank();
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "   ",
            "fraud",
            ":fraud",
            "model:",
            "model:@1",
            "model:fraud@",
            "dataset:{}x",
            "dataset:{ns}",
            "dataset:{ns",
            "dataset:a}b",
            "dataset:a{b",
            "model: fraud@1",
            "model:fraud @1",
            "model:fraud@1 ",
            "dataset:line\nbreak",
            "widget:fraud",
            "deployment:{",
    })
    void malformedOrEmptyPartsAreRefusedNamingTheField(String raw) {
        assertThatThrownBy(() -> NodeKey.parse("owner", raw))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("owner"));
    }

    @Test
    void aVersionOnAnUnversionedKindCannotBeBuilt() {
        assertThatThrownBy(() -> NodeKey.of(Kind.DEPLOYMENT, "api", "1"))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("no versions");
    }

    @Test
    void keysLongerThanTheMaximumAreRefused() {
        String raw = "dataset:" + "x".repeat(NodeKey.MAX_LENGTH);

        assertThatThrownBy(() -> NodeKey.parse("key", raw))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo("key"))
                .hasMessageContaining(String.valueOf(NodeKey.MAX_LENGTH));
    }
}
