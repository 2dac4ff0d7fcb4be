package io.pedigree.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * What Pedigree knows about a run, folded from its events with operations that are commutative and idempotent
 * (earliest, latest, union, latest-by-time-then-digest), so the state is a function of the set of events, not of
 * their arrival order: a terminal event wins over START and RUNNING whenever it arrives, the start time is the
 * earliest START, and inputs and outputs are the union over all events.
 */
final class RunSummary {

    /** A run's state as pages and the API show it. */
    enum State { NEW, RUNNING, COMPLETED, FAILED, ABORTED }

    /** What the run's events say about one dataset it read or wrote. */
    record Mention(OlEvent.Identity id, boolean output, Instant first, List<String> versions, JsonNode schemaFields,
                   ObjectNode facets, ObjectNode ioFacets) {
    }

    private final ObjectNode s;

    private RunSummary(ObjectNode s) {
        this.s = s;
    }

    static RunSummary read(String json) {
        return new RunSummary(FacetMerge.read(json));
    }

    String toJson() {
        return FacetMerge.write(s);
    }

    /** Folds one event of this run in. */
    void add(OlEvent e) {
        Instant t = e.eventTime();
        earliest("first", t);
        latest("last", t);
        OlEvent.EventType type = e.eventType();
        if (type == OlEvent.EventType.START) {
            earliest("start", t);
        }
        if (type == OlEvent.EventType.START || type == OlEvent.EventType.RUNNING) {
            s.put("running", true);
        }
        if (type != null && type.terminal()) {
            FacetMerge.offer(s.with("terminal"), "event", EventParser.JSON.getNodeFactory().textNode(type.name()),
                    t, e.digest());
        }
        if (e.producer() != null) {
            ArrayNode producers = s.withArray("producers");
            TreeSet<String> set = new TreeSet<>();
            producers.forEach(p -> set.add(p.asText()));
            if (set.add(e.producer())) {
                producers.removeAll();
                set.forEach(producers::add);
            }
        }
        FacetMerge.merge(s.with("runFacets"), e.runFacets(), t, e.digest());
        FacetMerge.merge(s.with("jobFacets"), e.jobFacets(), t, e.digest());
        for (OlEvent.Dataset d : e.inputs()) {
            mention(d, false, t, e.digest());
        }
        for (OlEvent.Dataset d : e.outputs()) {
            mention(d, true, t, e.digest());
        }
    }

    private void mention(OlEvent.Dataset d, boolean output, Instant t, String digest) {
        String id = (output ? "out" : "in") + "\u0000" + d.id().id();
        ObjectNode m = s.with("datasets").with(id);
        m.put("namespace", d.id().namespace());
        m.put("name", d.id().name());
        m.put("output", output);
        if (!m.has("first") || t.isBefore(Instant.parse(m.get("first").asText()))) {
            m.put("first", t.toString());
        }
        String v = d.explicitVersion();
        if (v != null) {
            ArrayNode versions = m.withArray("versions");
            TreeSet<String> set = new TreeSet<>();
            versions.forEach(x -> set.add(x.asText()));
            if (set.add(v)) {
                versions.removeAll();
                set.forEach(versions::add);
            }
        }
        FacetMerge.merge(m.with("facets"), d.facets(), t, digest);
        FacetMerge.merge(m.with("io"), d.ioFacets(), t, digest);
    }

    private void earliest(String name, Instant t) {
        if (!s.has(name) || t.isBefore(Instant.parse(s.get(name).asText()))) {
            s.put(name, t.toString());
        }
    }

    private void latest(String name, Instant t) {
        if (!s.has(name) || t.isAfter(Instant.parse(s.get(name).asText()))) {
            s.put(name, t.toString());
        }
    }

    State state() {
        JsonNode term = s.path("terminal").path("event").path("v");
        if (term.isTextual()) {
            return switch (term.asText()) {
                case "FAIL" -> State.FAILED;
                case "ABORT" -> State.ABORTED;
                default -> State.COMPLETED;
            };
        }
        return s.path("running").asBoolean(false) ? State.RUNNING : State.NEW;
    }

    /** The earliest START; without one, the earliest event of the run. */
    Instant startedAt() {
        return instant(s.has("start") ? "start" : "first");
    }

    /** The time of the terminal event, if one arrived. */
    Instant endedAt() {
        JsonNode t = s.path("terminal").path("event").path("t");
        return t.isTextual() ? Instant.parse(t.asText()) : null;
    }

    Instant firstEventAt() {
        return instant("first");
    }

    Instant lastEventAt() {
        return instant("last");
    }

    Duration duration() {
        Instant end = endedAt();
        Instant start = startedAt();
        return end == null || start == null || end.isBefore(start) ? null : Duration.between(start, end);
    }

    String errorMessage() {
        JsonNode m = runFacets().path("errorMessage").path("message");
        return m.isTextual() ? m.asText() : null;
    }

    ObjectNode runFacets() {
        return FacetMerge.values(s.with("runFacets"));
    }

    ObjectNode jobFacets() {
        return FacetMerge.values(s.with("jobFacets"));
    }

    List<String> producers() {
        List<String> out = new ArrayList<>();
        s.path("producers").forEach(p -> out.add(p.asText()));
        return out;
    }

    /** The parent run named by the {@code parent} facet, if any. */
    Parent parent() {
        JsonNode p = runFacets().path("parent");
        String runId = p.path("run").path("runId").asText("");
        String ns = p.path("job").path("namespace").asText("");
        String name = p.path("job").path("name").asText("");
        if (runId.isBlank() || ns.isBlank() || name.isBlank()) {
            return null;
        }
        return new Parent(new OlEvent.Identity(ns.strip(), name.strip()), runId.strip());
    }

    record Parent(OlEvent.Identity job, String runId) {
    }

    /** The mentions of one dataset, found by role and identity. */
    Mention mention(boolean output, OlEvent.Identity id) {
        JsonNode m = s.path("datasets").path((output ? "out" : "in") + "\u0000" + id.id());
        return m.isMissingNode() ? null : mention(m);
    }

    List<Mention> mentions() {
        List<Mention> out = new ArrayList<>();
        s.path("datasets").forEach(m -> out.add(mention(m)));
        return out;
    }

    private static Mention mention(JsonNode m) {
        List<String> versions = new ArrayList<>();
        m.path("versions").forEach(v -> versions.add(v.asText()));
        ObjectNode facets = FacetMerge.values((ObjectNode) m.get("facets"));
        JsonNode fields = facets.path("schema").path("fields");
        return new Mention(new OlEvent.Identity(m.get("namespace").asText(), m.get("name").asText()),
                m.get("output").asBoolean(), Instant.parse(m.get("first").asText()), versions,
                fields.isArray() ? fields : null, facets, FacetMerge.values((ObjectNode) m.get("io")));
    }

    private Instant instant(String name) {
        JsonNode n = s.get(name);
        return n == null || !n.isTextual() ? null : Instant.parse(n.asText());
    }

    static String stateName(State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
