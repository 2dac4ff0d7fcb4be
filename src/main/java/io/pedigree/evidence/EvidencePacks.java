package io.pedigree.evidence;

import io.pedigree.audit.AuditEvent;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.AuditPage;
import io.pedigree.audit.AuditQuery;
import io.pedigree.audit.Checkpoint;
import io.pedigree.audit.Checkpoints;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Lifecycle;
import io.pedigree.governance.Quarantine;
import io.pedigree.governance.Quarantines;
import io.pedigree.lineage.Direction;
import io.pedigree.lineage.GraphNode;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.LineageGraph;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeDetail;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.NodeReader;
import io.pedigree.observability.Incident;
import io.pedigree.observability.Incidents;
import io.pedigree.registry.Evaluation;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.ModelName;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.RegisteredModel;
import io.pedigree.registry.Registry;
import io.pedigree.store.Database;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the evidence pack of a model version from Pedigree's own records only: the registry, the lineage graph,
 * governance, production incidents and the audit log, and a signed checkpoint of the audit chain made (or reused) as it is built.
 */
public final class EvidencePacks {

    /** Sections of the pack and the audit actions whose events back them. */
    static final Map<String, List<String>> SECTIONS = sections();

    // Every deployment that ever served the version, with each period; the deployment's own history read turned
    // round, so the pack needs no walk over all deployments.
    private static final String SERVED = """
            MATCH (d:Node:Deployment)-[r:SERVES]->(:Node {key: $key})
            RETURN d.key AS deployment, r.validFrom AS validFrom, r.validTo AS validTo, r.recordedBy AS by,
                   r.closedBy AS closedBy, r.rolledBack AS rolledBack
            ORDER BY r.validFrom
            """;

    private final Database db;
    private final Registry registry;
    private final Evaluations evaluations;
    private final Lifecycle lifecycle;
    private final Quarantines quarantines;
    private final Deployments deployments;
    private final Incidents incidents;
    private final LineageService lineage;
    private final NodeReader nodes;
    private final AuditLog audit;
    private final Checkpoints checkpoints;
    private final Limits limits;
    private final Clock clock;

    public EvidencePacks(Database db, Registry registry, Evaluations evaluations, Lifecycle lifecycle,
                         Quarantines quarantines, Deployments deployments, Incidents incidents, LineageService lineage,
                         NodeReader nodes, AuditLog audit, Checkpoints checkpoints, Limits limits, Clock clock) {
        this.db = db;
        this.registry = registry;
        this.evaluations = evaluations;
        this.lifecycle = lifecycle;
        this.quarantines = quarantines;
        this.deployments = deployments;
        this.incidents = incidents;
        this.lineage = lineage;
        this.nodes = nodes;
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.limits = limits;
        this.clock = clock;
    }

    /** The pack of version {@code ref} (a number or alias) of {@code name}, as {@code reader} asked for it. */
    public EvidencePack build(ModelName name, String ref, String reader) {
        ModelVersion v = registry.version("version", name, ref);
        RegisteredModel model = registry.model(name);
        Instant now = clock.instant();
        NodeKey key = NodeKey.parse("version", v.key());
        LineageGraph upstream = lineage.lineage(key, Direction.UPSTREAM, limits.maxDepth(), Set.of(),
                limits.maxNodes(), null);
        List<Evaluation> evals = evaluations.of(v);
        List<EvidencePack.DataAsset> data = data(v, evals);
        List<String> commits = upstream.nodes().stream().filter(n -> Kind.COMMIT.id().equals(n.kind()))
                .map(GraphNode::key).sorted().toList();
        List<EvidencePack.Served> served = served(v.key());
        Set<String> touched = new LinkedHashSet<>();
        touched.add(v.key());
        upstream.nodes().forEach(n -> touched.add(n.key()));
        List<Quarantine> quarantined = quarantines.list(false, null).stream()
                .filter(q -> touched.contains(q.key())).toList();
        // All of them, oldest first like the other histories: a pack that left some out would mislead its reader.
        List<Incident> attributed = incidents.list(null, null, null, v.key(), Integer.MAX_VALUE).stream()
                .sorted(Comparator.comparing(Incident::startedAt).thenComparing(Incident::key)).toList();

        // The events behind the statements: those naming the version, its model, the deployments that served it,
        // the quarantined assets upstream of it and the incidents attributed to it.
        Set<String> targets = new LinkedHashSet<>(List.of(v.key(), model.key()));
        served.forEach(s -> targets.add(Deployments.key("deployment", s.deployment()).toString()));
        quarantined.forEach(q -> targets.add(q.key()));
        attributed.forEach(i -> targets.add(i.key()));
        TreeMap<Long, AuditEvent> events = new TreeMap<>();
        for (String target : targets) {
            events(target).stream().filter(e -> cited(e, target, v.key(), model.key())).forEach(e -> events.put(e.seq(), e));
        }
        // A renamed model's events up to each rename cite it by the name it had then (the log is never rewritten);
        // later events under that name belong to whatever took the name since.
        for (RegisteredModel.FormerName former : model.formerNames()) {
            String oldModel = NodeKey.of(Kind.MODEL, former.name()).toString();
            String oldVersion = NodeKey.of(Kind.MODEL, former.name(), Integer.toString(v.number())).toString();
            for (String target : List.of(oldVersion, oldModel)) {
                events(target).stream().filter(e -> e.seq() <= former.renamedAtSeq())
                        .filter(e -> cited(e, target, oldVersion, oldModel)).forEach(e -> events.put(e.seq(), e));
            }
        }
        Checkpoint checkpoint = checkpoints.current();
        events.tailMap(checkpoint.seq(), false).clear(); // appended while the pack was read: after its proof
        Map<String, List<Long>> citations = new LinkedHashMap<>();
        SECTIONS.forEach((section, actions) -> citations.put(section, events.values().stream()
                .filter(e -> actions.contains(e.action())).map(AuditEvent::seq).toList()));
        long first = events.isEmpty() ? checkpoint.seq() : events.firstKey();
        EvidencePack.Proof proof = new EvidencePack.Proof(checkpoint, checkpoint.signedText(),
                checkpoints.publicKeyPem(), checkpoint.seq() == 0 ? List.of() : audit.links(first, checkpoint.seq()));
        return new EvidencePack(EvidencePack.FORMAT, now, reader, model, v, text(v.card().fields().get("intendedUse")),
                text(v.card().fields().get("riskLevel")), data, commits, upstream, evals, lifecycle.approvals(v),
                lifecycle.history(v), served, quarantined, quarantines.taint(v.key()), attributed,
                List.copyOf(events.values()), citations, proof);
    }

    /**
     * Whether an event found under {@code target} is about this version: anything on the version itself; on its
     * model, the model's own changes and those naming the version; on a deployment, the switches that involved
     * the version; on an incident attributed to the version, its opening, acknowledgement and resolution (only
     * incidents of this version are searched, so an incident event met under a deployment is another version's);
     * on an upstream asset, its quarantines.
     */
    static boolean cited(AuditEvent e, String target, String versionKey, String modelKey) {
        if (target.equals(versionKey)) {
            return true;
        }
        if (target.equals(modelKey)) {
            return e.action().startsWith("model.") || e.targets().contains(versionKey);
        }
        if (e.action().startsWith("deployment.")) {
            return e.targets().contains(versionKey);
        }
        if (e.action().startsWith("incident.")) {
            return target.equals(e.target());
        }
        return e.action().startsWith("quarantine.");
    }

    private List<AuditEvent> events(String target) {
        List<AuditEvent> out = new ArrayList<>();
        AuditQuery q = new AuditQuery(null, null, target, null, null, 0, AuditQuery.MAX_LIMIT);
        AuditPage page = audit.read(q);
        out.addAll(page.items());
        while (page.nextCursor() != null) {
            page = audit.read(q.withCursor(page.nextCursor()));
            out.addAll(page.items());
        }
        return out;
    }

    private List<EvidencePack.DataAsset> data(ModelVersion v, List<Evaluation> evals) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (String input : v.inputs()) {
            if (input.startsWith(Kind.DATASET.id() + ":")) {
                roles.put(input, "training");
            }
        }
        for (Evaluation e : evals) {
            if (e.dataset() != null) {
                roles.merge(e.dataset(), "evaluation", (a, b) -> a.equals(b) ? a : a + ", " + b);
            }
        }
        List<EvidencePack.DataAsset> out = new ArrayList<>();
        roles.forEach((key, role) -> {
            NodeDetail d;
            try {
                d = nodes.get(NodeKey.parse("dataset", key));
            } catch (io.pedigree.error.PedigreeException.NotFound | io.pedigree.error.PedigreeException.InvalidInput
                     gone) {
                // An evaluation may name a dataset never recorded as a node: listed, with nothing more known.
                out.add(new EvidencePack.DataAsset(key, null, role, List.of(), null, null));
                return;
            }
            Object licence = d.properties().getOrDefault("license", d.properties().get("licence"));
            out.add(new EvidencePack.DataAsset(key, d.kind(), role, d.owners(), text(licence),
                    text(d.properties().get("description"))));
        });
        return out;
    }

    private List<EvidencePack.Served> served(String versionKey) {
        List<EvidencePack.Served> out = new ArrayList<>();
        Map<String, String> environments = new TreeMap<>();
        db.read(tx -> tx.run(SERVED, Map.of("key", versionKey)).list()).forEach(r -> {
            String name = NodeKey.parse("deployment", r.get("deployment").asString()).name();
            String environment = environments.computeIfAbsent(name, n -> deployments.get(n, null).environment());
            out.add(new EvidencePack.Served(name, environment, instant(r.get("validFrom")), instant(r.get("validTo")),
                    r.get("by").asString(null), r.get("closedBy").asString(null),
                    r.get("rolledBack").asString(null)));
        });
        return out;
    }

    private static Instant instant(org.neo4j.driver.Value v) {
        return v == null || v.isNull() ? null : v.asZonedDateTime().toInstant();
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static Map<String, List<String>> sections() {
        Map<String, List<String>> s = new LinkedHashMap<>();
        s.put("identity", List.of("version.register", "version.adopt", "model.register", "model.renamed",
                "artifact.attach", "artifact.upload"));
        s.put("card", List.of("version.update", "model.update", "model.policy"));
        s.put("evaluations", List.of("evaluation.record"));
        s.put("approvals", List.of("version.approve", "version.reject"));
        s.put("transitions", List.of("version.transition", "version.override", "alias.move", "alias.delete"));
        s.put("deployments", List.of("deployment.serve", "deployment.rollback", "deployment.save"));
        s.put("quarantines", List.of("quarantine.create", "quarantine.release"));
        s.put("incidents", List.of("incident.open", "incident.acknowledge", "incident.resolve"));
        return java.util.Collections.unmodifiableMap(s);
    }
}
