package io.pedigree.lineage;

/** Size limits on what one request may write or ask for, from configuration. */
public record Limits(int maxProperties, int maxStringLength, int maxBatchElements, int maxDepth, int maxNodes,
                     int writeChunk) {
}
