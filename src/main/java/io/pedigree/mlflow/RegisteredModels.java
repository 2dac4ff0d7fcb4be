package io.pedigree.mlflow;

import io.pedigree.error.PedigreeException.AlreadyExists;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.governance.Gates;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.Models;
import io.pedigree.registry.RegisteredModel;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Stage;
import io.pedigree.store.Database;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Node;
import org.neo4j.cypherdsl.core.SortItem;
import org.neo4j.cypherdsl.core.Statement;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * MLflow's registered-model calls on Pedigree's registry: a registered model is a Pedigree model, its tags and
 * aliases Pedigree's, and an alias the model's policy governs moves only when the production gates are met.
 */
public final class RegisteredModels {

    private static final Set<String> SEARCH_ATTRIBUTES = Set.of("name");
    private static final FilterCypher.Columns COLUMNS = new FilterCypher.Columns(Map.of("name", "name"), Map.of(),
            Map.of(Filter.TAGS, "tags"), null);

    private final Database db;
    private final Registry registry;
    private final Models models;
    private final Gates gates;
    private final Clock clock;

    public RegisteredModels(Database db, Registry registry, Models models, Gates gates, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.models = models;
        this.gates = gates;
        this.clock = clock;
    }

    /** Registers a model; one that exists already is RESOURCE_ALREADY_EXISTS, which MLflow clients expect. */
    public Ml.RegisteredModel create(ModelName name, String description, Map<String, String> tags, String actor) {
        if (db.read(tx -> registry.readModel(tx, name)).isPresent()) {
            throw new AlreadyExists("Registered Model (name=" + name + ") already exists.");
        }
        models.createModel(name, description, null, tags, null, actor);
        return get(name);
    }

    public Ml.RegisteredModel get(ModelName name) {
        return view(registry.model(name));
    }

    /** Filters, sorts and pages in the database; only the page's models are then read in full. */
    public Ml.Page<Ml.RegisteredModel> search(String filter, Integer maxResults, String pageToken,
                                              List<String> orderBy) {
        int max = Pages.max(maxResults);
        int from = Pages.offset(pageToken);
        Statement query = searchQuery(Filter.parse(filter, SEARCH_ATTRIBUTES), orderBy, from, max);
        List<RegisteredModel> rows = db.read(tx -> {
            List<RegisteredModel> out = new ArrayList<>();
            for (String n : tx.run(query.getCypher(), query.getCatalog().getParameters())
                    .list(r -> r.get("name").asString())) {
                registry.readModel(tx, new ModelName(n)).ifPresent(out::add);
            }
            return out;
        });
        Ml.Page<RegisteredModel> page = Pages.of(rows, from, max);
        return new Ml.Page<>(page.items().stream().map(this::view).toList(), page.nextPageToken());
    }

    /** The names of one page of matching models, as Cypher; kept apart so its rendering is unit-tested. */
    static Statement searchQuery(Filter filter, List<String> orderBy, int from, int max) {
        Node m = Cypher.node("RegisteredModel").named("m");
        List<SortItem> sort = new ArrayList<>(FilterCypher.orderBy(orderBy, m, Map.of("name", m.property("name"),
                "creation_timestamp", m.property("createdAt")), COLUMNS));
        sort.add(m.property("name").ascending());
        return Cypher.match(m)
                .where(m.property("retiredAt").isNull().and(FilterCypher.where(filter, m, COLUMNS)))
                .returning(m.property("name").as("name"))
                .orderBy(sort)
                .skip(Cypher.parameter("skip", from))
                .limit(Cypher.parameter("limit", max + 1))
                .build();
    }

    public Ml.RegisteredModel update(ModelName name, String description, String actor) {
        return view(models.updateModel(name, description, null, null, actor));
    }

    /**
     * MLflow's rename: afterwards the model and its versions answer under {@code to} only, with their aliases,
     * tags, stages, approvals, evaluations, deployments and lineage (Pedigree's {@link Models#rename}). The same
     * principal renaming {@code from} to {@code to} again within {@link Retries#WINDOW} (a client's retry after a
     * lost answer) gets the renamed model back rather than RESOURCE_DOES_NOT_EXIST.
     */
    public Ml.RegisteredModel rename(ModelName from, ModelName to, String actor) {
        return view(models.rename(from, to, "renamed through the MLflow API", actor, repeatSince()));
    }

    /**
     * MLflow's delete: the model and its versions leave every registry read; Pedigree retires, never destroys. The
     * same principal deleting it again within {@link Retries#WINDOW} (a client's retry) is answered success.
     */
    public void delete(ModelName name, String actor) {
        models.delete(name, "deleted through the MLflow API", actor, repeatSince());
    }

    private Instant repeatSince() {
        return Instant.ofEpochMilli(Retries.since(clock));
    }

    /** Sets ({@code value} non-null) or removes a tag; repeating either changes nothing more. */
    public void tag(ModelName name, String key, String value, String actor) {
        requireKey(key);
        Map<String, String> patch = new HashMap<>();
        patch.put(key, value);
        models.updateModel(name, null, null, patch, actor);
    }

    /** The latest version in each stage asked for (every stage when none is). */
    public List<Ml.ModelVersion> latest(ModelName name, List<String> stages) {
        registry.model(name);
        List<Stage> wanted = new ArrayList<>();
        if (stages == null || stages.isEmpty()) {
            wanted.addAll(List.of(Stage.values()));
        } else {
            for (int i = 0; i < stages.size(); i++) {
                wanted.add(Stages.parse("stages[" + i + "]", stages.get(i)));
            }
        }
        Map<String, Ml.ModelVersion> latest = new LinkedHashMap<>();
        for (Ml.ModelVersion v : db.read(tx -> VersionReads.read(tx, name, null))) {
            if (wanted.contains(Stages.parse("stage", v.currentStage()))) {
                latest.putIfAbsent(v.currentStage(), v);
            }
        }
        return new ArrayList<>(latest.values());
    }

    /**
     * Points an alias at a version. When the model's policy governs the alias, the version must meet every
     * production gate, checked in the move's transaction under the model's lock (so a policy change, approval
     * withdrawal or promotion cannot slip in between); a refusal names each unmet one and moves nothing. Setting
     * it where it points is a no-op.
     */
    public void setAlias(ModelName name, String alias, int number, String actor) {
        RegisteredModel model = registry.model(name);
        registry.version("version", name, number);
        if (Integer.valueOf(number).equals(model.aliases().get(alias))) {
            return;
        }
        models.moveAlias(name, alias, number, "set through the MLflow API", actor,
                (tx, locked, target) -> gates.requireForAlias(tx, locked, target, alias));
    }

    public void deleteAlias(ModelName name, String alias, String actor) {
        models.deleteAlias(name, alias, "deleted through the MLflow API", actor);
    }

    public int resolveAlias(ModelName name, String alias) {
        return registry.resolve("alias", name, alias);
    }

    private Ml.RegisteredModel view(RegisteredModel m) {
        ModelName name = new ModelName(m.name());
        List<Ml.ModelVersion> versions = db.read(tx -> VersionReads.read(tx, name, null));
        Map<String, Ml.ModelVersion> latest = new LinkedHashMap<>();
        long updated = m.createdAt() == null ? 0 : m.createdAt().toEpochMilli();
        for (Ml.ModelVersion v : versions) {
            latest.putIfAbsent(v.currentStage(), v);
            if (v.lastUpdatedTimestamp() != null) {
                updated = Math.max(updated, v.lastUpdatedTimestamp());
            }
        }
        List<Ml.Alias> aliases = new ArrayList<>();
        m.aliases().forEach((a, n) -> aliases.add(new Ml.Alias(a, Integer.toString(n))));
        List<Ml.Tag> tags = new ArrayList<>();
        m.tags().forEach((k, v) -> tags.add(new Ml.Tag(k, v)));
        return new Ml.RegisteredModel(m.name(), m.createdAt() == null ? null : m.createdAt().toEpochMilli(),
                updated, m.createdBy(), m.description(), new ArrayList<>(latest.values()), tags, aliases);
    }

    static void requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new InvalidInput("key", "key names the tag");
        }
    }
}
