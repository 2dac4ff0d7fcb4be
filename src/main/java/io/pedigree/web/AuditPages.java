package io.pedigree.web;

import io.javalin.http.Context;
import io.javalin.config.JavalinConfig;
import io.pedigree.audit.AuditCursor;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.AuditPage;
import io.pedigree.audit.AuditQuery;

import java.util.LinkedHashMap;
import java.util.Map;

/** The audit log with its filters, page by page, and whether its hash chain verifies. */
final class AuditPages {

    private final AuditLog audit;

    AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    void register(JavalinConfig config) {
        config.routes.get("/audit", this::page, PageRole.READER);
    }

    private void page(Context ctx) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : new String[] {"from", "to", "target", "actor", "action"}) {
            String v = ctx.queryParam(name);
            filters.put(name, v == null ? "" : v.trim());
        }
        AuditQuery query = new AuditQuery(NodeGraphs.instant(filters.get("from")), NodeGraphs.instant(filters.get("to")),
                blankToNull(filters.get("target")), blankToNull(filters.get("actor")),
                blankToNull(filters.get("action")), AuditCursor.decode("cursor", blankToNull(ctx.queryParam("cursor"))),
                AuditQuery.DEFAULT_LIMIT);
        AuditPage page = audit.read(query);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("section", "audit");
        model.put("filters", filters);
        model.put("page", page);
        // Targets that name a node get a link to its page; others (tokens, batches) are shown as they are.
        java.util.Set<String> links = new java.util.HashSet<>();
        for (var e : page.items()) {
            if (e.target() != null) {
                try {
                    io.pedigree.lineage.NodeKey.parse("target", e.target());
                    links.add(e.target());
                } catch (io.pedigree.error.PedigreeException ignored) {
                    // Not a node key.
                }
            }
        }
        model.put("links", links);
        // The whole chain is walked on every view: an audit page that cannot say whether the log is intact is
        // not worth much. It reads in bounded pages, so it costs time on a very long log, not memory.
        model.put("chain", audit.verify());
        ctx.render("audit", model);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
