package io.pedigree.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.artifacts.BlobContent;
import io.pedigree.artifacts.BlobStore;
import io.pedigree.artifacts.Sha256;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.store.Database;
import io.pedigree.store.Migrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes the whole graph as JSON Lines, streamed: one file per label group ({@code nodes/}) and per relation type
 * ({@code relations/}), each row with the node's or relation's element id as its stable id, all of one committed
 * state of the graph; optionally every artifact's bytes ({@code artifacts/<sha256>}), and last {@code manifest.json}
 * with every file's SHA-256 and count.
 */
final class GraphExport {

    private static final Logger LOG = LoggerFactory.getLogger(GraphExport.class);

    /**
     * Labels never exported: sign-in sessions and logins in flight (secrets of the moment, not records), schema
     * records (the target applies its own), the first-start guard, and an import's own staging.
     */
    static final List<String> EXCLUDED = List.of("WebSession", "OidcLogin", "SchemaMigration", "Bootstrap",
            ExportQueries.STAGING, ExportQueries.REPLACED, ImportSwitch.RUN);

    private static final String HEAD = """
            OPTIONAL MATCH (h:AuditHead {id: 'audit'})
            RETURN coalesce(h.seq, 0) AS seq, h.hash AS hash
            """;
    private static final String LABEL_GROUPS = """
            MATCH (n)
            RETURN labels(n) AS labels, count(*) AS count
            """;
    private static final String RELATION_TYPES = """
            CALL db.relationshipTypes() YIELD relationshipType
            RETURN relationshipType AS type ORDER BY type
            """;

    private final Database db;
    private final BlobStore blobs;
    private final Clock clock;
    private final String version;
    private final Duration timeout;
    private final ObjectMapper json;
    private final int attempts;
    private final Runnable afterRead;
    private final JsonFactory factory = new JsonFactory();

    /**
     * {@code attempts} bounds how often the graph is read again when writes land meanwhile; {@code afterRead} runs
     * between reading the files and checking that nothing was committed (a test's seam; in use, nothing).
     */
    GraphExport(Database db, BlobStore blobs, Clock clock, String version, Duration timeout, ObjectMapper json,
                int attempts, Runnable afterRead) {
        this.db = db;
        this.blobs = blobs;
        this.clock = clock;
        this.version = version;
        this.timeout = timeout;
        this.json = json;
        this.attempts = attempts;
        this.afterRead = afterRead;
    }

    /**
     * The graph's files as one committed state: written into {@code dir} between two commit marks, and written
     * again when a commit landed between them, at most {@code attempts} times; then refused. Neo4j reads committed
     * data, not a snapshot, so a file read while writes land may hold what the files before it lack.
     */
    Snapshot graph(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String before = db.commitMark();
            if (before.isEmpty()) {
                throw new Conflict("Neo4j answers reads without a bookmark here, so the export cannot tell whether"
                        + " writes landed while it read the graph; none was made", List.of());
            }
            var exportedAt = clock.instant();
            int schemaVersion = Migrations.currentVersion(db);
            Manifest.AuditMark head = db.read(tx -> {
                var r = tx.run(HEAD).single();
                return new Manifest.AuditMark(r.get("seq").asLong(), r.get("hash").asString(null));
            });
            List<Manifest.Entry> files = graphFiles(ExportFiles.directory(dir));
            afterRead.run();
            String after = db.commitMark();
            if (before.equals(after)) {
                return new Snapshot(exportedAt, schemaVersion, head, files);
            }
            ExportFiles.deleteGraphFiles(dir);
            if (attempt >= attempts) {
                LOG.warn("Export refused: writes were committed while it read the graph, {} times", attempt);
                throw new Conflict("Writes were committed while the export read the graph (" + attempt
                        + (attempt == 1 ? " attempt" : " attempts") + "), so its files would not be one state of the"
                        + " graph and none was kept. Pause writes (ingest jobs, other instances) and export again",
                        List.of());
            }
            LOG.info("Writes were committed while the export read the graph; reading it again (attempt {} of {})",
                    attempt + 1, attempts);
        }
    }

    /** What {@link #graph} read: its files, and the state they are of. */
    record Snapshot(java.time.Instant exportedAt, int schemaVersion, Manifest.AuditMark head,
                    List<Manifest.Entry> files) {
    }

    /**
     * Completes an export whose graph files are {@code snapshot}: copies them from {@code dir} into {@code sink}
     * unless they are already there, adds the artifacts' bytes (immutable, named by their digest, so read after
     * the graph) and last the manifest.
     */
    ExportReport finish(Snapshot snapshot, Path dir, ExportFiles.Sink sink, boolean copy, boolean withArtifacts,
                        long started) throws IOException {
        List<Manifest.Entry> files = new ArrayList<>(snapshot.files());
        if (copy) {
            for (Manifest.Entry f : snapshot.files()) {
                try (OutputStream out = sink.create(f.path())) {
                    Files.copy(dir.resolve(f.path()), out);
                }
            }
        }
        if (withArtifacts) {
            try (Stream<Sha256> stored = blobs.list()) {
                List<Sha256> digests = stored.sorted(java.util.Comparator.comparing(Sha256::hex)).toList();
                for (Sha256 sha : digests) {
                    files.add(writeArtifact(sink, sha));
                }
            }
        }
        Manifest manifest = new Manifest(Manifest.FORMAT, Manifest.FORMAT_VERSION, version,
                snapshot.schemaVersion(), snapshot.exportedAt(), snapshot.head(), withArtifacts, files);
        try (OutputStream out = sink.create(Manifest.FILE)) {
            json.writerWithDefaultPrettyPrinter().writeValue(new NonClosing(out), manifest);
        }
        long nodes = files.stream().filter(f -> f.kind().equals(Manifest.Entry.NODES)).mapToLong(Manifest.Entry::count)
                .sum();
        long relations = files.stream().filter(f -> f.kind().equals(Manifest.Entry.RELATIONS))
                .mapToLong(Manifest.Entry::count).sum();
        long artifacts = files.stream().filter(f -> f.kind().equals(Manifest.Entry.ARTIFACT)).count();
        return new ExportReport(nodes, relations, artifacts, files.stream().mapToLong(Manifest.Entry::bytes).sum(),
                snapshot.head(), (System.nanoTime() - started) / 1_000_000);
    }

    private List<Manifest.Entry> graphFiles(ExportFiles.Sink sink) throws IOException {
        List<Manifest.Entry> files = new ArrayList<>();
        int index = 0;
        for (List<String> labels : labelGroups()) {
            String path = String.format("nodes/%03d-%s.jsonl", index++, String.join("+", labels).replaceAll(
                    "[^A-Za-z0-9_+]", "_"));
            files.add(writeRows(sink, path, Manifest.Entry.NODES, labels, null, ExportQueries.nodesOf(labels),
                    (g, r) -> {
                        g.writeStringField("id", r.get("id").asString());
                        g.writeFieldName("properties");
                        PropertyCodec.writeProperties(g, r.get("p"));
                    }));
        }
        index = 0;
        for (String type : relationTypes()) {
            String path = String.format("relations/%03d-%s.jsonl", index++, type.replaceAll("[^A-Za-z0-9_]", "_"));
            files.add(writeRows(sink, path, Manifest.Entry.RELATIONS, null, type,
                    ExportQueries.relationsOf(type, EXCLUDED), (g, r) -> {
                        g.writeStringField("id", r.get("id").asString());
                        g.writeStringField("start", r.get("s").asString());
                        g.writeStringField("end", r.get("t").asString());
                        g.writeFieldName("properties");
                        PropertyCodec.writeProperties(g, r.get("p"));
                    }));
        }
        return files;
    }

    /** The label sets present, each sorted, without the excluded ones, in a stable order. */
    private List<List<String>> labelGroups() {
        Map<String, List<String>> groups = new TreeMap<>();
        db.stream(LABEL_GROUPS, Map.of(), timeout, r -> {
            List<String> labels = new ArrayList<>(r.get("labels").asList(v -> v.asString()));
            labels.sort(null);
            if (!labels.isEmpty() && labels.stream().noneMatch(EXCLUDED::contains)) {
                groups.put(String.join(":", labels), labels);
            }
        });
        return new ArrayList<>(groups.values());
    }

    private List<String> relationTypes() {
        List<String> types = new ArrayList<>();
        db.stream(RELATION_TYPES, Map.of(), timeout, r -> types.add(r.get("type").asString()));
        return types;
    }

    /** Writes one row's members (the object around them is written by the caller). */
    private interface RowWriter {
        void write(JsonGenerator g, org.neo4j.driver.Record r) throws IOException;
    }

    private Manifest.Entry writeRows(ExportFiles.Sink sink, String path, String kind, List<String> labels,
                                     String type, String query, RowWriter row) throws IOException {
        MessageDigest sha = sha256();
        Counting counted;
        long count;
        try (OutputStream file = sink.create(path)) {
            counted = new Counting(new DigestOutputStream(file, sha));
            OutputStream buffered = new BufferedOutputStream(counted, 1 << 16);
            JsonGenerator g = factory.createGenerator(buffered, JsonEncoding.UTF8);
            // One JSON object per line: a newline, not a space, between root values.
            g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            count = db.stream(query, Map.of(), timeout, r -> {
                try {
                    g.writeStartObject();
                    row.write(g, r);
                    g.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            if (count > 0) {
                g.writeRaw('\n');
            }
            g.flush();
            buffered.flush();
        }
        return new Manifest.Entry(path, kind, labels, type, count, counted.bytes,
                HexFormat.of().formatHex(sha.digest()));
    }

    private Manifest.Entry writeArtifact(ExportFiles.Sink sink, Sha256 sha) throws IOException {
        String path = "artifacts/" + sha.hex();
        long bytes;
        try (BlobContent content = blobs.open(sha, Optional.empty()); InputStream in = content.stream();
             OutputStream out = sink.create(path)) {
            // The store re-checks the digest as the blob is read to its end, so corrupt bytes fail here.
            bytes = in.transferTo(out);
        }
        return new Manifest.Entry(path, Manifest.Entry.ARTIFACT, null, null, 1, bytes, sha.hex());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the bytes written through it. */
    private static final class Counting extends java.io.FilterOutputStream {
        long bytes;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
        }
    }

    /** Keeps Jackson from closing the entry stream before the caller does. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
