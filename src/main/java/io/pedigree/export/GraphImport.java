package io.pedigree.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pedigree.artifacts.BlobStore;
import io.pedigree.artifacts.Sha256;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Loads an export. Every file is checked against the manifest before anything is written; then nodes are written
 * in batches under the staging label alone (invisible to every query, which all name a real label), relations
 * between them, and only when all of it is in do the nodes get their real labels. A failure at any step deletes
 * what this import wrote, so it never half-applies; a process that stops part-way leaves what {@link ImportSwitch}
 * finishes or removes at the next start.
 *
 * <p>Into an empty instance (nothing but a first start's token and its audit events, which the import replaces)
 * it reproduces the exported graph exactly, audit chain included. Merging into a non-empty one keeps what is
 * there: a node whose unique key already exists stands for the exported one, the exported audit log is left out
 * (two chains cannot be spliced) and one audit event records the merge.
 */
final class GraphImport {

    private static final Logger LOG = LoggerFactory.getLogger(GraphImport.class);
    static final int BATCH = 5_000;

    /** What a first start writes on its own; a graph holding nothing else counts as empty. */
    static final List<String> FIRST_START = List.of("ApiToken", "AuditEvent", "AuditHead", "AuditTarget",
            "AuditKeys", "AuditCheckpoint");
    /** Labels of the audit log, not merged: its chain is the target's own. */
    static final List<String> AUDIT = List.of("AuditEvent", "AuditHead", "AuditTarget", "AuditKeys",
            "AuditCheckpoint");

    private static final String OCCUPIED = """
            CALL () {
                MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $ignored)
                RETURN count(n) AS others
            }
            CALL () {
                MATCH (e:AuditEvent) WHERE e.actor <> 'pedigree'
                RETURN count(e) AS events
            }
            RETURN others + events AS occupied
            """;
    private static final String STAGE_NODES = """
            UNWIND $rows AS row
            CREATE (n:PedigreeImport)
            SET n = row.p, n._importId = row.id, n._importGroup = $group, n._importRun = $run
            """;
    private static final String UNIQUE_KEYS = """
            SHOW CONSTRAINTS YIELD entityType, type, labelsOrTypes, properties
            WHERE entityType = 'NODE' AND type IN ['UNIQUENESS', 'NODE_KEY']
            RETURN labelsOrTypes[0] AS label, properties
            """;

    private final Database db;
    private final BlobStore blobs;
    private final ObjectMapper json;
    private final Runnable afterImport;
    private final ImportSwitch switcher;

    GraphImport(Database db, BlobStore blobs, ObjectMapper json, Runnable afterImport,
                ImportSwitch switcher) {
        this.db = db;
        this.blobs = blobs;
        this.json = json;
        this.afterImport = afterImport;
        this.switcher = switcher;
    }

    /** Finishes or removes what an import that died left behind; see {@link ImportSwitch#recover}. */
    Optional<String> recover() {
        Optional<String> done = switcher.recover();
        if (done.isPresent()) {
            afterImport.run();
        }
        return done;
    }

    ImportReport load(ExportFiles.Source source, boolean merge, String actor) {
        long started = System.nanoTime();
        Manifest manifest = ManifestCheck.verified(source, json, db);
        // What an import that died left behind would otherwise count as data here, or be deleted by this one.
        recover();
        if (!merge) {
            long occupied = db.read(tx -> tx.run(OCCUPIED, Map.of("ignored", ignoredWhenEmpty()))
                    .single().get("occupied").asLong());
            if (occupied > 0) {
                throw new Conflict("This instance already holds data (" + occupied + " nodes or audit events"
                        + " beyond a first start's); import into an empty instance, or merge (--merge,"
                        + " ?merge=true) to add the export to what is here", List.of());
            }
        }
        long artifacts = storeArtifacts(source, manifest);
        String run = UUID.randomUUID().toString();
        Counts counts = new Counts();
        List<Manifest.Entry> groups = manifest.files().stream()
                .filter(f -> f.kind().equals(Manifest.Entry.NODES))
                .filter(f -> !merge || f.labels().stream().noneMatch(AUDIT::contains)).toList();
        ImportSwitch.Run recorded;
        try {
            for (int g = 0; g < groups.size(); g++) {
                stageNodes(source, groups.get(g), g, run, counts);
            }
            if (merge) {
                matchExisting(groups, run, counts);
            }
            for (Manifest.Entry f : manifest.files()) {
                if (f.kind().equals(Manifest.Entry.RELATIONS)) {
                    createRelations(source, f, merge, counts);
                }
            }
            recorded = new ImportSwitch.Run(run, merge, groups.stream().map(Manifest.Entry::labels).toList(),
                    counts.created, counts.matched, counts.relations, manifest.exportedAt().toString(), actor);
            switcher.begin(recorded);
            switcher.relabel(recorded);
        } catch (RuntimeException e) {
            LOG.warn("Import failed; deleting what it wrote: {}", e.toString());
            switcher.rollback(run);
            throw e;
        }
        // Every node has its labels now: what is left only removes markers, and if it fails the next start (or
        // import) finishes it from the run's record.
        switcher.finish(recorded);
        afterImport.run();
        Manifest.AuditMark head = db.read(tx -> {
            var r = tx.run("OPTIONAL MATCH (h:AuditHead {id: 'audit'}) RETURN coalesce(h.seq, 0) AS seq,"
                    + " h.hash AS hash").single();
            return new Manifest.AuditMark(r.get("seq").asLong(), r.get("hash").asString(null));
        });
        LOG.info("Imported {} nodes ({} matched existing), {} relations, {} artifacts", counts.created,
                counts.matched, counts.relations, artifacts);
        return new ImportReport(merge, counts.created - counts.matched, counts.matched, counts.relations, artifacts,
                head, (System.nanoTime() - started) / 1_000_000);
    }

    private static List<String> ignoredWhenEmpty() {
        List<String> ignored = new ArrayList<>(GraphExport.EXCLUDED);
        ignored.addAll(FIRST_START);
        return ignored;
    }

    private static final class Counts {
        long created;
        long matched;
        long relations;
    }

    private void stageNodes(ExportFiles.Source source, Manifest.Entry f, int group, String run, Counts counts) {
        eachBatch(source, f, (rows, line) -> {
            List<Map<String, Object>> params = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode row = rows.get(i);
                String where = f.path() + " line " + (line + i);
                JsonNode id = row.get("id");
                if (id == null || !id.isTextual()) {
                    throw new InvalidInput(where, "each row needs a text 'id'");
                }
                params.add(Map.of("id", id.textValue(), "p", PropertyCodec.readProperties(row.get("properties"),
                        where)));
            }
            db.write(tx -> tx.run(STAGE_NODES, Map.of("rows", params, "group", group, "run", run)).consume(), 10);
            counts.created += params.size();
        });
    }

    private void createRelations(ExportFiles.Source source, Manifest.Entry f, boolean merge, Counts counts) {
        String query = ExportQueries.createRelations(f.type(), merge);
        eachBatch(source, f, (rows, line) -> {
            List<Map<String, Object>> params = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                JsonNode row = rows.get(i);
                String where = f.path() + " line " + (line + i);
                if (!row.path("start").isTextual() || !row.path("end").isTextual()) {
                    throw new InvalidInput(where, "each relation needs a text 'start' and 'end'");
                }
                params.add(Map.of("s", row.get("start").textValue(), "t", row.get("end").textValue(),
                        "p", PropertyCodec.readProperties(row.get("properties"), where)));
            }
            int created = db.write(tx -> tx.run(query, Map.of("rows", params)).consume().counters()
                    .relationshipsCreated(), 10);
            // Into an empty instance every relation must find both its ends; merging skips the audit log's.
            if (!merge && created != params.size()) {
                throw new InvalidInput(f.path(), (params.size() - created) + " relations of lines " + line + " to "
                        + (line + params.size() - 1) + " name a node the export does not hold");
            }
            counts.relations += created;
        });
    }

    /** Merging: staged nodes whose unique key is already taken give way to the node that has it. */
    private void matchExisting(List<Manifest.Entry> groups, String run, Counts counts) {
        Map<String, List<String>> keys = new HashMap<>();
        db.stream(UNIQUE_KEYS, Map.of(), java.time.Duration.ofMinutes(1), r -> keys.putIfAbsent(
                r.get("label").asString(), r.get("properties").asList(v -> v.asString())));
        for (int g = 0; g < groups.size(); g++) {
            int group = g;
            Optional<String> label = groups.get(g).labels().stream().filter(keys::containsKey).findFirst();
            String query = label.isPresent() ? ExportQueries.matchExisting(label.get(), keys.get(label.get()))
                    : ExportQueries.matchEqual(groups.get(g).labels());
            counts.matched += db.write(tx -> tx.run(query, Map.of("group", group, "run", run)).single()
                    .get("matched").asLong(), 10);
        }
    }

    private interface BatchWork {
        void accept(List<JsonNode> rows, long firstLine);
    }

    private void eachBatch(ExportFiles.Source source, Manifest.Entry f, BatchWork work) {
        try (InputStream in = source.open(f.path());
             MappingIterator<JsonNode> rows = json.readerFor(JsonNode.class).readValues(in)) {
            List<JsonNode> batch = new ArrayList<>(BATCH);
            long line = 1;
            long first = 1;
            while (true) {
                JsonNode row;
                try {
                    if (!rows.hasNextValue()) {
                        break;
                    }
                    row = rows.nextValue();
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new InvalidInput(f.path(), "line " + line + " is not JSON: " + e.getOriginalMessage());
                }
                if (!row.isObject()) {
                    throw new InvalidInput(f.path() + " line " + line, "each line must be a JSON object");
                }
                batch.add(row);
                line++;
                if (batch.size() == BATCH) {
                    work.accept(batch, first);
                    first = line;
                    batch = new ArrayList<>(BATCH);
                }
            }
            if (!batch.isEmpty()) {
                work.accept(batch, first);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long storeArtifacts(ExportFiles.Source source, Manifest manifest) {
        long stored = 0;
        for (Manifest.Entry f : manifest.files()) {
            if (f.kind().equals(Manifest.Entry.ARTIFACT)) {
                // Content-addressed and checked against the digest: storing bytes already there changes nothing.
                try (InputStream in = source.open(f.path())) {
                    blobs.put(in, Optional.of(Sha256.parse(f.path(), f.sha256())), Long.MAX_VALUE);
                    stored++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return stored;
    }
}
