package io.pedigree.export;

/**
 * What an import wrote: nodes created, nodes found already present (merge only), relations created, artifacts
 * stored, and the audit head afterwards.
 */
public record ImportReport(boolean merge, long nodesCreated, long nodesMatched, long relationsCreated,
                           long artifacts, Manifest.AuditMark auditHead, long millis) {
}
