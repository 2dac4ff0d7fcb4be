package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.config.ImportLimits;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;
import io.pedigree.export.Backups;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.pedigree.api.RequestRules.params;

/**
 * Full export and restore for admins: {@code POST /api/v1/admin/export} answers the export as a zip download;
 * {@code POST /api/v1/admin/import} takes that zip as its body (at most PEDIGREE_IMPORT_MAX_BYTES), keeps it on
 * disk while every file is checked, and loads it.
 */
final class ExportRoutes {

    private final Backups backups;
    private final ImportLimits limits;

    ExportRoutes(Backups backups, ImportLimits limits) {
        this.backups = backups;
        this.limits = limits;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        r.post("/api/v1/admin/export", this::export, Access.ADMIN, params("withArtifacts"));
        r.post("/api/v1/admin/import", this::importZip, Access.ADMIN, params("merge"));
    }

    private void export(Context ctx) throws IOException {
        boolean withArtifacts = flag(ctx, "withArtifacts");
        // Headers only once the graph is known to be one state: a refusal before that is a problem+json 409.
        backups.exportZip(() -> {
            ctx.header("Content-Disposition", "attachment; filename=\"pedigree-export.zip\"");
            ctx.contentType("application/zip");
            return ctx.outputStream();
        }, withArtifacts);
    }

    private void importZip(Context ctx) throws IOException {
        boolean merge = flag(ctx, "merge");
        long declared = ctx.req().getContentLengthLong();
        if (declared > limits.maxBytes()) {
            try (InputStream in = ctx.bodyInputStream()) {
                Overflow.dropIfNear(in, declared, limits.maxBytes());
            }
            throw tooLarge();
        }
        // A zip is read by its directory at the end, and every file twice (checked, then loaded): spool it first,
        // stopping at the limit when the body did not say its length.
        Path spooled = Files.createTempFile("pedigree-import", ".zip");
        try {
            try (InputStream in = ctx.bodyInputStream(); OutputStream out = Files.newOutputStream(spooled)) {
                byte[] buffer = new byte[1 << 16];
                long total = 0;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    total += n;
                    if (total > limits.maxBytes()) {
                        // Read (and drop) a little more so the client hears its 413 rather than a reset.
                        Overflow.drain(in, limits.maxBytes());
                        throw tooLarge();
                    }
                    out.write(buffer, 0, n);
                }
            }
            ctx.json(backups.importZip(spooled, merge, Access.principal(ctx).name(), limits));
        } finally {
            Files.deleteIfExists(spooled);
        }
    }

    private PayloadTooLarge tooLarge() {
        return new PayloadTooLarge("body", "An export zip of at most " + limits.maxBytes() + " bytes is accepted"
                + " (PEDIGREE_IMPORT_MAX_BYTES); import a larger one with the import command");
    }

    private static boolean flag(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true")) {
            return true;
        }
        throw new InvalidInput(name, "'" + name + "' is true or false");
    }
}
