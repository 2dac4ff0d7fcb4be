package io.pedigree.governance;

import io.pedigree.audit.AuditEntry;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.NotFound;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.store.Database;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Deployments and their serving history. A deployment serves one version at a time; each period is a
 * {@code SERVES} relation with its validity interval, so the full history stays in the lineage graph and "what
 * served at 14:00 on 3 October" has an answer. Switching what serves is {@link Serving}'s job, going back
 * {@link Rollbacks}'.
 */
public final class Deployments {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._\\-]{0,127}");

    private static final String READ = """
            MATCH (d:Node:Deployment {key: $key})
            OPTIONAL MATCH (d)-[r:SERVES]->(v:Node)
            WHERE r.validFrom <= $at AND (r.validTo IS NULL OR r.validTo > $at)
            RETURN d.props AS props, collect(v.key) AS serving
            """;

    private static final String EXISTS = """
            MATCH (d:Node:Deployment {key: $key})
            RETURN d.key AS key
            """;

    static final String HISTORY = """
            MATCH (:Node:Deployment {key: $key})-[r:SERVES]->(v:Node)
            RETURN v.key AS version, r.validFrom AS validFrom, r.validTo AS validTo, r.recordedBy AS by,
                   r.closedBy AS closedBy, r.rolledBack AS rolledBack
            ORDER BY r.validFrom DESC
            """;

    private final Database db;
    private final GraphWriter writer;
    private final AuditLog audit;
    private final Limits limits;
    private final Clock clock;

    public Deployments(Database db, GraphWriter writer, AuditLog audit, Limits limits, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    public static NodeKey key(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInput(field, "A deployment name is 1 to 128 letters, digits, '.', '_' or '-'");
        }
        return NodeKey.of(Kind.DEPLOYMENT, name);
    }

    /** Records a deployment or changes its environment, endpoint, description and owner. */
    public Deployment save(String name, String environment, String endpoint, String description, NodeKey owner,
                           String actor) {
        NodeKey key = key("name", name);
        if (environment == null || !environment.matches("[a-z][a-z0-9\\-]{0,31}")) {
            throw new InvalidInput("environment", "environment is a lowercase word like production or staging");
        }
        if (owner != null && owner.kind() != Kind.PERSON) {
            throw new InvalidInput("owner", "owner names a person, like person:ana");
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("environment", environment);
        if (endpoint != null) {
            props.put("endpoint", endpoint);
        }
        if (description != null) {
            props.put("description", description);
        }
        Properties p = Properties.of("", props, limits);
        db.write(tx -> {
            var summary = writer.writeIn(tx, new Batch(List.of(new NodeInput(key, p, owner, null)), List.of()),
                    actor, i -> "");
            if (summary.nodes().created() + summary.nodes().updated() > 0 || owner != null) {
                audit.append(tx, actor, new AuditEntry("deployment.save", key.toString(), List.of(), null,
                        Digest.of(props), null, Map.of("environment", environment)));
            }
            return null;
        });
        return get(name, null);
    }

    /** A deployment with what it served at {@code at} (default now). */
    public Deployment get(String name, Instant at) {
        NodeKey key = key("name", name);
        ZonedDateTime when = (at == null ? clock.instant() : at).atZone(ZoneOffset.UTC);
        return db.read(tx -> {
            List<Record> rows = tx.run(READ, Map.of("key", key.toString(), "at", when)).list();
            if (rows.isEmpty()) {
                throw new NotFound("name", "No deployment named " + name);
            }
            Map<String, Object> props = new LinkedHashMap<>(Properties.fromJson(rows.get(0).get("props")
                    .asString(null)).values());
            List<String> serving = rows.get(0).get("serving").asList(Value::asString);
            return new Deployment(key.toString(), name, text(props.remove("environment")),
                    text(props.remove("endpoint")), text(props.remove("description")), props, when.toInstant(),
                    serving.isEmpty() ? null : serving.get(0));
        });
    }

    /** Every period of service, newest first. */
    public List<ServingPeriod> history(String name) {
        return db.read(tx -> periods(tx, requireDeployment(tx, name)));
    }

    /** Every period of service of the deployment {@code key}, newest first, inside the caller's transaction. */
    static List<ServingPeriod> periods(TransactionContext tx, NodeKey key) {
        return tx.run(HISTORY, Map.of("key", key.toString())).list(r -> new ServingPeriod(
                r.get("version").asString(), instant(r.get("validFrom")), instant(r.get("validTo")),
                r.get("by").asString(null), r.get("closedBy").asString(null), r.get("rolledBack").asString(null)));
    }

    /** The key of the deployment named in a request's path; 404 naming {@code name} when there is none. */
    static NodeKey requireDeployment(TransactionContext tx, String name) {
        NodeKey key = key("name", name);
        if (tx.run(EXISTS, Map.of("key", key.toString())).list().isEmpty()) {
            throw new NotFound("name", "No deployment named " + name);
        }
        return key;
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    static Instant instant(Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }
}
