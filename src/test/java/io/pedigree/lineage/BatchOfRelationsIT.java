package io.pedigree.lineage;

import io.pedigree.testing.Graph;
import io.pedigree.testing.Lineage;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.Statements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.ProblemAssert.assertProblem;
import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of relations alone (the bulk of a large ingest) is one statement per chunk whatever its types: no read
 * of the ends before it and no separate lock of the sources. A missing or retracted end is still named.
 */
class BatchOfRelationsIT extends PedigreeIT {

    @BeforeEach
    void nodes() {
        ok(admin.post("/api/v1/batch", Lineage.of().node("dataset:raw@1").node("dataset:clean@1")
                .node("run:prep@1").node("model:m@1").node("run:train@1").node("dataset:gone@1").body()));
        ok(admin.post("/api/v1/retractions", Map.of("key", "dataset:gone@1", "reason", "recorded in error")));
    }

    private static Batch relations(String... triples) {
        List<RelationInput> out = new ArrayList<>();
        for (int i = 0; i < triples.length; i += 3) {
            out.add(new RelationInput(NodeKey.parse("from", triples[i]), RelationType.valueOf(triples[i + 1]),
                    NodeKey.parse("to", triples[i + 2]), null, null, null));
        }
        return new Batch(List.of(), out);
    }

    @Test
    void relationsOfSeveralTypesAreOneStatementPerChunkWithNoReadBefore() {
        Batch batch = relations("run:prep@1", "USED", "dataset:raw@1",
                "dataset:clean@1", "WAS_GENERATED_BY", "run:prep@1",
                "dataset:clean@1", "DERIVED_FROM", "dataset:raw@1",
                "run:train@1", "USED", "dataset:clean@1",
                "model:m@1", "WAS_GENERATED_BY", "run:train@1");
        List<String> statements = new ArrayList<>();

        WriteSummary first = app.database().write(tx -> app.writer().writeIn(Statements.recording(tx, statements),
                batch, "test", i -> "relations[" + i + "]."));

        assertThat(statements).hasSize(1);
        assertThat(first.relations()).isEqualTo(new WriteSummary.Counts(5, 0, 0));
        assertThat(Graph.count("MATCH (:Model)-[:WAS_GENERATED_BY]->(:Run)-[:USED]->(:Dataset)-[:DERIVED_FROM]->"
                + "(:Dataset)<-[:USED]-(:Run)<-[:WAS_GENERATED_BY]-(:Dataset) RETURN count(*) AS c")).isEqualTo(1);

        statements.clear();
        WriteSummary again = app.database().write(tx -> app.writer().writeIn(Statements.recording(tx, statements),
                batch, "test", i -> "relations[" + i + "]."));

        assertThat(statements).hasSize(1);
        assertThat(again.relations()).isEqualTo(new WriteSummary.Counts(0, 0, 5));
    }

    @Test
    void aMissingOrRetractedEndIsNamedAndNothingIsWritten() {
        long before = Graph.relations();

        assertProblem(admin.post("/api/v1/batch", Lineage.of().rel("run:prep@1", "USED", "dataset:raw@1")
                .rel("run:prep@1", "USED", "dataset:never@1").body()), 400, "relations[1].to");
        assertThat(assertProblem(admin.post("/api/v1/batch", Lineage.of().rel("run:prep@1", "USED", "dataset:raw@1")
                .rel("run:prep@1", "USED", "dataset:gone@1").body()), 409).toString())
                .contains("dataset:gone@1", "retracted");
        assertThat(Graph.relations()).isEqualTo(before);
    }
}
