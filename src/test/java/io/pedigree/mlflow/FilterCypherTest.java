package io.pedigree.mlflow;

import io.pedigree.error.PedigreeException.InvalidInput;
import org.junit.jupiter.api.Test;
import org.neo4j.cypherdsl.core.Statement;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MLflow search filters as the Cypher the searches run: filter, order and paging in one query. */
class FilterCypherTest {

    private static final Filter.Grammar RUNS = new Filter.Grammar(Set.of("status", "start_time", "run_name"),
            Set.of(Filter.TAGS, Filter.PARAMS, Filter.METRICS), true);

    @Test
    void versionSearchFiltersSortsAndPagesInOneQuery() {
        Statement q = ModelVersions.searchQuery(Filter.parse("name = 'fraud' AND tags.team LIKE 'ri%' AND"
                + " version_number = '2'", Set.of("name", "run_id", "source_path", "version_number")),
                List.of("version_number DESC"), 0, 100);
        assertThat(q.getCypher()).isEqualTo("MATCH (m:`RegisteredModel`)-[:`HAS_VERSION`]->(s:`ModelVersion`)"
                + " WHERE (s.mlflowDeleted IS NULL AND s.retiredAt IS NULL AND s.model = $f0 AND coalesce(s.tags, '{}') =~ $f1"
                + " AND s.number = $f2) RETURN s.key AS key ORDER BY s.number DESC, s.model ASC, s.number DESC"
                + " SKIP $skip LIMIT $limit");
        assertThat(q.getCatalog().getParameters()).containsEntry("f0", "fraud").containsEntry("f2", 2L)
                .containsEntry("skip", 0).containsEntry("limit", 101);
    }

    @Test
    void registeredModelSearchFiltersSortsAndPagesInTheDatabaseLeavingDeletedModelsOut() {
        Statement q = RegisteredModels.searchQuery(Filter.parse("name LIKE 'fr%' AND tags.team = 'risk'",
                Set.of("name")), List.of("creation_timestamp DESC"), 200, 100);
        assertThat(q.getCypher()).isEqualTo("MATCH (m:`RegisteredModel`) WHERE (m.retiredAt IS NULL AND"
                + " m.name =~ $f0 AND coalesce(m.tags, '{}') =~ $f1) RETURN m.name AS name"
                + " ORDER BY m.createdAt DESC, m.name ASC SKIP $skip LIMIT $limit");
        assertThat(q.getCatalog().getParameters()).containsEntry("skip", 200).containsEntry("limit", 101);
        assertThat(Pattern.matches((String) q.getCatalog().getParameters().get("f0"), "fraud")).isTrue();
        assertThat(Pattern.matches((String) q.getCatalog().getParameters().get("f0"), "Fraud")).isFalse();
        assertThatThrownBy(() -> RegisteredModels.searchQuery(Filter.ALL, List.of("version_number"), 0, 10))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("order_by");
    }

    @Test
    void runSearchComparesMetricsAsNumbersAndParamsAsStrings() {
        Statement q = RunSearches.query(List.of("1"), Filter.parse("metrics.auc >= 0.9 AND params.lr = '0.01'"
                + " AND attributes.status != 'FAILED' AND start_time > 5", RUNS), List.of("metrics.auc DESC"), 10, 5);
        assertThat(q.getCypher()).isEqualTo("MATCH (r:`MlflowRun`) WHERE (r.experimentId IN $experiments AND"
                + " ((r[$f0k] >= $f0 AND coalesce(r.params, '{}') =~ $f1) AND (r.status IS NULL OR r.status <> $f2)"
                + " AND r.startTime > $f3)) RETURN r AS r ORDER BY r[$o0] DESC, r.startTime DESC, r.id ASC"
                + " SKIP $skip LIMIT $limit");
        assertThat(q.getCatalog().getParameters()).containsEntry("f0", 0.9).containsEntry("f0k", "metric.auc")
                .containsEntry("f3", 5L).containsEntry("o0", "metric.auc").containsEntry("skip", 10)
                .containsEntry("limit", 6);
    }

    @Test
    void experimentSearchMatchesNamesCaseInsensitivelyWithIlike() {
        Statement q = Experiments.searchQuery(Filter.parse("name ILIKE 'fr%' AND tags.k = 'v'",
                new Filter.Grammar(Set.of("name"), Set.of(Filter.TAGS), true)), List.of("name"), 0, 100);
        assertThat(q.getCypher()).isEqualTo("MATCH (e:`MlflowExperiment`) WHERE (e.name =~ $f0 AND"
                + " coalesce(e.tags, '{}') =~ $f1) RETURN e AS e ORDER BY e.name ASC, toInteger(e.id) ASC"
                + " SKIP $skip LIMIT $limit");
        assertThat(Pattern.matches((String) q.getCatalog().getParameters().get("f0"), "Fraud-x")).isTrue();
    }

    @Test
    void tagPatternsMatchOnlyTheKeysOwnValueInTheStoredJson() {
        String json = "{\"note\":\"team \\\"risk\\\"\",\"team\":\"risk-eu\"}";
        assertThat(matches("tags.team = 'risk-eu'", json)).isTrue();
        assertThat(matches("tags.team = 'risk'", json)).isFalse();
        assertThat(matches("tags.team LIKE 'risk%'", json)).isTrue();
        assertThat(matches("tags.team LIKE 'RISK%'", json)).isFalse();
        assertThat(matches("tags.team ILIKE 'RISK%'", json)).isTrue();
        assertThat(matches("tags.team LIKE 'r_sk-eu'", json)).isTrue();
        // A value that looks like another pair, and a quote in a value, are not mistaken for pairs.
        assertThat(matches("tags.note = 'team \"risk\"'", json)).isTrue();
        assertThat(matches("tags.risk = '\\\\'", json)).isFalse();
        assertThat(matches("tags.team IN ('x', 'risk-eu')", json)).isTrue();
        assertThat(matches("tags.owner LIKE '%'", json)).isFalse();
    }

    @Test
    void refusesComparisonsAFieldCannotMake() {
        assertThatThrownBy(() -> RunSearches.query(List.of(), Filter.parse("metrics.auc LIKE '0.9%'", RUNS),
                List.of(), 0, 10)).isInstanceOf(InvalidInput.class).hasMessageContaining("number");
        assertThatThrownBy(() -> RunSearches.query(List.of(), Filter.parse("tags.k > 'a'", RUNS), List.of(), 0, 10))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> RunSearches.query(List.of(), Filter.parse("start_time > 'soon'", RUNS), List.of(),
                0, 10)).hasMessageContaining("number");
        assertThatThrownBy(() -> RunSearches.query(List.of(), Filter.ALL, List.of("params.lr"), 0, 10))
                .hasMessageContaining("order_by");
    }

    private static boolean matches(String filter, String json) {
        Filter.Clause c = Filter.parse(filter, RUNS).clauses().get(0);
        return Pattern.matches(FilterCypher.pairRegex(c), json);
    }
}
