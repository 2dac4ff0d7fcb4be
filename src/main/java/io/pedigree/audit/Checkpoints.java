package io.pedigree.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Signed checkpoints of the audit chain's head: made on demand and every interval (when the head has moved),
 * kept in the graph for listing and pushed to every configured external sink. The graph's copies can be deleted
 * by someone who can write the graph but not forged, as the key is not in the graph; the external copies are what
 * catches a consistent rewrite of the tail (see {@link CheckpointCheck}).
 */
public final class Checkpoints implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final String HEAD = """
            MATCH (h:AuditHead {id: 'audit'})
            RETURN h.seq AS seq, h.hash AS hash
            """;

    private static final String STORE = """
            CREATE (c:AuditCheckpoint {seq: $seq, hash: $hash, at: $at, keyId: $keyId, signature: $signature})
            """;

    private static final String ALL = """
            MATCH (c:AuditCheckpoint)
            RETURN c.seq AS seq, c.hash AS hash, c.at AS at, c.keyId AS keyId, c.signature AS signature
            ORDER BY c.at, c.seq
            """;

    private static final String LATEST = """
            MATCH (c:AuditCheckpoint)
            RETURN c.seq AS seq, c.hash AS hash, c.at AS at, c.keyId AS keyId, c.signature AS signature
            ORDER BY c.seq DESC, c.at DESC
            LIMIT 1
            """;

    private final Database db;
    private final SigningKey key;
    private final Clock clock;
    private final List<CheckpointSink> sinks;
    private ScheduledExecutorService timer;

    public Checkpoints(Database db, SigningKey key, Clock clock, List<CheckpointSink> sinks) {
        this.db = db;
        this.key = key;
        this.clock = clock;
        this.sinks = List.copyOf(sinks);
    }

    /** Signs a checkpoint of the head as it is now (an empty log's head is event 0, the genesis hash). */
    public Checkpoint sign() {
        Verification.Head head = head();
        Instant at = clock.instant();
        Checkpoint c = new Checkpoint(head.seq(), head.hash(), at, key.keyId(),
                key.sign(Checkpoint.signedText(head.seq(), head.hash(), at)));
        db.write(tx -> tx.run(STORE, Map.of("seq", c.seq(), "hash", c.hash(),
                "at", c.at().atZone(java.time.ZoneOffset.UTC), "keyId", c.keyId(), "signature", c.signature()))
                .consume());
        push(c);
        return c;
    }

    /** The newest checkpoint when it still names the head, else a new one: what an evidence pack carries. */
    public Checkpoint current() {
        Verification.Head head = head();
        return latest().filter(c -> c.seq() == head.seq() && c.hash().equals(head.hash())
                && c.keyId().equals(key.keyId())).orElseGet(this::sign);
    }

    /** Signs one when the head has moved since the newest checkpoint; what the interval runs. */
    Optional<Checkpoint> signIfMoved() {
        Verification.Head head = head();
        Optional<Checkpoint> last = latest();
        if (last.isPresent() && last.get().seq() == head.seq()) {
            return Optional.empty();
        }
        return Optional.of(sign());
    }

    /** Every checkpoint kept in the graph, oldest first. */
    public List<Checkpoint> list() {
        return db.read(tx -> tx.run(ALL).list(Checkpoints::checkpoint));
    }

    public Optional<Checkpoint> latest() {
        return db.read(tx -> tx.run(LATEST).list(Checkpoints::checkpoint)).stream().findFirst();
    }

    /**
     * Walks the chain (events {@code first} to {@code last}), then checks it against {@code external} checkpoints
     * and every checkpoint kept in the graph: each must be signed by this server's key and name an event whose
     * hash it records. An external checkpoint with a bad signature is refused as input, naming it.
     */
    public Verification verify(AuditLog log, long first, Long last, List<Checkpoint> external) {
        for (int i = 0; i < external.size(); i++) {
            Checkpoint c = external.get(i);
            if (!key.verifies(c.signedText(), c.signature(), "checkpoints[" + i + "].signature")) {
                throw new io.pedigree.error.PedigreeException.InvalidInput("checkpoints[" + i + "].signature",
                        "Checkpoint " + i + " (event " + c.seq() + ", signed at " + c.at() + ") is not signed by"
                                + " this server's audit key " + key.keyId() + "; it cannot vouch for the chain");
            }
        }
        Verification chain = log.verify(first, last);
        if (!chain.ok()) {
            return chain;
        }
        List<CheckpointCheck.Held> held = new ArrayList<>();
        external.forEach(c -> held.add(new CheckpointCheck.Held(c, "external checkpoint")));
        for (Checkpoint c : list()) {
            if (!c.keyId().equals(key.keyId())) {
                continue; // signed by a key this server no longer holds: nothing to check it with
            }
            if (!key.verifies(c.signedText(), c.signature(), "signature")) {
                return Verification.broken(chain.checked(), chain.head(), c.seq(), "checkpoint forged: the"
                        + " checkpoint of event " + c.seq() + " kept in the graph (signed at " + c.at() + ") does not"
                        + " carry a valid signature; it was written or edited in the graph");
            }
            held.add(new CheckpointCheck.Held(c, "checkpoint kept in the graph"));
        }
        return new CheckpointCheck(db).check(chain, held);
    }

    /** The public key checkpoints verify with, as PEM. */
    public String publicKeyPem() {
        return key.publicKeyPem();
    }

    public String keyId() {
        return key.keyId();
    }

    /** Checkpoints as JSON Lines, the form sinks write and {@code POST /api/v1/audit/verify} reads. */
    public static String line(Checkpoint c) {
        try {
            return JSON.writeValueAsString(c);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs every {@code interval} when the head moved; zero or negative signs only on demand. */
    public synchronized void every(Duration interval) {
        if (interval.isZero() || interval.isNegative() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "audit-checkpoints");
            t.setDaemon(true);
            return t;
        });
        long millis = interval.toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                signIfMoved();
            } catch (RuntimeException e) {
                // The next turn tries again; a database outage must not end the schedule.
                LOG.warn("Signing an audit checkpoint failed: {}", e.getMessage());
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    private void push(Checkpoint c) {
        String line = line(c);
        for (CheckpointSink sink : sinks) {
            try {
                sink.append(c, line);
            } catch (java.io.IOException | RuntimeException e) {
                // The checkpoint is kept in the graph and the next one pins everything this one would have.
                LOG.warn("Pushing audit checkpoint of event {} to {} failed: {}", c.seq(), sink.describe(),
                        e.getMessage());
            }
        }
    }

    private Verification.Head head() {
        return db.read(tx -> tx.run(HEAD).list()).stream().findFirst()
                .map(r -> new Verification.Head(r.get("seq").asLong(), r.get("hash").asString()))
                .orElse(new Verification.Head(0, AuditEvent.GENESIS));
    }

    private static Checkpoint checkpoint(Record r) {
        return new Checkpoint(r.get("seq").asLong(), r.get("hash").asString(),
                r.get("at").asZonedDateTime().toInstant(), r.get("keyId").asString(), r.get("signature").asString());
    }
}
