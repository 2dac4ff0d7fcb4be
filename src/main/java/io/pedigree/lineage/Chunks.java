package io.pedigree.lineage;

import java.util.ArrayList;
import java.util.List;

/** Splits rows into bounded chunks, one {@code UNWIND} query each. */
final class Chunks {

    private Chunks() {
    }

    static <T> List<List<T>> of(List<T> rows, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += size) {
            out.add(rows.subList(i, Math.min(rows.size(), i + size)));
        }
        return out;
    }
}
