package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.pedigree.audit.AuditCursor;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.AuditQuery;
import io.pedigree.audit.Checkpoints;
import io.pedigree.audit.ExportFormat;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.NodeKey;

import java.io.IOException;
import java.util.function.UnaryOperator;

import static io.pedigree.api.RequestRules.params;

/**
 * The audit log under {@code /api/v1/audit}: read, verify, export. Only GET routes exist, so the log is
 * append-only through the API: any other method answers 405.
 */
final class AuditRoutes {

    /** The query parameters that select events, in the list and the export alike. */
    private static final String[] FILTERS = {"from", "to", "target", "actor", "action", "cursor"};

    private final AuditLog audit;
    private final Checkpoints checkpoints;
    private final UnaryOperator<Handler> consistent;

    /** {@code consistent} wraps a handler so it honours the client's bookmarks, as every other read does. */
    AuditRoutes(AuditLog audit, Checkpoints checkpoints, UnaryOperator<Handler> consistent) {
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.consistent = consistent;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        Access.Needs reader = Access.READER;
        r.get("/api/v1/audit", consistent.apply(this::list), reader, params(FILTERS, "limit"));
        r.get("/api/v1/audit/verify", consistent.apply(this::verify), reader, params("fromSeq", "toSeq"));
        r.get("/api/v1/audit/export", consistent.apply(this::export), reader, params(FILTERS, "format"));
    }

    private void list(Context ctx) {
        ctx.json(audit.read(query(ctx, Params.bounded(ctx, "limit", AuditQuery.DEFAULT_LIMIT, 1,
                AuditQuery.MAX_LIMIT))));
    }

    private void verify(Context ctx) {
        Long first = seq(ctx, "fromSeq");
        Long last = seq(ctx, "toSeq");
        if (first != null && last != null && last < first) {
            throw new InvalidInput("toSeq", "'toSeq' must not be before 'fromSeq'");
        }
        // Checked against the signed checkpoints kept in the graph too; POST takes checkpoints held elsewhere.
        ctx.json(checkpoints.verify(audit, first == null ? 1 : first, last, java.util.List.of()));
    }

    private void export(Context ctx) throws IOException {
        ExportFormat format = ExportFormat.parse("format", ctx.queryParam("format"));
        AuditQuery query = query(ctx, AuditQuery.MAX_LIMIT);
        ctx.contentType(format.mediaType());
        ctx.header("Content-Disposition", "attachment; filename=\"pedigree-audit." + format.id() + "\"");
        audit.export(query, format, ctx.outputStream());
    }

    private static AuditQuery query(Context ctx, int limit) {
        return new AuditQuery(Params.instant(ctx, "from"), Params.instant(ctx, "to"), target(ctx),
                Params.optional(ctx, "actor"), Params.optional(ctx, "action"),
                AuditCursor.decode("cursor", Params.optional(ctx, "cursor")), limit);
    }

    /** A node key is matched in its canonical form, as events store it; any other target (a token) as given. */
    private static String target(Context ctx) {
        String v = Params.optional(ctx, "target");
        if (v == null) {
            return null;
        }
        try {
            return NodeKey.parse("target", v).toString();
        } catch (InvalidInput notAKey) {
            return v;
        }
    }

    private static Long seq(Context ctx, String name) {
        Integer v = Params.integer(ctx, name);
        if (v != null && v < 1) {
            throw new InvalidInput(name, "'" + name + "' must be 1 or more, got " + v);
        }
        return v == null ? null : v.longValue();
    }
}
