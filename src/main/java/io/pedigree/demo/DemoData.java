package io.pedigree.demo;

import io.pedigree.lineage.Batch;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.WriteSummary;

/**
 * The demo lineage: a credit-fraud classifier and a RAG support assistant, told between 2026-08-01 and
 * 2026-11-15 as one batch with fixed timestamps, so loading it again changes nothing.
 */
public final class DemoData {

    public static final String ACTOR = "demo";

    private DemoData() {
    }

    /** The whole demo as one batch; equal on every call. */
    public static Batch batch() {
        DemoGraph g = new DemoGraph();
        People.addTo(g);
        FraudStory.addTo(g);
        RagStory.addTo(g);
        return g.batch();
    }

    /** Writes the demo atomically as {@value #ACTOR}. */
    public static WriteSummary load(GraphWriter writer) {
        return writer.write(batch(), ACTOR);
    }
}
