package io.pedigree.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pedigree.audit.Digest;
import io.pedigree.error.PedigreeException.InvalidInput;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads OpenLineage events leniently, as real producers send them: naive timestamps, nanoseconds, unknown facets
 * and missing optional fields are accepted; what cannot be mapped at all is refused naming its JSON path
 * ({@code $.run.runId}).
 */
public final class EventParser {

    /** Parses without losing numbers: 1e400 stays 1e400 instead of becoming Infinity. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    /** The canonical form the digest is taken of: properties sorted at every level, no white space. */
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true);

    static {
        // Facets of several MB exist (a 23 MB event was reported); the body limit bounds them, not Jackson.
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).maxNestingDepth(500).build());
    }

    /** Longest namespace, name or run id accepted: identities become keys, which must stay readable. */
    static final int MAX_IDENTITY = 1000;

    private static final Pattern EXCESS_FRACTION = Pattern.compile("(\\.\\d{9})\\d+");

    private EventParser() {
    }

    /** Parses one event given as text. */
    public static OlEvent parse(String text) {
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidInput("$", "The body is not JSON: " + e.getOriginalMessage());
        }
        return parse(tree, text);
    }

    /** Parses one event already read as a tree; {@code raw} is its text as received. */
    public static OlEvent parse(JsonNode tree, String raw) {
        if (tree == null || !tree.isObject()) {
            throw new InvalidInput("$", "An OpenLineage event is a JSON object");
        }
        ObjectNode e = (ObjectNode) tree;
        checkText(e, "$");
        Instant eventTime = instant("$.eventTime", e.get("eventTime"));
        String producer = text(e, "producer", "$.producer", false);
        String schemaUrl = optionalText(e.get("schemaURL"));
        OlEvent.Type type = type(schemaUrl, e);
        OlEvent.EventType eventType = null;
        String runId = null;
        OlEvent.Identity job = null;
        ObjectNode runFacets = JSON.createObjectNode();
        ObjectNode jobFacets = JSON.createObjectNode();
        OlEvent.Dataset dataset = null;
        if (type == OlEvent.Type.RUN) {
            eventType = eventType(e.get("eventType"));
            JsonNode run = object(e, "run", "$.run", true);
            runId = text(run, "runId", "$.run.runId", true);
            runFacets = facets(run, "$.run.facets");
        }
        if (type != OlEvent.Type.DATASET) {
            JsonNode j = object(e, "job", "$.job", true);
            job = identity(j, "$.job");
            jobFacets = facets(j, "$.job.facets");
        } else {
            JsonNode d = object(e, "dataset", "$.dataset", true);
            dataset = new OlEvent.Dataset(identity(d, "$.dataset"), symlinks(facets(d, "$.dataset.facets"),
                    "$.dataset.facets"), JSON.createObjectNode());
        }
        List<OlEvent.Dataset> inputs = datasets(e, "inputs", "inputFacets");
        List<OlEvent.Dataset> outputs = datasets(e, "outputs", "outputFacets");
        return new OlEvent(type, eventType, eventTime, producer, schemaUrl, runId, job, runFacets, jobFacets, inputs,
                outputs, dataset, digest(e), raw);
    }

    /** SHA-256 of the canonical event: the same event sent again, in any key order or spacing, has this digest. */
    static String digest(JsonNode event) {
        try {
            return Digest.sha256(CANONICAL.writeValueAsString(event));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The schema named by {@code schemaURL} first ({@code …#/$defs/RunEvent}), then the event's shape. */
    static OlEvent.Type type(String schemaUrl, JsonNode e) {
        if (schemaUrl != null) {
            String tail = schemaUrl.substring(schemaUrl.lastIndexOf('/') + 1);
            if (tail.equals("RunEvent") && e.has("run")) {
                return OlEvent.Type.RUN;
            } else if (tail.equals("DatasetEvent") && e.has("dataset")) {
                return OlEvent.Type.DATASET;
            } else if (tail.equals("JobEvent") && e.has("job") && !e.has("run")) {
                return OlEvent.Type.JOB;
            }
        }
        if (e.has("run")) {
            return OlEvent.Type.RUN;
        } else if (e.has("dataset") && !e.has("job")) {
            return OlEvent.Type.DATASET;
        } else if (e.has("job")) {
            return OlEvent.Type.JOB;
        }
        throw new InvalidInput("$.run", "An OpenLineage event names a run (RunEvent), a dataset (DatasetEvent) or a"
                + " job (JobEvent); this one names none");
    }

    /**
     * Reads an event time the way producers write it: with an offset, or naive (taken as UTC), with up to nine
     * fraction digits (more are cut), with a space instead of {@code T}, or a bare date.
     */
    static Instant instant(String field, JsonNode node) {
        if (node == null || node.isNull() || !node.isTextual() || node.asText().isBlank()) {
            throw new InvalidInput(field, "An ISO-8601 date-time is required, like 2026-10-01T12:00:00Z");
        }
        String s = node.asText().trim();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        s = s.toUpperCase(Locale.ROOT);
        Matcher m = EXCESS_FRACTION.matcher(s);
        if (m.find()) {
            s = m.replaceFirst("$1");
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the naive forms below
        }
        try {
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try a bare date
        }
        try {
            return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ex) {
            throw new InvalidInput(field, "'" + node.asText() + "' is not an ISO-8601 date-time, like"
                    + " 2026-10-01T12:00:00Z");
        }
    }

    private static OlEvent.EventType eventType(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String v = node.asText().trim().toUpperCase(Locale.ROOT);
        for (OlEvent.EventType t : OlEvent.EventType.values()) {
            if (t.name().equals(v)) {
                return t;
            }
        }
        throw new InvalidInput("$.eventType", "Unknown eventType '" + node.asText()
                + "'; expected START, RUNNING, COMPLETE, ABORT, FAIL or OTHER");
    }

    private static List<OlEvent.Dataset> datasets(JsonNode e, String name, String ioFacets) {
        JsonNode list = e.get(name);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new InvalidInput("$." + name, "'" + name + "' must be a JSON array");
        }
        List<OlEvent.Dataset> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "$." + name + "[" + i + "]";
            JsonNode d = list.get(i);
            if (!d.isObject()) {
                throw new InvalidInput(path, "A dataset is a JSON object with namespace and name");
            }
            out.add(new OlEvent.Dataset(identity(d, path), symlinks(facets(d, path + ".facets"), path + ".facets"),
                    facets(d, path + "." + ioFacets)));
        }
        return List.copyOf(out);
    }

    private static OlEvent.Identity identity(JsonNode node, String path) {
        return new OlEvent.Identity(text(node, "namespace", path + ".namespace", true),
                text(node, "name", path + ".name", true));
    }

    private static ObjectNode facets(JsonNode parent, String path) {
        JsonNode f = parent.get(path.substring(path.lastIndexOf('.') + 1));
        if (f == null || f.isNull()) {
            return JSON.createObjectNode();
        }
        if (!f.isObject()) {
            throw new InvalidInput(path, "Facets are a JSON object of facet name to facet");
        }
        return (ObjectNode) f;
    }

    /**
     * Checks a dataset's {@code symlinks} facet, since its identities name datasets (see {@link Symlinks}): an
     * object whose {@code identifiers} is an array of objects with a namespace and a name. Answers {@code facets}.
     */
    private static ObjectNode symlinks(ObjectNode facets, String path) {
        JsonNode s = facets.get("symlinks");
        if (s == null || s.isNull()) {
            return facets;
        }
        String at = path + ".symlinks";
        if (!s.isObject()) {
            throw new InvalidInput(at, "The symlinks facet is a JSON object with 'identifiers'");
        }
        JsonNode ids = s.get("identifiers");
        if (ids == null || ids.isNull()) {
            throw new InvalidInput(at + ".identifiers", "'identifiers' is required");
        }
        if (!ids.isArray()) {
            throw new InvalidInput(at + ".identifiers", "'identifiers' must be a JSON array");
        }
        for (int i = 0; i < ids.size(); i++) {
            String p = at + ".identifiers[" + i + "]";
            JsonNode id = ids.get(i);
            if (!id.isObject()) {
                throw new InvalidInput(p, "An identifier is a JSON object with namespace, name and type");
            }
            OlEvent.Identity named = identity(id, p);
            Keys.of(io.pedigree.lineage.Kind.DATASET, named, null, p + ".name");
            JsonNode type = id.get("type");
            if (type != null && !type.isNull() && !type.isTextual()) {
                throw new InvalidInput(p + ".type", "'type' must be a string, like TABLE");
            }
        }
        return facets;
    }

    private static JsonNode object(JsonNode parent, String name, String path, boolean required) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidInput(path, "'" + name + "' is required");
            }
            return JSON.createObjectNode();
        }
        if (!n.isObject()) {
            throw new InvalidInput(path, "'" + name + "' must be a JSON object");
        }
        return n;
    }

    private static String text(JsonNode parent, String name, String path, boolean identity) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            if (!identity) {
                return null;
            }
            throw new InvalidInput(path, "'" + name + "' is required");
        }
        if (!n.isValueNode() || n.isBoolean()) {
            throw new InvalidInput(path, "'" + name + "' must be a string");
        }
        String v = n.asText();
        if (identity && v.isBlank()) {
            throw new InvalidInput(path, "'" + name + "' must not be empty");
        }
        if (identity && v.length() > MAX_IDENTITY) {
            throw new InvalidInput(path, "'" + name + "' may be at most " + MAX_IDENTITY + " characters long");
        }
        return identity ? v.strip() : v;
    }

    private static String optionalText(JsonNode n) {
        return n == null || !n.isTextual() || n.asText().isBlank() ? null : n.asText();
    }

    /** Refuses strings no store can keep: a lone UTF-16 surrogate (from a {@code \ud800} escape). */
    private static void checkText(JsonNode node, String path) {
        if (node.isTextual()) {
            if (loneSurrogate(node.asText())) {
                throw new InvalidInput(path, "The string holds a lone UTF-16 surrogate, which is not a character");
            }
        } else if (node.isObject()) {
            var fields = node.fields();
            while (fields.hasNext()) {
                var f = fields.next();
                String child = path + "." + f.getKey();
                if (loneSurrogate(f.getKey())) {
                    throw new InvalidInput(child, "The name holds a lone UTF-16 surrogate, which is not a character");
                }
                checkText(f.getValue(), child);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkText(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static boolean loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
