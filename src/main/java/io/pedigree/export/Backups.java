package io.pedigree.export;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pedigree.artifacts.BlobStore;
import io.pedigree.audit.AuditLog;
import io.pedigree.config.ImportLimits;
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
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Full export and restore of an instance: the whole graph, registry, governance, tokens (their hashes), audit log
 * and checkpoints, optionally the artifact bytes, to a directory or a zip of the same files; and back. See
 * docs/export.md for the format.
 */
public final class Backups {

    /** How often an export reads the graph again when writes land while it reads, before it gives up. */
    static final int EXPORT_ATTEMPTS = 3;

    private final Database db;
    private final BlobStore blobs;
    private final AuditLog audit;
    private final Clock clock;
    private final String version;
    private final Duration timeout;
    private final Runnable afterImport;
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
        this(db, blobs, audit, clock, version, timeout, afterImport, Seams.NONE);
    }

    private Backups(Database db, BlobStore blobs, AuditLog audit, Clock clock, String version, Duration timeout,
                    Runnable afterImport, Seams seams) {
        this.db = db;
        this.blobs = blobs;
        this.audit = audit;
        this.clock = clock;
        this.version = version;
        this.timeout = timeout;
        this.afterImport = afterImport;
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.export = new GraphExport(db, blobs, clock, version, timeout, json, EXPORT_ATTEMPTS,
                seams.afterExportRead());
        this.load = new GraphImport(db, blobs, json, afterImport, new ImportSwitch(db, audit, seams.importStep()));
    }

    /**
     * Points where a test steps in: after an export has read the graph and before it checks that nothing was
     * committed meanwhile; and at each named step of an import's final switch.
     */
    record Seams(Runnable afterExportRead, java.util.function.Consumer<String> importStep) {
        static final Seams NONE = new Seams(() -> { }, step -> { });
    }

    /** The same backups with {@code seams}: for tests that write during an export or stop an import half-way. */
    Backups withSeams(Seams seams) {
        return new Backups(db, blobs, audit, clock, version, timeout, afterImport, seams);
    }

    /**
     * Finishes an import that a stopped process left during its final switch, or removes one it left before that;
     * run at start, before anything else writes. Answers what it did, if anything.
     */
    public static Optional<String> recoverInterruptedImport(Database db, AuditLog audit) {
        return new ImportSwitch(db, audit, step -> { }).recover();
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
            long started = System.nanoTime();
            GraphExport.Snapshot graph = export.graph(dir);
            return export.finish(graph, dir, ExportFiles.directory(dir), false, withArtifacts, started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Streams the export as one zip to the stream {@code out} gives, which is finished but left open. The graph's
     * files are read into a temporary directory first, so that an export refused for writes landing meanwhile is
     * refused before {@code out} is asked for and a byte is sent.
     */
    public ExportReport exportZip(Supplier<OutputStream> out, boolean withArtifacts) throws IOException {
        long started = System.nanoTime();
        Path dir = Files.createTempDirectory("pedigree-export");
        try {
            GraphExport.Snapshot graph = export.graph(dir);
            ZipOutputStream zip = new ZipOutputStream(out.get());
            ExportReport report = export.finish(graph, dir, ExportFiles.zip(zip), true, withArtifacts, started);
            zip.finish();
            return report;
        } finally {
            ExportFiles.deleteTree(dir);
        }
    }

    /** Loads the export in {@code dir}; see {@link GraphImport}. */
    public ImportReport importFrom(Path dir, boolean merge, String actor) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInput("in", dir + " is not a directory");
        }
        return exclusively(() -> load.load(ExportFiles.directory(dir, "in"), merge, actor));
    }

    /**
     * Loads an export zipped as {@link #exportZip} writes it, once the zip is known to stay within {@code limits}
     * (files, inflated size) and to name no path outside itself.
     */
    public ImportReport importZip(Path zipFile, boolean merge, String actor, ImportLimits limits) {
        ZipFile zip;
        try {
            zip = new ZipFile(zipFile.toFile());
        } catch (IOException e) {
            throw new InvalidInput("body", "not a zip archive: " + e.getMessage());
        }
        try (zip) {
            ExportFiles.checkZip(zip, limits);
            return exclusively(() -> load.load(ExportFiles.zip(zip, "body"), merge, actor));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T exclusively(Supplier<T> work) {
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
