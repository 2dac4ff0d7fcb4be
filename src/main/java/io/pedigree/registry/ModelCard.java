package io.pedigree.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pedigree.error.PedigreeException.InvalidInput;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model card: what the model is for and what it must not be used for, with the facts a reviewer needs. Known
 * fields are checked for shape; a policy can require any of them to be filled in. In JSON it is just its fields,
 * the same shape a client sends.
 */
public record ModelCard(@JsonValue Map<String, Object> fields) {

    public static final List<String> KNOWN = List.of("intendedUse", "limitations", "trainingData", "metrics",
            "license", "riskLevel", "contacts");
    private static final List<String> RISK_LEVELS = List.of("low", "medium", "high", "unacceptable");
    public static final ModelCard EMPTY = new ModelCard(Map.of());

    public ModelCard {
        fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
    }

    public static ModelCard parse(String field, Map<String, Object> raw) {
        if (raw == null) {
            return EMPTY;
        }
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            if (!KNOWN.contains(e.getKey())) {
                throw new InvalidInput(field + "." + e.getKey(), "Unknown model card field; expected one of "
                        + String.join(", ", KNOWN));
            }
        }
        Object risk = raw.get("riskLevel");
        if (risk != null && !RISK_LEVELS.contains(String.valueOf(risk))) {
            throw new InvalidInput(field + ".riskLevel", "riskLevel is one of " + String.join(", ", RISK_LEVELS));
        }
        Object contacts = raw.get("contacts");
        if (contacts != null && !(contacts instanceof Collection<?>)) {
            throw new InvalidInput(field + ".contacts", "contacts is a list of people or addresses");
        }
        return new ModelCard(raw);
    }

    /** Whether {@code name} holds something: a non-blank text, a non-empty list or map, any number. */
    public boolean filled(String name) {
        Object v = fields.get(name);
        if (v instanceof String s) {
            return !s.isBlank();
        } else if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        } else if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return v != null;
    }
}
