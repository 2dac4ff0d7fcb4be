package io.pedigree.export;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pedigree.artifacts.BlobStore;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.store.Database;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Full export and restore of an instance: the whole graph, registry, governance, tokens (their hashes), audit log
 * and checkpoints, optionally the artifact bytes, to a directory or a zip of the same files; and back. See
 * docs/export.md for the format.
 */
public final class Backups {

    private final GraphExport export;
    private final GraphImport load;
    /** One import at a time per instance: two would each find the other's staging and delete it. */
    private final AtomicBoolean importing = new AtomicBoolean();

    /**
     * {@code timeout} bounds each streamed read of the export; {@code afterImport} lets the services forget what
     * they remember of the graph the import replaced (cached tokens).
     */
    public Backups(Database db, BlobStore blobs, AuditLog audit, Clock clock, String version, Duration timeout,
                   Runnable afterImport) {
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.export = new GraphExport(db, blobs, clock, version, timeout, json);
        this.load = new GraphImport(db, blobs, audit, json, afterImport);
    }

    /** Writes the export into {@code dir}, which must not exist or be empty. */
    public ExportReport exportTo(Path dir, boolean withArtifacts) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> in = Files.list(dir)) {
                    if (in.findAny().isPresent()) {
                        throw new InvalidInput("out", dir + " is not empty; export into a new or empty directory");
                    }
                }
            }
            Files.createDirectories(dir);
            return export.write(ExportFiles.directory(dir), withArtifacts);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams the export as one zip to {@code out}, which is finished but left open. */
    public ExportReport exportZip(OutputStream out, boolean withArtifacts) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        ExportReport report = export.write(ExportFiles.zip(zip), withArtifacts);
        zip.finish();
        return report;
    }

    /** Loads the export in {@code dir}; see {@link GraphImport}. */
    public ImportReport importFrom(Path dir, boolean merge, String actor) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInput("in", dir + " is not a directory");
        }
        return exclusively(() -> load.load(ExportFiles.directory(dir, "in"), merge, actor));
    }

    /** Loads an export zipped as {@link #exportZip} writes it. */
    public ImportReport importZip(Path zipFile, boolean merge, String actor) {
        ZipFile zip;
        try {
            zip = new ZipFile(zipFile.toFile());
        } catch (IOException e) {
            throw new InvalidInput("body", "not a zip archive: " + e.getMessage());
        }
        try (zip) {
            return exclusively(() -> load.load(ExportFiles.zip(zip, "body"), merge, actor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImportReport exclusively(java.util.function.Supplier<ImportReport> work) {
        if (!importing.compareAndSet(false, true)) {
            throw new Conflict("An import is already running on this instance; wait for it to finish", List.of());
        }
        try {
            return work.get();
        } finally {
            importing.set(false);
        }
    }
}
