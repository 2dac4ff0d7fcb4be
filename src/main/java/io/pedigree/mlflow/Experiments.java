package io.pedigree.mlflow;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.AlreadyExists;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.store.Database;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Node;
import org.neo4j.cypherdsl.core.SortItem;
import org.neo4j.cypherdsl.core.Statement;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * MLflow experiments: named groups of runs, numbered "0" (Default, made by the schema migration), "1", "2"... They
 * carry no lineage themselves; their runs are run nodes named after them. Reads only read: where "0" is missing (a
 * store emptied under a running server) they answer it as it would be made, and the first write makes it.
 */
public final class Experiments {

    static final String DEFAULT_ID = "0";

    private static final FilterCypher.Columns COLUMNS = new FilterCypher.Columns(Map.of("name", "name"),
            Map.of("creation_time", "createdAt", "last_update_time", "updatedAt"), Map.of(Filter.TAGS, "tags"), null);
    private static final Filter.Grammar GRAMMAR = new Filter.Grammar(Set.of("name", "creation_time",
            "last_update_time"), Set.of(Filter.TAGS), true);

    // The counter node is the lock that serializes creations, so two racing creates of one name cannot both win.
    private static final String CREATE = """
            MERGE (c:MlflowCounter {name: 'experiment'})
            ON CREATE SET c.next = 1
            SET c._lock = true
            REMOVE c._lock
            WITH c
            OPTIONAL MATCH (e:MlflowExperiment {name: $name})
            WITH c, e
            CALL (c, e) {
                WITH c, e WHERE e IS NULL
                CREATE (n:MlflowExperiment {id: toString(c.next), name: $name, artifactLocation: $location,
                        lifecycleStage: 'active', createdAt: $now, updatedAt: $now, tags: $tags, createdBy: $actor})
                SET c.next = c.next + 1
                RETURN n.id AS created
            }
            RETURN created
            """;

    private static final String ENSURE_DEFAULT = """
            MERGE (e:MlflowExperiment {id: '0'})
            ON CREATE SET e.name = 'Default', e.artifactLocation = '', e.lifecycleStage = 'active',
                e.createdAt = $now, e.updatedAt = $now, e.tags = '{}'
            """;

    private static final String READ = """
            MATCH (e:MlflowExperiment)
            WHERE ($id IS NULL OR e.id = $id) AND ($name IS NULL OR e.name = $name)
            RETURN e {.*} AS e
            ORDER BY toInteger(e.id)
            """;

    private static final String LOCK = """
            MATCH (e:MlflowExperiment {id: $id})
            SET e._lock = true
            REMOVE e._lock
            RETURN e.tags AS tags
            """;

    private static final String SET_TAGS = """
            MATCH (e:MlflowExperiment {id: $id})
            SET e.tags = $tags, e.updatedAt = $now
            """;

    /** Experiment "0" as the migration makes it, answered by reads when it is not stored. */
    private static final Ml.Experiment DEFAULT = new Ml.Experiment(DEFAULT_ID, "Default", "", "active", 0L, 0L,
            List.of());

    private final Database db;
    private final AuditLog audit;
    private final Clock clock;

    public Experiments(Database db, AuditLog audit, Clock clock) {
        this.db = db;
        this.audit = audit;
        this.clock = clock;
    }

    public String create(String name, String artifactLocation, Map<String, String> tags, String actor) {
        if (name == null || name.isBlank()) {
            throw new InvalidInput("name", "name is the experiment's name");
        }
        return db.write(tx -> {
            // Numbering starts after "0", which must exist before the counter hands out "1".
            ensureDefault(tx, clock);
            Map<String, Object> p = new HashMap<>();
            p.put("name", name);
            // Empty: the experiment's runs keep their artifacts on Pedigree's proxy (see Runs#artifactUri).
            p.put("location", artifactLocation == null ? "" : artifactLocation);
            p.put("now", clock.instant().toEpochMilli());
            p.put("tags", VersionReads.write(tags == null ? Map.of() : tags));
            p.put("actor", actor);
            List<Value> created = tx.run(CREATE, p).list(r -> r.get("created"));
            if (created.isEmpty() || created.get(0).isNull()) {
                throw new AlreadyExists("Experiment '" + name + "' already exists.");
            }
            String id = created.get(0).asString();
            audit.append(tx, actor, AuditEntry.of("mlflow.experiment.create", "mlflow-experiment:" + id, null,
                    Map.of("name", name), null));
            return id;
        });
    }

    public Ml.Experiment get(String id) {
        return read(id, null).or(() -> DEFAULT_ID.equals(id) ? Optional.of(DEFAULT) : Optional.empty())
                .orElseThrow(() -> new NotFound("experiment_id", "No Experiment with id=" + id + " exists"));
    }

    public Ml.Experiment byName(String name) {
        return read(null, name).or(() -> DEFAULT.name().equals(name) && read(DEFAULT_ID, null).isEmpty()
                ? Optional.of(DEFAULT) : Optional.empty()).orElseThrow(() -> new NotFound("experiment_name",
                "Could not find experiment with name '" + name + "'"));
    }

    /**
     * Experiments matching MLflow's filter ({@code name}, {@code tags.<key>}, {@code creation_time},
     * {@code last_update_time}), sorted by {@code order_by} (by id by default) and paged in the database.
     */
    public Ml.Page<Ml.Experiment> search(String filter, Integer maxResults, String pageToken, List<String> orderBy) {
        int max = Pages.max(maxResults);
        int from = Pages.offset(pageToken);
        Filter f = Filter.parse(filter, GRAMMAR);
        Statement query = searchQuery(f, orderBy, from, max);
        return db.read(tx -> {
            List<Ml.Experiment> rows = new ArrayList<>(tx.run(query.getCypher(), query.getCatalog().getParameters())
                    .list(r -> experiment(r.get("e"))));
            // "0" not stored (a store emptied under a running server): answered as the migration makes it.
            boolean stored = !tx.run(READ, nulls(DEFAULT_ID, null)).list().isEmpty();
            if (!stored && from == 0 && f.test(Map.of("name", DEFAULT.name()), Map.of())) {
                rows.add(0, DEFAULT);
            }
            return Pages.of(rows, from, max);
        });
    }

    static Statement searchQuery(Filter filter, List<String> orderBy, int from, int max) {
        Node e = Cypher.node("MlflowExperiment").named("e");
        List<SortItem> sort = new ArrayList<>(FilterCypher.orderBy(orderBy, e, Map.of("name", e.property("name"),
                "experiment_id", Cypher.raw("toInteger($E)", e.property("id")), "creation_time",
                e.property("createdAt"), "last_update_time", e.property("updatedAt")), COLUMNS));
        sort.add(Cypher.raw("toInteger($E)", e.property("id")).ascending());
        return Cypher.match(e)
                .where(FilterCypher.where(filter, e, COLUMNS))
                .returning(e.as("e"))
                .orderBy(sort)
                .skip(Cypher.parameter("skip", from))
                .limit(Cypher.parameter("limit", max + 1))
                .build();
    }

    /** Sets a tag, read and written under the experiment's lock so concurrent tags are not lost. */
    public void tag(String id, String key, String value, String actor) {
        RegisteredModels.requireKey(key);
        db.write(tx -> {
            if (DEFAULT_ID.equals(id)) {
                ensureDefault(tx, clock);
            }
            List<String> found = tx.run(LOCK, Map.of("id", id == null ? "" : id)).list(r -> r.get("tags")
                    .asString(null));
            if (found.isEmpty()) {
                throw new NotFound("experiment_id", "No Experiment with id=" + id + " exists");
            }
            Map<String, String> tags = VersionReads.strings(found.get(0));
            tags.put(key, value == null ? "" : value);
            tx.run(SET_TAGS, Map.of("id", id, "tags", VersionReads.write(tags), "now", clock.instant().toEpochMilli()))
                    .consume();
            audit.append(tx, actor, AuditEntry.of("mlflow.experiment.tag", "mlflow-experiment:" + id, null,
                    Map.of("key", key), null));
            return null;
        });
    }

    /** The experiment's name, read in a run's transaction. */
    static Optional<Ml.Experiment> readIn(TransactionContext tx, String id) {
        return tx.run(READ, nulls(id, null)).stream().findFirst().map(r -> experiment(r.get("e")));
    }

    /** MLflow clients assume experiment "0" exists: runs created without an experiment land there. */
    static void ensureDefault(TransactionContext tx, Clock clock) {
        tx.run(ENSURE_DEFAULT, Map.of("now", clock.instant().toEpochMilli())).consume();
    }

    private Optional<Ml.Experiment> read(String id, String name) {
        return db.read(tx -> tx.run(READ, nulls(id, name)).stream().findFirst().map(r -> experiment(r.get("e"))));
    }

    private static Map<String, Object> nulls(String id, String name) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", id);
        p.put("name", name);
        return p;
    }

    private static Ml.Experiment experiment(Value e) {
        return new Ml.Experiment(e.get("id").asString(), e.get("name").asString(),
                e.get("artifactLocation").asString(""), e.get("lifecycleStage").asString("active"),
                e.get("updatedAt").asLong(0), e.get("createdAt").asLong(0),
                VersionReads.tags(e.get("tags").asString(null)));
    }
}
