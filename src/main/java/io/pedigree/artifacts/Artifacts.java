package io.pedigree.artifacts;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.Conflict;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Artifacts: content-addressed bytes in the blob store, each with a node {@code artifact:sha256:<hex>} in the
 * lineage graph, attached to the nodes that use them with a role and a file name. Lineage reaches artifacts
 * through {@code HAS_ARTIFACT}, so impact works on them like on any other asset.
 */
public final class Artifacts {

    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9\\-]{0,63}");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-zA-Z0-9!#$&^_.+\\-]{1,64}/[a-zA-Z0-9!#$&^_.+\\-]{1,64}");

    private static final String READ = """
            MATCH (a:Node:Artifact {key: $key})
            RETURN a.props AS props, a.createdAt AS createdAt, a.createdBy AS createdBy
            """;

    // Under the key's uniqueness constraint, of concurrent uploads of the same bytes exactly one creates the node;
    // the others wait for its commit and find it, so one upload is told "created" and one event is audited.
    private static final String CLAIM = """
            MERGE (a:Node {key: $key})
            ON CREATE SET a.claimed = true
            WITH a, coalesce(a.claimed, false) AS isNew
            REMOVE a.claimed
            RETURN isNew
            """;

    private static final String EXISTS = """
            MATCH (n:Node {key: $key})
            RETURN n.key AS key
            """;

    private static final String USERS = """
            MATCH (n:Node)-[r:HAS_ARTIFACT]->(:Node:Artifact {key: $key})
            WHERE r.validTo IS NULL
            RETURN n.key AS key, n.kind AS kind, r.props AS props,
                   EXISTS { (:ModelVersion)-[:FOR]->(n) } AS registered
            ORDER BY key
            """;

    private static final String OF_NODE = """
            MATCH (:Node {key: $key})-[r:HAS_ARTIFACT]->(a:Node:Artifact)
            WHERE r.validTo IS NULL
            RETURN a.key AS key, a.props AS artifact, r.props AS props
            ORDER BY key
            """;

    private static final String OPEN_ATTACHMENT = """
            MATCH (:Node {key: $from})-[r:HAS_ARTIFACT]->(:Node {key: $to})
            WHERE r.validTo IS NULL
            RETURN r.props AS props
            """;

    private static final String REGISTERED_USERS = """
            MATCH (s:ModelVersion)-[:FOR]->(v:Node)-[:HAS_ARTIFACT]->(:Node:Artifact {key: $key})
            RETURN collect(v.key) AS versions
            """;

    private static final String RECORDED = """
            MATCH (a:Node:Artifact)
            RETURN substring(a.key, size('artifact:sha256:')) AS sha256
            """;

    private static final String DELETE_NODE = """
            MATCH (a:Node:Artifact {key: $key})
            DETACH DELETE a
            """;

    private final Database db;
    private final BlobStore store;
    private final String storage;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;

    public Artifacts(Database db, BlobStore store, String storage, GraphWriter writer, AuditLog audit, Limits limits,
                     Clock clock) {
        this.db = db;
        this.store = store;
        this.storage = storage;
        this.writer = writer;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    /** The key of the node that stands for the content {@code sha256}. */
    public static NodeKey key(Sha256 sha256) {
        return NodeKey.of(Kind.ARTIFACT, "sha256:" + sha256.hex());
    }

    /**
     * Stores an upload and records its node. The node records the first media type the content was uploaded with;
     * uploading the same bytes again changes nothing (but restores bytes that were lost) and answers
     * {@code created = false}: only the upload that recorded the node is told it created the artifact.
     */
    public Artifact upload(InputStream content, Optional<Sha256> expected, String mediaType, long maxBytes,
                           String actor) {
        String type = mediaType(mediaType);
        StoredBlob blob = store.put(content, expected, maxBytes);
        NodeKey key = key(blob.sha256());
        boolean recorded = db.write(tx -> {
            if (!tx.run(CLAIM, Map.of("key", key.toString())).single().get("isNew").asBoolean()) {
                return false;
            }
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("sha256", blob.sha256().hex());
            props.put("size", blob.size());
            props.put("mediaType", type);
            props.put("storage", storage);
            writer.writeIn(tx, new Batch(List.of(new NodeInput(key, Properties.of("", props, limits), null, null)),
                    List.of()), actor, i -> "");
            audit.append(tx, actor, new AuditEntry("artifact.upload", key.toString(), List.of(), null,
                    blob.sha256().hex(), null, Map.of("size", blob.size(), "mediaType", type)));
            return true;
        });
        return get(blob.sha256()).withCreated(recorded);
    }

    /** An artifact's node, or 404 naming {@code sha256} when the content is not recorded. */
    public Artifact get(Sha256 sha256) {
        return find(sha256).orElseThrow(() -> new NotFound("sha256", "No artifact with SHA-256 " + sha256.hex()));
    }

    public Optional<Artifact> find(Sha256 sha256) {
        return db.read(tx -> tx.run(READ, Map.of("key", key(sha256).toString())).stream().findFirst()
                .map(r -> artifact(sha256, r)));
    }

    /** Attaches the artifact to {@code target} with a role and a file name; attaching it again changes nothing. */
    public List<Attachment> attach(NodeKey target, Sha256 sha256, String role, String fileName, String actor) {
        String name = checkAttachment(target, role, fileName);
        get(sha256);
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("role", role);
        if (name != null) {
            props.put("fileName", name);
        }
        Properties wanted = Properties.of("", props, limits);
        db.write(tx -> {
            // One attachment per node and content: the same bytes under another role or name is a contradiction.
            for (Record r : tx.run(OPEN_ATTACHMENT, Map.of("from", target.toString(), "to", key(sha256).toString()))
                    .list()) {
                Properties recorded = Properties.fromJson(r.get("props").asString(null));
                if (!recorded.equals(wanted)) {
                    throw new Conflict(target + " has this artifact attached already as " + recorded.values()
                            + "; it cannot also be " + wanted.values(), recorded.differences(wanted));
                }
            }
            var s = writer.writeIn(tx, new Batch(List.of(), List.of(new RelationInput(target, RelationType.HAS_ARTIFACT,
                    key(sha256), null, null, wanted))), actor, i -> "");
            if (s.relations().created() > 0) {
                audit.append(tx, actor, new AuditEntry("artifact.attach", target.toString(),
                        List.of(key(sha256).toString()), null, Digest.of(props), null, props));
            }
            return null;
        });
        return of(target);
    }

    /**
     * Refuses an attachment that cannot be made, naming the field at fault, and answers the checked file name.
     * An upload that names a node checks this before storing anything, so a refused upload leaves nothing behind.
     */
    public String checkAttachment(NodeKey target, String role, String fileName) {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new InvalidInput("role", "role is a lowercase word like weights, checkpoint, config, eval-report,"
                    + " template or manifest");
        }
        String name = FileNames.check("fileName", fileName);
        if (!RelationType.HAS_ARTIFACT.allowedFrom().contains(target.kind())) {
            throw new InvalidInput("key", "Artifacts are not attached to a " + target.kind().id());
        }
        if (db.read(tx -> tx.run(EXISTS, Map.of("key", target.toString())).list().isEmpty())) {
            throw new InvalidInput("key", "No node with key " + target + " is recorded; record it through the"
                    + " lineage API first");
        }
        return name;
    }

    /** The artifacts attached to a node, with their roles and file names. */
    public List<Attachment> of(NodeKey node) {
        return db.read(tx -> tx.run(OF_NODE, Map.of("key", node.toString())).list(r -> {
            Map<String, Object> a = Properties.fromJson(r.get("artifact").asString(null)).values();
            Map<String, Object> p = Properties.fromJson(r.get("props").asString(null)).values();
            return new Attachment(node.toString(), r.get("key").asString(), (String) a.get("sha256"),
                    (String) p.get("role"), (String) p.get("fileName"), ((Number) a.get("size")).longValue(),
                    (String) a.get("mediaType"), false);
        }));
    }

    /** The nodes an artifact is attached to; {@code registered} marks registered model versions. */
    public List<Attachment> users(Sha256 sha256) {
        Artifact artifact = get(sha256);
        return db.read(tx -> tx.run(USERS, Map.of("key", key(sha256).toString())).list(r -> {
            Map<String, Object> p = Properties.fromJson(r.get("props").asString(null)).values();
            return new Attachment(r.get("key").asString(), artifact.key(), sha256.hex(), (String) p.get("role"),
                    (String) p.get("fileName"), artifact.size(), artifact.mediaType(), r.get("registered").asBoolean());
        }));
    }

    /**
     * Opens the content, or a range of it, for download. Content whose size in the store is not the recorded size
     * is refused before any byte is sent, rather than cut off part way (the digest of content of the right size
     * can only be checked at its end, and a whole download that fails it is aborted there).
     */
    public BlobContent open(Sha256 sha256, Optional<ByteRange> range) {
        Artifact artifact = get(sha256);
        BlobContent content = store.open(sha256, range);
        if (content.size() != artifact.size()) {
            try {
                content.close();
            } catch (java.io.IOException e) {
                // nothing was read; the refusal below is the answer
            }
            throw wrongSize(sha256, content.size(), artifact.size());
        }
        return content;
    }

    /** The artifact, once its content is known to be in the store at its recorded size (for HEAD). */
    public Artifact stored(Sha256 sha256) {
        Artifact artifact = get(sha256);
        Optional<BlobInfo> info = store.stat(sha256);
        if (info.isEmpty()) {
            throw new NotFound(Intake.FIELD, "The content of " + sha256 + " is missing from the store or is not a"
                    + " regular file in it; POST /api/v1/admin/artifacts/verify lists it");
        }
        if (info.get().size() != artifact.size()) {
            throw wrongSize(sha256, info.get().size(), artifact.size());
        }
        return artifact;
    }

    private static NotFound wrongSize(Sha256 sha256, long actual, long recorded) {
        return new NotFound(Intake.FIELD, "The stored content of " + sha256 + " is damaged (" + actual
                + " bytes in the store, " + recorded + " recorded) and is not served;"
                + " POST /api/v1/admin/artifacts/verify lists it");
    }

    /**
     * Deletes an artifact's content and node. Refused while a registered model version uses it: registered
     * versions must keep the bytes they were built from.
     */
    public void delete(Sha256 sha256, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("reason", "A reason is required to delete an artifact");
        }
        get(sha256);
        db.write(tx -> {
            refuseIfRegistered(tx, sha256);
            tx.run(DELETE_NODE, Map.of("key", key(sha256).toString())).consume();
            audit.append(tx, actor, new AuditEntry("artifact.delete", key(sha256).toString(), List.of(),
                    sha256.hex(), null, reason, Map.of()));
            return null;
        });
        // After the commit: if deleting the bytes fails, garbage collection removes them later.
        store.delete(sha256);
    }

    /**
     * Content no node uses: blobs without a node, and artifacts attached to nothing, stored more than
     * {@code olderThan} ago (younger ones may be waiting for their attachment). Without {@code dryRun} each is
     * deleted with its own audit event.
     */
    public GcReport collectGarbage(boolean dryRun, Duration olderThan, String actor) {
        Instant cutoff = clock.instant().minus(olderThan);
        List<String> candidates = new ArrayList<>();
        long bytes = 0;
        List<Sha256> all;
        try (Stream<Sha256> listed = store.list()) {
            all = listed.toList();
        }
        for (Sha256 sha : all) {
            Optional<BlobInfo> info = store.stat(sha);
            if (info.isEmpty() || info.get().storedAt().isAfter(cutoff)) {
                continue;
            }
            boolean used = db.read(tx -> !tx.run(USERS, Map.of("key", key(sha).toString())).list().isEmpty());
            if (!used) {
                candidates.add(sha.hex());
                bytes += info.get().size();
            }
        }
        List<String> deleted = new ArrayList<>();
        if (!dryRun) {
            for (String hex : candidates) {
                Sha256 sha = Sha256.parse("sha256", hex);
                boolean removed = db.write(tx -> {
                    if (!tx.run(USERS, Map.of("key", key(sha).toString())).list().isEmpty()) {
                        return false;
                    }
                    tx.run(DELETE_NODE, Map.of("key", key(sha).toString())).consume();
                    audit.append(tx, actor, new AuditEntry("artifact.gc", key(sha).toString(), List.of(), hex, null,
                            "garbage collection: attached to nothing", Map.of()));
                    return true;
                });
                if (removed) {
                    store.delete(sha);
                    deleted.add(hex);
                }
            }
        }
        return new GcReport(dryRun, olderThan.toString(), candidates, bytes, deleted);
    }

    /** Re-hashes one stored artifact. */
    public Verification verify(Sha256 sha256) {
        return store.verify(sha256);
    }

    /**
     * Re-hashes every stored blob and every recorded artifact's content (so content lost from the store, or hidden
     * behind a link the store will not follow, is reported too); answers those that are not intact.
     */
    public Map<String, Object> verifyAll() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, String>> bad = new ArrayList<>();
        java.util.Set<Sha256> all = new java.util.LinkedHashSet<>();
        try (Stream<Sha256> listed = store.list()) {
            listed.forEach(all::add);
        }
        // Content of the wrong size fails its digest, so re-hashing covers the recorded size too.
        all.addAll(db.read(tx -> tx.run(RECORDED).list(r -> Sha256.parse("sha256", r.get("sha256").asString()))));
        for (Sha256 sha : all) {
            Verification v = store.verify(sha);
            if (v != Verification.OK) {
                bad.add(Map.of("sha256", sha.hex(), "result", v.name().toLowerCase(java.util.Locale.ROOT)));
            }
        }
        int checked = all.size();
        out.put("checked", checked);
        out.put("ok", bad.isEmpty());
        out.put("problems", bad);
        return out;
    }

    private void refuseIfRegistered(TransactionContext tx, Sha256 sha256) {
        List<Object> versions = tx.run(REGISTERED_USERS, Map.of("key", key(sha256).toString())).single()
                .get("versions").asList();
        if (!versions.isEmpty()) {
            throw new Conflict("Artifact " + sha256.hex() + " belongs to registered version(s) " + versions
                    + "; registered versions keep the bytes they were built from", List.of());
        }
    }

    private Artifact artifact(Sha256 sha256, Record r) {
        Map<String, Object> p = Properties.fromJson(r.get("props").asString(null)).values();
        return new Artifact(key(sha256).toString(), sha256.hex(), ((Number) p.get("size")).longValue(),
                (String) p.get("mediaType"), (String) p.get("storage"),
                r.get("createdAt").isNull() ? null : r.get("createdAt").asZonedDateTime().toInstant(),
                r.get("createdBy").asString(null), false);
    }

    private static String mediaType(String raw) {
        if (raw == null || raw.isBlank()) {
            return "application/octet-stream";
        }
        String base = raw.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (!MEDIA_TYPE.matcher(base).matches()) {
            throw new InvalidInput("Content-Type", "Not a media type: " + raw);
        }
        return base;
    }
}
