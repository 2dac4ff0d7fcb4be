package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertiesTest {

    private static final Limits LIMITS = new Limits(4, 64, 100, 50, 1000, 10);

    private static Properties of(Map<String, Object> raw) {
        return Properties.of("properties", raw, LIMITS);
    }

    @Test
    void equalContentHashesEqualWhateverTheOrderOfNames() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", Map.of("y", 2, "x", 1));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", Map.of("x", 1, "y", 2));
        ba.put("a", 1);

        assertThat(of(ab)).isEqualTo(of(ba));
        assertThat(of(ab).contentHash("model:m@1")).isEqualTo(of(ba).contentHash("model:m@1"));
        assertThat(of(ab).toJson()).isEqualTo("{\"a\":1,\"b\":{\"x\":1,\"y\":2}}");
    }

    @Test
    void contentHashCoversTheKeyAndEveryValue() {
        Properties p = of(Map.of("team", "fraud"));

        assertThat(p.contentHash("model:m@1")).isNotEqualTo(p.contentHash("model:m@2"));
        assertThat(p.contentHash("model:m@1")).isNotEqualTo(of(Map.of("team", "risk")).contentHash("model:m@1"));
        assertThat(p.contentHash("model:m@1")).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void noPropertiesAreEmptyAndEqualToAnEmptyMap() {
        assertThat(of(null)).isSameAs(Properties.EMPTY);
        assertThat(of(Map.of())).isEqualTo(Properties.EMPTY);
        assertThat(Properties.EMPTY.toJson()).isEqualTo("{}");
    }

    @Test
    void storedJsonReadsBackToEqualProperties() {
        Properties p = of(Map.of("epochs", 10, "tags", List.of("pii", "eu"), "config", Map.of("lr", 0.01)));

        assertThat(Properties.fromJson(p.toJson())).isEqualTo(p);
        assertThat(Properties.fromJson(null)).isEqualTo(Properties.EMPTY);
    }

    @Test
    void scalarsAndUniformScalarListsGetSearchableNativeCopies() {
        Map<String, Object> raw = new HashMap<>();
        raw.put("team", "fraud");
        raw.put("epochs", 10);
        raw.put("tags", List.of("pii", "eu"));
        raw.put("config", Map.of("lr", 0.01));
        Properties p = Properties.of("properties", raw, new Limits(10, 64, 100, 50, 1000, 10));

        assertThat(p.nativeValues()).containsOnlyKeys("p.team", "p.epochs", "p.tags");
        assertThat(p.nativeValues().get("p.tags")).isEqualTo(List.of("pii", "eu"));
    }

    @Test
    void mixedAndEmptyListsGetNoNativeCopy() {
        Properties p = of(Map.of("mixed", List.of("a", 1), "empty", List.of(), "numbers", List.of(1, 2.5)));

        assertThat(p.nativeValues()).containsOnlyKeys("p.numbers");
    }

    @Test
    void differencesNameEachChangedPropertyWithBothValues() {
        Properties recorded = of(Map.of("team", "fraud", "epochs", 10, "same", true));
        Properties given = of(Map.of("team", "risk", "same", true, "extra", "x"));

        assertThat(recorded.differences(given)).containsExactly(
                diff("epochs", 10, null), diff("extra", null, "x"), diff("team", "fraud", "risk"));
    }

    @Test
    void tooManyPropertiesAreTooLargeNamingTheField() {
        Map<String, Object> raw = Map.of("a", 1, "b", 2, "c", 3, "d", 4, "e", 5);

        assertThatThrownBy(() -> Properties.of("nodes[2].properties", raw, LIMITS))
                .isInstanceOfSatisfying(PayloadTooLarge.class,
                        e -> assertThat(e.field()).isEqualTo("nodes[2].properties"));
    }

    @Test
    void tooLongStringsAreTooLargeNamingThePathToTheValue() {
        String longText = "x".repeat(65);

        assertThatThrownBy(() -> of(Map.of("notes", longText)))
                .isInstanceOfSatisfying(PayloadTooLarge.class,
                        e -> assertThat(e.field()).isEqualTo("properties.notes"));
        assertThatThrownBy(() -> of(Map.of("cfg", List.of(Map.of("text", longText)))))
                .isInstanceOfSatisfying(PayloadTooLarge.class,
                        e -> assertThat(e.field()).isEqualTo("properties.cfg[0].text"));
        assertThat(of(Map.of("notes", "x".repeat(64))).values()).containsKey("notes");
    }

    @Test
    void badNamesNullsAndHugeNumbersAreInvalidNamingTheField() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("owner", null);

        assertInvalid(Map.of("bad name", 1), "properties.bad name");
        assertInvalid(Map.of("1st", 1), "properties.1st");
        assertInvalid(withNull, "properties.owner");
        assertInvalid(Map.of("big", new BigInteger("123456789012345678901234567890")), "properties.big");
    }

    @Test
    void valuesNestedDeeperThanSixteenLevelsAreInvalid() {
        Object deep = "leaf";
        for (int i = 0; i < 18; i++) {
            List<Object> wrap = new ArrayList<>();
            wrap.add(deep);
            deep = wrap;
        }
        Object value = deep;

        assertThatThrownBy(() -> of(Map.of("deep", value)))
                .isInstanceOf(InvalidInput.class)
                .hasMessageContaining("16");
    }

    private static void assertInvalid(Map<String, Object> raw, String field) {
        assertThatThrownBy(() -> of(raw))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private static Map<String, Object> diff(String property, Object recorded, Object given) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("property", property);
        d.put("recorded", recorded);
        d.put("given", given);
        return d;
    }
}
