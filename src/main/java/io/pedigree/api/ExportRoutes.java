package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.export.Backups;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static io.pedigree.api.RequestRules.params;

/**
 * Full export and restore for admins: {@code POST /api/v1/admin/export} answers the export as a zip download;
 * {@code POST /api/v1/admin/import} takes that zip as its body, keeps it on disk while every file is checked, and
 * loads it.
 */
final class ExportRoutes {

    private final Backups backups;

    ExportRoutes(Backups backups) {
        this.backups = backups;
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
        // A zip is read by its directory at the end, and every file twice (checked, then loaded): spool it first.
        Path spooled = Files.createTempFile("pedigree-import", ".zip");
        try {
            try (InputStream in = ctx.bodyInputStream()) {
                Files.copy(in, spooled, StandardCopyOption.REPLACE_EXISTING);
            }
            ctx.json(backups.importZip(spooled, merge, Access.principal(ctx).name()));
        } finally {
            Files.deleteIfExists(spooled);
        }
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
