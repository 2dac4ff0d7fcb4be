package io.pedigree.export;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExportQueriesTest {

    @Test
    void aLabelGroupIsReadByItsExactLabels() {
        assertThat(ExportQueries.nodesOf(List.of("Node", "Dataset"))).isEqualTo(
                "MATCH (n:`Node`:`Dataset`) WHERE size(labels(n)) = 2 RETURN elementId(n) AS id, properties(n) AS p");
    }

    @Test
    void relationsTouchingExcludedNodesAreLeftOut() {
        assertThat(ExportQueries.relationsOf("USED", List.of("WebSession"))).isEqualTo(
                "MATCH (a)-[r:`USED`]->(b) WHERE NOT ((a:`WebSession` OR b:`WebSession`)) RETURN elementId(r) AS id,"
                        + " elementId(a) AS s, elementId(b) AS t, properties(r) AS p");
    }

    @Test
    void relationsAreCreatedBetweenStagedNodesAndMergingSkipsEqualOnes() {
        assertThat(ExportQueries.createRelations("USED", false)).isEqualTo(
                "UNWIND $rows AS row MATCH (a:`PedigreeImport` {_importId: row.s}) MATCH (b:`PedigreeImport`"
                        + " {_importId: row.t}) CREATE (a)-[x:`USED`]->(b) SET x = row.p RETURN count(*) AS created");
        assertThat(ExportQueries.createRelations("USED", true)).contains(
                "WHERE NOT (EXISTS { MATCH (a)-[y:`USED`]->(b) WHERE properties(y) = row.p RETURN y })");
    }

    @Test
    void theSwitchGivesABatchOfStagedNodesTheirLabels() {
        assertThat(ExportQueries.flip(List.of("Node", "Dataset"))).isEqualTo(
                "MATCH (n:`PedigreeImport` {_importGroup: $group}) WITH n LIMIT $batch SET n:`Node`:`Dataset`"
                        + " REMOVE n:`PedigreeImport` REMOVE n._importId, n._importGroup RETURN count(n) AS flipped");
    }

    @Test
    void mergingMatchesOnTheLabelsUniqueKey() {
        assertThat(ExportQueries.matchExisting("Node", List.of("key"))).isEqualTo(
                "MATCH (s:`PedigreeImport` {_importGroup: $group}) MATCH (e:`Node`) WHERE (e.key = s.key AND NOT"
                        + " (e:`PedigreeImport`)) SET e:`PedigreeImport` SET e._importId = s._importId,"
                        + " e._importRef = $run DETACH DELETE s RETURN count(*) AS matched");
    }

    @Test
    void aHostileNameFromAManifestStaysAQuotedName() {
        assertThat(ExportQueries.nodesOf(List.of("X`) DETACH DELETE n //")))
                .startsWith("MATCH (n:`X``) DETACH DELETE n //`) WHERE");
        assertThat(ExportQueries.createRelations("T`]->(b) DETACH DELETE a //", false))
                .contains("[x:`T``]->(b) DETACH DELETE a //`]");
    }
}
