package io.pedigree.mlflow;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.governance.Lifecycle;
import io.pedigree.lineage.NodeKey;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.Models;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;
import io.pedigree.registry.VersionInput;
import io.pedigree.registry.Versions;
import io.pedigree.store.Database;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Expression;
import org.neo4j.cypherdsl.core.Node;
import org.neo4j.cypherdsl.core.SortItem;
import org.neo4j.cypherdsl.core.Statement;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * MLflow's model-version calls on Pedigree's registry: a version is {@code model:<name>@<n>}, READY at once, linked
 * to the run that produced it; stage transitions go through Pedigree's lifecycle and gates.
 */
public final class ModelVersions {

    private static final Set<String> SEARCH_ATTRIBUTES = Set.of("name", "run_id", "source_path", "version_number");
    private static final FilterCypher.Columns COLUMNS = new FilterCypher.Columns(Map.of("name", "model",
            "run_id", "mlflowRunId", "source_path", "mlflowSource"), Map.of("version_number", "number"),
            Map.of(Filter.TAGS, "tags"), null);

    private static final String SET_EXTRAS = """
            MATCH (s:ModelVersion {key: $key})
            SET s.mlflowSource = $source, s.mlflowRunId = $runId, s.mlflowRunLink = $runLink,
                s.mlflowRequest = $request, s.mlflowRequestAt = $now
            """;

    private static final String EARLIER = """
            MATCH (:RegisteredModel {name: $name})-[:HAS_VERSION]->(s:ModelVersion {mlflowRequest: $request})
            WHERE s.mlflowRequestAt >= $since AND s.retiredAt IS NULL
            RETURN s.number AS number
            ORDER BY number
            LIMIT 1
            """;

    private static final String HIDE = """
            MATCH (s:ModelVersion {key: $key})
            SET s.mlflowDeleted = true, s.mlflowDeletedBy = $actor, s.mlflowDeletedAt = $now
            """;

    // Whether the version has left MLflow's view, and whether by this principal within the retry window.
    private static final String HIDDEN = """
            MATCH (s:ModelVersion {key: $key})
            RETURN coalesce(s.mlflowDeleted, false) AS hidden,
                   s.mlflowDeletedBy = $actor AND s.mlflowDeletedAt >= $since AS repeat
            """;

    private final Database db;
    private final Registry registry;
    private final Models models;
    private final Versions versions;
    private final Lifecycle lifecycle;
    private final Runs runs;
    private final RunMetrics metrics;
    private final AuditLog audit;
    private final Clock clock;

    public ModelVersions(Database db, Registry registry, Models models, Versions versions, Lifecycle lifecycle,
                         Runs runs, RunMetrics metrics, AuditLog audit, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.models = models;
        this.versions = versions;
        this.lifecycle = lifecycle;
        this.runs = runs;
        this.metrics = metrics;
        this.audit = audit;
        this.clock = clock;
    }

    /** What {@code model-versions/create} carries. */
    public record Create(String source, String runId, Map<String, String> tags, String runLink,
                         String description) {
    }

    /**
     * Registers the model's next version. A run this server knows becomes the version's producing run, so lineage,
     * impact and taint reach through it to the run's datasets; its inputs are the run's logged datasets. Files the
     * source names in the artifact proxy become the version's artifacts (so approvals bind to their content), and
     * the run's metrics its evaluation. The same principal sending the same create again within
     * {@link Retries#WINDOW} gets the first version back: decided and registered under the model's lock.
     */
    public Ml.ModelVersion create(ModelName name, Create c, String actor) {
        if (c.source() == null || c.source().isBlank()) {
            throw new InvalidInput("source", "source is the URI of the model's files");
        }
        String runId = c.runId() == null || c.runId().isEmpty() ? null : c.runId();
        String runLink = c.runLink() == null || c.runLink().isEmpty() ? null : c.runLink();
        Ml.Run run = runId == null ? null : runs.find(runId).orElse(null);
        NodeKey runKey = run == null ? null : runs.key(runId).orElse(null);
        // The run's parameters are the version's: fixed with it, shown on its page, bound into what approvals sign.
        Map<String, Object> parameters = new TreeMap<>();
        if (run != null) {
            run.data().params().forEach(p -> parameters.put(p.key(), p.value()));
        }
        String request = Retries.digest(actor, "model-versions/create", name.value(), c.source(), runId,
                new TreeMap<>(c.tags() == null ? Map.of() : c.tags()), runLink, c.description());
        String dir = Sources.proxyPath(c.source(), run);
        boolean[] created = {false};
        int number = db.write(tx -> {
            registry.lock(tx, name);
            List<Integer> earlier = tx.run(EARLIER, Map.of("name", name.value(), "request", request,
                    "since", Retries.since(clock))).list(r -> r.get("number").asInt());
            if (!earlier.isEmpty()) {
                return earlier.get(0);
            }
            List<ArtifactFiles.File> files = dir == null ? List.of() : ArtifactFiles.manifestIn(tx, dir);
            int n = versions.registerIn(tx, name, new VersionInput(runKey, List.of(), null, parameters,
                    Sources.artifacts(files), null, c.description(), c.tags(), List.of()), actor);
            String key = name.version(n).toString();
            ArtifactFiles.pinIn(tx, files, key);
            Map<String, Object> p = new HashMap<>();
            p.put("key", key);
            p.put("source", c.source());
            p.put("runId", runId);
            p.put("runLink", runLink);
            p.put("request", request);
            p.put("now", clock.instant().toEpochMilli());
            tx.run(SET_EXTRAS, p).consume();
            created[0] = true;
            return n;
        });
        if (created[0] && run != null) {
            metrics.record(name, number, run, actor);
        }
        return get(name, number);
    }

    public Ml.ModelVersion get(ModelName name, int number) {
        return VersionReads.one(db, name, number).orElseThrow(() -> {
            registry.model(name);
            return new NotFound("version", "Model Version (name=" + name + ", version=" + number + ") not found");
        });
    }

    /** Filters, sorts and pages in the database: one query for the page's keys, one for their versions. */
    public Ml.Page<Ml.ModelVersion> search(String filter, Integer maxResults, String pageToken, List<String> orderBy) {
        int max = Pages.max(maxResults);
        int from = Pages.offset(pageToken);
        Statement query = searchQuery(Filter.parse(filter, SEARCH_ATTRIBUTES), orderBy, from, max);
        List<Ml.ModelVersion> rows = db.read(tx -> VersionReads.byKeys(tx, tx.run(query.getCypher(),
                query.getCatalog().getParameters()).list(r -> r.get("key").asString())));
        return Pages.of(rows, from, max);
    }

    /** The keys of one page of matching versions, as Cypher; kept apart so its rendering is unit-tested. */
    static Statement searchQuery(Filter filter, List<String> orderBy, int from, int max) {
        Node m = Cypher.node("RegisteredModel").named("m");
        Node s = Cypher.node("ModelVersion").named("s");
        List<SortItem> sort = new ArrayList<>(FilterCypher.orderBy(orderBy, s, Map.of("name", s.property("model"),
                "version_number", s.property("number"), "creation_timestamp", s.property("registeredAt"),
                "last_updated_timestamp", lastUpdated(s)), COLUMNS));
        sort.add(s.property("model").ascending());
        sort.add(s.property("number").descending());
        return Cypher.match(m.relationshipTo(s, "HAS_VERSION"))
                .where(s.property("mlflowDeleted").isNull().and(s.property("retiredAt").isNull()).and(FilterCypher.where(filter, s, COLUMNS)))
                .returning(s.property("key").as("key"))
                .orderBy(sort)
                .skip(Cypher.parameter("skip", from))
                .limit(Cypher.parameter("limit", max + 1))
                .build();
    }

    /** The later of a version's last edit and last stage change, as {@link VersionReads} answers it. */
    private static Expression lastUpdated(Node s) {
        Expression edited = s.property("updatedAt");
        Expression staged = s.property("stageChangedAt");
        return Cypher.raw("CASE WHEN $E > $E THEN $E ELSE $E END", edited, staged, edited, staged);
    }

    public Ml.ModelVersion update(ModelName name, int number, String description, String actor) {
        get(name, number);
        versions.update(name, number, description, null, null, "updated through the MLflow API", actor);
        return get(name, number);
    }

    public void tag(ModelName name, int number, String key, String value, String actor) {
        RegisteredModels.requireKey(key);
        get(name, number);
        Map<String, String> patch = new HashMap<>();
        patch.put(key, value);
        versions.update(name, number, null, patch, null, "tag set through the MLflow API", actor);
    }

    /**
     * Moves a version to an MLflow stage through Pedigree's lifecycle: gated stages check every gate, and
     * {@code archive_existing_versions} on promotion to Production names the version in production as the one
     * replaced (Pedigree keeps one version in production and returns the replaced one to staging). A version in
     * the stage already is answered as it is, so a retried call changes nothing.
     */
    public Ml.ModelVersion transition(ModelName name, int number, Stage to, boolean archiveExisting,
                                      Lifecycle.Actor actor) {
        Ml.ModelVersion v = get(name, number);
        if (Stages.parse("stage", v.currentStage()) == to) {
            return v;
        }
        Integer replaces = null;
        if (to == Stage.PRODUCTION && archiveExisting) {
            replaces = registry.model(name).productionVersion();
        }
        lifecycle.transition(name, number, new Lifecycle.TransitionRequest(to, "transition-stage through the MLflow"
                + " API", List.of(), replaces, false), actor);
        return get(name, number);
    }

    /**
     * MLflow's delete: the version leaves MLflow's view (archived first), but stays in Pedigree's registry, lineage
     * and audit log, which never forget what was registered. Refused while it serves a deployment or holds a
     * governed alias, as a model's delete is, so deleting never drops governance: the refusal is decided, the
     * version archived and hidden in one transaction under the model's lock, so a deploy, promotion or alias move
     * comes wholly before it (and refuses it) or after it (and finds the version archived). The same principal
     * deleting it again within {@link Retries#WINDOW} (a client's retry) is answered success.
     */
    public void delete(ModelName name, int number, Lifecycle.Actor actor) {
        String key = name.version(number).toString();
        db.write(tx -> {
            registry.lock(tx, name);
            ModelVersion version = registry.requireVersion(tx, "version", name, number);
            var hidden = tx.run(HIDDEN, Map.of("key", key, "actor", actor.name(), "since", Retries.since(clock)))
                    .single();
            if (hidden.get("hidden").asBoolean()) {
                if (hidden.get("repeat").asBoolean(false)) {
                    return null;
                }
                throw new NotFound("version", "Model Version (name=" + name + ", version=" + number + ") not found");
            }
            models.requireVersionDeletable(tx, name, number);
            List<AuditEntry> events = new ArrayList<>();
            if (version.stage() != Stage.ARCHIVED) {
                events.add(lifecycle.archiveIn(tx, name, version, "deleted through the MLflow API", actor));
            }
            tx.run(HIDE, Map.of("key", key, "actor", actor.name(), "now", clock.instant().toEpochMilli()))
                    .consume();
            events.add(AuditEntry.of("mlflow.version.delete", key, null, null,
                    "deleted through the MLflow API; kept archived in Pedigree"));
            // Last, after every other lock this transaction takes.
            events.forEach(e -> audit.append(tx, actor.name(), e));
            return null;
        });
    }

    /** Where the version's files are: the source it was registered with. */
    public String downloadUri(ModelName name, int number) {
        return get(name, number).source();
    }
}
