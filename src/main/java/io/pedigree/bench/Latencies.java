package io.pedigree.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collected latencies of one measured operation, in nanoseconds, with percentiles and the answers' sizes. */
final class Latencies {

    private final List<Long> nanos = new ArrayList<>();
    private long answerNodes;

    void add(long elapsedNanos, int nodes) {
        nanos.add(elapsedNanos);
        answerNodes += nodes;
    }

    /** The nearest-rank percentile: the smallest sample that at least {@code p} percent of samples do not exceed. */
    double percentileMillis(double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1_000_000.0;
    }

    double meanNodes() {
        return nanos.isEmpty() ? 0 : (double) answerNodes / nanos.size();
    }

    int count() {
        return nanos.size();
    }
}
