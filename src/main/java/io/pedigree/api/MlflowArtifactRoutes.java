package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.artifacts.BlobContent;
import io.pedigree.mlflow.ArtifactFiles;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.pedigree.api.RequestRules.params;

/**
 * MLflow's artifact proxy under {@code /api/2.0/mlflow-artifacts/}: list, download and upload, which Python's
 * {@code log_model} and {@code load_model} use when the tracking server serves artifacts. Bytes go to Pedigree's
 * content-addressed store; the manifest keeps path to SHA-256.
 */
final class MlflowArtifactRoutes {

    private static final String BASE = "/api/2.0/mlflow-artifacts/artifacts";

    private final ArtifactFiles files;
    private final Consistency consistency;
    private final long maxBytes;

    MlflowArtifactRoutes(ArtifactFiles files, Consistency consistency, long maxBytes) {
        this.files = files;
        this.consistency = consistency;
        this.maxBytes = maxBytes;
    }

    void register(JavalinConfig config) {
        var r = config.routes;
        var c = consistency;
        r.get(BASE, c.wrap(this::list), Access.READER, params("path"));
        r.get(BASE + "/<path>", c.wrap(this::download), Access.READER);
        r.put(BASE + "/<path>", c.wrap(this::upload), Access.WRITER);
    }

    private void list(Context ctx) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ArtifactFiles.Entry e : files.list(ctx.queryParam("path"))) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", e.path());
            f.put("is_dir", e.isDir());
            if (e.fileSize() != null) {
                f.put("file_size", e.fileSize());
                // Not in MLflow's answer (its clients ignore unknown fields): the manifest's content hash.
                f.put("sha256", e.sha256());
            }
            out.add(f);
        }
        ctx.json(Map.of("files", out));
    }

    private void download(Context ctx) {
        BlobContent content = files.open(ctx.pathParam("path"));
        ctx.disableCompression();
        ctx.contentType("application/octet-stream").header("Content-Length", Long.toString(content.length()));
        ctx.result(content.stream());
    }

    private void upload(Context ctx) throws Exception {
        files.put(ctx.pathParam("path"), ctx.req().getInputStream(), ctx.contentType(), maxBytes,
                MlflowRoutes.actor(ctx));
        consistency.bookmark(ctx);
        ctx.json(Map.of());
    }
}
