package io.pedigree.lineage;

import java.util.List;

/** One page of a listing; pass {@code nextCursor} back to get the next page, null on the last one. */
public record Page<T>(List<T> items, String nextCursor) {
}
