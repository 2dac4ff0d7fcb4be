package io.pedigree.demo;

import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.openlineage.EventParser;
import io.pedigree.openlineage.OpenLineage;
import io.pedigree.openlineage.Views;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The OpenLineage-fed part of the demo: a dbt project that builds the fraud model's feature tables, sent as the
 * events {@code dbt-ol run} emits, and joined to the registry: the training run of fraud-detector version 4 (in
 * production) used the two feature tables the dbt models built. Loading it again changes nothing.
 */
public final class OpenLineageDemo {

    static final String EVENTS = "/demo/openlineage-dbt-fraud-features.ndjson";
    private static final NodeKey TRAINING = NodeKey.parse("key", "run:train-fraud-detector@2026-10-14");
    private static final String[] FEATURE_RUNS = {"0196a5d2-d0b7-7000-8000-000000000012",
            "0196a5d2-d0b7-7000-8000-000000000013"};

    private OpenLineageDemo() {
    }

    /** Sends the dbt events and links version 4's training run to the feature tables; answers events created. */
    public static int load(OpenLineage ol, GraphWriter writer) {
        int created = 0;
        for (String line : lines()) {
            if (!line.isBlank() && ol.ingest(EventParser.parse(line), DemoData.ACTOR).created()) {
                created++;
            }
        }
        // Events are applied just after they are accepted; the links below need the runs applied.
        ol.awaitApplied(java.time.Duration.ofMinutes(2));
        for (String runId : FEATURE_RUNS) {
            Views.RunView run = ol.run(ol.runKey(runId), 0);
            for (Views.DatasetRef out : run.outputs()) {
                writer.writeRelation(new RelationInput(TRAINING, RelationType.USED,
                        NodeKey.parse("key", out.key()), Instant.parse("2026-10-14T09:00:00Z"), null,
                        Properties.EMPTY), DemoData.ACTOR);
            }
        }
        return created;
    }

    private static String[] lines() {
        try (InputStream in = OpenLineageDemo.class.getResourceAsStream(EVENTS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
