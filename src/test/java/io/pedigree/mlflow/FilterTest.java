package io.pedigree.mlflow;

import io.pedigree.error.PedigreeException.InvalidInput;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterTest {

    private static final Set<String> ATTRS = Set.of("name", "run_id", "source_path");

    private static boolean matches(String filter, Map<String, String> attrs, Map<String, String> tags) {
        return Filter.parse(filter, ATTRS).test(attrs, tags);
    }

    @Test
    void parsesClausesJoinedByAndWithEveryComparator() {
        Filter f = Filter.parse("name = 'fraud' and run_id IN ('a', \"b\") AND tags.team ILIKE 'RISK%'"
                + " AND source_path != 's3://x' AND tags.`my key` LIKE '_1'", ATTRS);
        assertThat(f.clauses()).extracting(Filter.Clause::op).containsExactly(Filter.Op.EQ, Filter.Op.IN,
                Filter.Op.ILIKE, Filter.Op.NE, Filter.Op.LIKE);
        assertThat(f.clauses().get(1).values()).isEqualTo(List.of("a", "b"));
        assertThat(f.clauses().get(4).key()).isEqualTo("my key");
    }

    @Test
    void likeIsCaseSensitiveAndIlikeIsNot() {
        Map<String, String> attrs = Map.of("name", "Fraud-Model");
        assertThat(matches("name LIKE 'Fraud%'", attrs, Map.of())).isTrue();
        assertThat(matches("name LIKE 'fraud%'", attrs, Map.of())).isFalse();
        assertThat(matches("name ILIKE 'fraud%'", attrs, Map.of())).isTrue();
        assertThat(matches("name LIKE 'Fraud_Model'", attrs, Map.of())).isTrue();
        // Regex characters in a pattern are literal.
        assertThat(matches("name LIKE 'Fraud.Model'", attrs, Map.of())).isFalse();
    }

    @Test
    void tagsAndMissingValuesCompareAsMlflowDoes() {
        assertThat(matches("tags.team = 'risk'", Map.of(), Map.of("team", "risk"))).isTrue();
        assertThat(matches("tags.team = 'risk'", Map.of(), Map.of())).isFalse();
        assertThat(matches("tags.team != 'risk'", Map.of(), Map.of())).isTrue();
        assertThat(matches("run_id IN ('r1','r2')", Map.of("run_id", "r2"), Map.of())).isTrue();
    }

    @Test
    void quotedStringsMayHoldDoubledQuotes() {
        assertThat(matches("name = 'it''s'", Map.of("name", "it's"), Map.of())).isTrue();
    }

    @Test
    void refusesWhatTheGrammarDoesNotAllow() {
        assertThatThrownBy(() -> Filter.parse("name = 'a' OR name = 'b'", ATTRS)).isInstanceOf(InvalidInput.class)
                .hasMessageContaining("AND");
        assertThatThrownBy(() -> Filter.parse("owner = 'a'", ATTRS)).hasMessageContaining("Unknown attribute");
        assertThatThrownBy(() -> Filter.parse("name > 'a'", ATTRS)).hasMessageContaining("comparator");
        assertThatThrownBy(() -> Filter.parse("name = a", ATTRS)).hasMessageContaining("quoted");
        assertThatThrownBy(() -> Filter.parse("name = 'a", ATTRS)).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> Filter.parse("run_id IN ('a'", ATTRS)).hasMessageContaining("')'");
    }

    @Test
    void anEmptyFilterMatchesEverything() {
        assertThat(Filter.parse("  ", ATTRS).clauses()).isEmpty();
        assertThat(Filter.parse(null, ATTRS).test(Map.of(), Map.of())).isTrue();
    }

    @Test
    void runFiltersCompareNumbersAndNameTheirScope() {
        Filter.Grammar runs = new Filter.Grammar(Set.of("status", "start_time"), Set.of(Filter.TAGS, Filter.PARAMS,
                Filter.METRICS), true);
        Filter f = Filter.parse("metrics.`val loss` <= 0.5 and params.lr = '0.01' and attributes.start_time > 17"
                + " and metric.auc == 1e-1 and status != 'FAILED'", runs);
        assertThat(f.clauses()).extracting(Filter.Clause::op).containsExactly(Filter.Op.LE, Filter.Op.EQ,
                Filter.Op.GT, Filter.Op.EQ, Filter.Op.NE);
        assertThat(f.clauses()).extracting(Filter.Clause::attribute).containsExactly("metrics", "params",
                "start_time", "metrics", "status");
        assertThat(f.clauses().get(0).key()).isEqualTo("val loss");
        assertThat(f.clauses().get(3).values()).containsExactly("1e-1");
        assertThatThrownBy(() -> Filter.parse("metrics.auc > abc", runs)).hasMessageContaining("quoted");
    }
}
