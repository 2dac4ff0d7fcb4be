package io.pedigree.artifacts;

import java.util.List;

/** What garbage collection found unused (and, unless it was a dry run, deleted). */
public record GcReport(boolean dryRun, String olderThan, List<String> unused, long unusedBytes, List<String> deleted) {
}
