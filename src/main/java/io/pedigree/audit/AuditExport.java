package io.pedigree.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Streams audit events to an output stream page by page, flushing after each, so memory stays flat however long
 * the log is. The first page is read before anything is written, so a query that fails at once still gets a
 * proper error answer instead of a truncated file.
 */
final class AuditExport {

    static final List<String> CSV_COLUMNS = List.of("seq", "at", "actor", "action", "target", "targets", "before",
            "after", "reason", "details", "prevHash", "hash");

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final AuditReader reader;
    private final int pageSize;

    AuditExport(AuditReader reader, int pageSize) {
        this.reader = reader;
        this.pageSize = pageSize;
    }

    /** Writes every event {@code query} selects (its limit is ignored); does not close {@code out}. */
    void write(AuditQuery query, ExportFormat format, OutputStream out) throws IOException {
        AuditQuery q = query.withLimit(pageSize);
        AuditPage page = reader.page(q);
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        if (format == ExportFormat.CSV) {
            w.write(Csv.row(CSV_COLUMNS));
        }
        while (true) {
            for (AuditEvent e : page.items()) {
                w.write(format == ExportFormat.CSV ? Csv.row(csvFields(e)) : JSON.writeValueAsString(e) + "\n");
            }
            w.flush();
            if (page.nextCursor() == null) {
                return;
            }
            page = reader.page(q.withCursor(page.nextCursor()));
        }
    }

    /** The CSV fields of an event; lists and details are JSON text, so nothing is lost to the flat format. */
    static List<String> csvFields(AuditEvent e) throws IOException {
        List<String> out = new ArrayList<>();
        out.add(Long.toString(e.seq()));
        out.add(e.at().toString());
        out.add(e.actor());
        out.add(e.action());
        out.add(e.target());
        out.add(JSON.writeValueAsString(e.targets()));
        out.add(e.before());
        out.add(e.after());
        out.add(e.reason());
        out.add(Digest.canonicalJson(e.details()));
        out.add(e.prevHash());
        out.add(e.hash());
        return out;
    }
}
