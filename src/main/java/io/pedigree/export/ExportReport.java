package io.pedigree.export;

/** What an export wrote: node and relation rows, artifact files, and the manifest's audit head. */
public record ExportReport(long nodes, long relations, long artifacts, long bytes, Manifest.AuditMark auditHead,
                           long millis) {
}
