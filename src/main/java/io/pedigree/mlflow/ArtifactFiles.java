package io.pedigree.mlflow;

import io.pedigree.artifacts.Artifact;
import io.pedigree.artifacts.Artifacts;
import io.pedigree.artifacts.BlobContent;
import io.pedigree.artifacts.Sha256;
import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.store.Database;
import org.neo4j.driver.TransactionContext;

import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * MLflow's artifact proxy on Pedigree's content-addressed store: each file's bytes are stored once by SHA-256 (two
 * runs logging the same weights share them), and a manifest maps every MLflow artifact path to its SHA-256.
 */
public final class ArtifactFiles {

    // A file a registered version holds keeps its content: replacing it would change what get-download-uri serves
    // under an approval bound to the old bytes. Uploading the same bytes again (a retry) still answers success.
    private static final String PUT = """
            MERGE (f:MlflowArtifactFile {path: $path})
            WITH f, f.sha256 AS before, f.version AS version
            FOREACH (_ IN CASE WHEN version IS NULL OR before = $sha256 THEN [1] ELSE [] END |
                SET f.sha256 = $sha256, f.size = $size, f.uploadedAt = $now, f.uploadedBy = $actor)
            RETURN before, version
            """;

    private static final String PIN = """
            UNWIND $paths AS path
            MATCH (f:MlflowArtifactFile {path: path})
            SET f.version = coalesce(f.version, $version)
            """;

    private static final String ONE = """
            MATCH (f:MlflowArtifactFile {path: $path})
            RETURN f.sha256 AS sha256, f.size AS size
            """;

    private static final String UNDER = """
            MATCH (f:MlflowArtifactFile)
            WHERE $prefix = '' OR f.path STARTS WITH $prefix
            RETURN f.path AS path, f.size AS size, f.sha256 AS sha256
            ORDER BY path
            """;

    private final Database db;
    private final Artifacts artifacts;
    private final AuditLog audit;
    private final Clock clock;

    public ArtifactFiles(Database db, Artifacts artifacts, AuditLog audit, Clock clock) {
        this.db = db;
        this.artifacts = artifacts;
        this.audit = audit;
        this.clock = clock;
    }

    /** A file or directory directly under a listed path, as MLflow lists them. */
    public record Entry(String path, boolean isDir, Long fileSize, String sha256) {
    }

    /** A file of the manifest: its MLflow path and the SHA-256 of its content. */
    public record File(String path, String sha256, long size) {
    }

    /** Stores {@code content} at {@code path}; uploading it again (a client retry) changes nothing. */
    public File put(String path, InputStream content, String mediaType, long maxBytes, String actor) {
        String p = checkPath(path);
        Artifact a = artifacts.upload(content, Optional.empty(), mediaType, maxBytes, actor);
        db.write(tx -> {
            var r = tx.run(PUT, Map.of("path", p, "sha256", a.sha256(), "size", a.size(),
                    "now", clock.instant().toEpochMilli(), "actor", actor)).single();
            String before = r.get("before").asString(null);
            if (!r.get("version").isNull() && !a.sha256().equals(before)) {
                throw new Conflict("The file at " + p + " belongs to " + r.get("version").asString() + " and keeps its"
                        + " content; log the changed model under a new path and register a new version",
                        List.of());
            }
            if (!a.sha256().equals(before)) {
                audit.append(tx, actor, new AuditEntry("mlflow.artifact.put", a.key(), List.of(), before, a.sha256(),
                        null, Map.of("path", p)));
            }
            return null;
        });
        return new File(p, a.sha256(), a.size());
    }

    public BlobContent open(String path) {
        File f = file(checkPath(path)).orElseThrow(() -> new NotFound("path", "No artifact at " + path));
        return artifacts.open(Sha256.parse("sha256", f.sha256()), Optional.empty());
    }

    public Optional<File> file(String path) {
        return db.read(tx -> tx.run(ONE, Map.of("path", path)).stream().findFirst()
                .map(r -> new File(path, r.get("sha256").asString(), r.get("size").asLong())));
    }

    /** The manifest under a directory: every file's path and SHA-256. */
    public List<File> manifest(String dir) {
        return db.read(tx -> manifestIn(tx, dir));
    }

    /** The manifest under {@code dir}, read in the caller's transaction. */
    static List<File> manifestIn(TransactionContext tx, String dir) {
        String prefix = dir == null || dir.isEmpty() ? "" : checkPath(dir) + "/";
        return tx.run(UNDER, Map.of("prefix", prefix)).list(r -> new File(r.get("path").asString(),
                r.get("sha256").asString(), r.get("size").asLong()));
    }

    /** Marks the files as held by {@code version}: from now on their content stays what the version registered. */
    static void pinIn(TransactionContext tx, List<File> files, String version) {
        tx.run(PIN, Map.of("paths", files.stream().map(File::path).toList(), "version", version)).consume();
    }

    /** The files and directories directly under {@code dir}, paths relative to it, as MLflow's list answers. */
    public List<Entry> list(String dir) {
        String prefix = dir == null || dir.isEmpty() ? "" : checkPath(dir) + "/";
        Map<String, Entry> out = new TreeMap<>();
        for (File f : manifest(dir)) {
            String rest = f.path().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                out.put(rest, new Entry(rest, false, f.size(), f.sha256()));
            } else {
                out.putIfAbsent(rest.substring(0, slash), new Entry(rest.substring(0, slash), true, null, null));
            }
        }
        return new ArrayList<>(out.values());
    }

    /** Artifact paths are relative and never climb out of their directory. */
    static String checkPath(String raw) {
        String p = raw == null ? "" : raw.replaceAll("^/+|/+$", "");
        if (p.isEmpty() || p.length() > 1024 || p.contains("\\") || p.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidInput("path", "An artifact path is a relative path like 1/<run>/artifacts/model/MLmodel");
        }
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new InvalidInput("path", "An artifact path has no empty, '.' or '..' parts");
            }
        }
        return p;
    }
}
