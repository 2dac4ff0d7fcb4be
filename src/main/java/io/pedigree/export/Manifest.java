package io.pedigree.export;

import java.time.Instant;
import java.util.List;

/**
 * What an export holds, written last as {@code manifest.json}: the instance's schema version and audit head, and
 * every file with its kind, labels or relation type, row count, size and SHA-256.
 */
public record Manifest(String format, int formatVersion, String pedigreeVersion, int schemaVersion,
                       Instant exportedAt, AuditMark auditHead, boolean withArtifacts, List<Entry> files) {

    public static final String FORMAT = "pedigree-export";
    public static final int FORMAT_VERSION = 1;
    public static final String FILE = "manifest.json";

    /** The audit chain's head when the export began. */
    public record AuditMark(long seq, String hash) {
    }

    /** One file: {@code nodes} (one label group), {@code relations} (one type) or an {@code artifact}'s bytes. */
    public record Entry(String path, String kind, List<String> labels, String type, long count, long bytes,
                        String sha256) {
        public static final String NODES = "nodes";
        public static final String RELATIONS = "relations";
        public static final String ARTIFACT = "artifact";
    }
}
