package io.pedigree.openlineage;

import io.pedigree.error.PedigreeException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A batch request's events cut into groups, and each event's outcome as the batch answer reports it. */
final class BatchIngest {

    private BatchIngest() {
    }

    /**
     * Applies the events of {@code parsed} (an event, or the error parsing it raised) in groups of {@code group}
     * with {@code apply}, which answers per event an {@link Views.Ingested} or the exception refusing it.
     */
    static List<Views.BatchItem> ingest(List<Object> parsed, int group,
                                        Function<List<OlEvent>, List<Object>> apply) {
        Object[] answers = new Object[parsed.size()];
        List<Integer> positions = new ArrayList<>();
        List<OlEvent> events = new ArrayList<>();
        for (int i = 0; i <= parsed.size(); i++) {
            if (i == parsed.size() || events.size() == group) {
                List<Object> out = apply.apply(events);
                for (int j = 0; j < out.size(); j++) {
                    answers[positions.get(j)] = out.get(j);
                }
                positions.clear();
                events.clear();
            }
            if (i < parsed.size()) {
                if (parsed.get(i) instanceof OlEvent e) {
                    positions.add(i);
                    events.add(e);
                } else {
                    answers[i] = parsed.get(i);
                }
            }
        }
        List<Views.BatchItem> out = new ArrayList<>();
        for (int i = 0; i < answers.length; i++) {
            out.add(item(i, answers[i]));
        }
        return out;
    }

    private static Views.BatchItem item(int i, Object answer) {
        if (answer instanceof Views.Ingested r) {
            return new Views.BatchItem(i, r.status(), r.digest(), null, null, false);
        } else if (answer instanceof PedigreeException.InvalidInput bad) {
            return new Views.BatchItem(i, "invalid", null, bad.detail(), bad.field(), false);
        } else if (answer instanceof PedigreeException.PayloadTooLarge big) {
            return new Views.BatchItem(i, "invalid", null, big.detail(), big.field(), false);
        } else if (answer instanceof PedigreeException.Conflict conflict) {
            return new Views.BatchItem(i, "conflict", null, conflict.detail(), null, false);
        } else if (answer instanceof PedigreeException.Unavailable || answer instanceof PedigreeException.QueryTimeout) {
            return new Views.BatchItem(i, "failed", null, ((PedigreeException) answer).detail(), null, true);
        } else if (answer instanceof RuntimeException other) {
            throw other;
        }
        throw new IllegalStateException("Not an answer: " + answer);
    }
}
