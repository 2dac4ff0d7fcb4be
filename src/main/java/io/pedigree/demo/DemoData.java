package io.pedigree.demo;

import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.WriteSummary;

/** The demo lineage (placeholder until the demo stories land). */
public final class DemoData {
    private DemoData() {
    }

    public static WriteSummary load(GraphWriter writer) {
        throw new UnsupportedOperationException("demo data not written yet");
    }
}
