package io.pedigree.audit;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats the audit log exports to, for audit tooling: JSON Lines and CSV (RFC 4180, with a header row). */
public enum ExportFormat {
    JSONL("jsonl", "application/x-ndjson"),
    CSV("csv", "text/csv; charset=utf-8; header=present");

    private final String id;
    private final String mediaType;

    ExportFormat(String id, String mediaType) {
        this.id = id;
        this.mediaType = mediaType;
    }

    public String id() {
        return id;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format named {@code value} (JSON Lines when none is), reporting an unknown one against {@code field}. */
    public static ExportFormat parse(String field, String value) {
        if (value == null || value.isBlank()) {
            return JSONL;
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new InvalidInput(field, "'" + field + "' must be one of "
                        + Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "))
                        + ", got '" + value + "'"));
    }
}
