package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.fields.FieldBatch;
import io.pedigree.fields.FieldWriter;
import io.pedigree.lineage.NodeKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FieldPartsTest {

    private static final String PG = "postgres://db:5432";
    private static final NodeKey STG = NodeKey.parse("key", "dataset:{" + PG + "}stg@schema-abc");
    private static final NodeKey PLACEHOLDER = NodeKey.parse("key", "dataset:{" + PG + "}stg@unversioned");

    private static ObjectNode facets() {
        Events e = Events.run("COMPLETE", "2026-10-01T10:00:00Z", "dbt", "m", "0196a5d2-0000-7000-8000-000000000001")
                .output(PG, "stg").outputSchema("amount numeric")
                .columnLineage("amount", PG, "raw", "amount", "DIRECT", "IDENTITY");
        return e.lastOutputFacets();
    }

    private static RunSummary.Mention mention(boolean output, ObjectNode facets, Instant first) {
        return new RunSummary.Mention(new OlEvent.Identity(PG, "stg"), output, first, List.of(),
                facets.get("schema").get("fields"), facets, EventParser.JSON.createObjectNode());
    }

    @Test
    void anOutputsSchemaGivesItsVersionFieldsAndItsColumnLineageDerivations() {
        FieldBatch b = FieldParts.mention("run:r", mention(true, facets(), Instant.EPOCH), List.of(STG), false,
                "$.outputs").dated().batch();

        assertThat(b.datasets()).extracting(FieldBatch.DatasetFields::version).containsExactly(STG);
        assertThat(b.derivations()).hasSize(1);
    }

    @Test
    void aPlaceholderGetsNoFieldsButItsDerivationsCount() {
        ObjectNode f = facets();
        f.remove("schema");
        FieldBatch b = FieldParts.mention("run:r", new RunSummary.Mention(new OlEvent.Identity(PG, "stg"), true,
                Instant.EPOCH, List.of(), null, f, EventParser.JSON.createObjectNode()), List.of(PLACEHOLDER), true,
                "$.outputs").dated().batch();

        assertThat(b.datasets()).isEmpty();
        assertThat(b.derivations()).hasSize(1);
    }

    @Test
    void anInputsColumnLineageIsNotItsOwnDerivations() {
        FieldBatch b = FieldParts.mention("run:r", mention(false, facets(), Instant.EPOCH), List.of(STG), false,
                "$.inputs").dated().batch();

        assertThat(b.datasets()).hasSize(1);
        assertThat(b.derivations()).isEmpty();
    }

    @Test
    void partsAreRecordedOldestFirstWithoutEmptyOnes() {
        FieldParts.Part later = FieldParts.mention("run:a", mention(true, facets(), Instant.parse("2026-10-02T00:00:00Z")),
                List.of(STG), false, "$.outputs");
        FieldParts.Part earlier = FieldParts.mention("run:b", mention(true, facets(),
                Instant.parse("2026-10-01T00:00:00Z")), List.of(STG), false, "$.outputs");
        FieldParts.Part empty = FieldParts.mention("run:c", new RunSummary.Mention(new OlEvent.Identity(PG, "x"),
                true, Instant.EPOCH, List.of(), null, EventParser.JSON.createObjectNode(),
                EventParser.JSON.createObjectNode()), List.of(PLACEHOLDER), true, "$.outputs");

        List<FieldWriter.Dated> ordered = FieldParts.ordered(List.of(later, empty, earlier));

        assertThat(ordered).containsExactly(earlier.dated(), later.dated());
    }
}
