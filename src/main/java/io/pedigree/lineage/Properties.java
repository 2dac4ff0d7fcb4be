package io.pedigree.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.PayloadTooLarge;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * User metadata on a node or relation: JSON values under validated names, kept in canonical form (keys sorted)
 * so equal content always hashes equal. Top-level scalars and lists of scalars are also stored as native Neo4j
 * properties named {@code p.<name>} so they can be searched.
 */
public final class Properties {

    public static final String NATIVE_PREFIX = "p.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]{0,127}");
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    public static final Properties EMPTY = new Properties(Collections.emptySortedMap());

    private final Map<String, Object> values;
    // Caches of derived values; races only compute the same value twice.
    private volatile String json;
    private volatile String[] lastHash;

    private Properties(Map<String, Object> values) {
        this.values = values;
    }

    /** Validates client-supplied metadata; {@code field} names it in errors. */
    public static Properties of(String field, Map<String, Object> raw, Limits limits) {
        if (raw == null || raw.isEmpty()) {
            return EMPTY;
        }
        if (raw.size() > limits.maxProperties()) {
            throw new PayloadTooLarge(field, "At most " + limits.maxProperties() + " properties are allowed, got "
                    + raw.size());
        }
        TreeMap<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            if (!NAME.matcher(e.getKey()).matches()) {
                throw new InvalidInput(field + "." + e.getKey(), "Property names start with a letter or '_' and"
                        + " hold letters, digits, '_', '.' or '-' (at most 128)");
            }
            check(field + "." + e.getKey(), e.getValue(), limits, 0);
            out.put(e.getKey(), e.getValue());
        }
        return new Properties(Collections.unmodifiableSortedMap(out));
    }

    /** Reads properties back from their stored canonical JSON. */
    @SuppressWarnings("unchecked")
    public static Properties fromJson(String json) {
        if (json == null || json.isEmpty() || json.equals("{}")) {
            return EMPTY;
        }
        try {
            return new Properties(Collections.unmodifiableSortedMap(new TreeMap<>(CANONICAL.readValue(json, Map.class))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored properties are not JSON", e);
        }
    }

    /** The same property names, each holding {@code value} instead: what an erasure leaves of a record. */
    public Properties withEveryValue(Object value) {
        TreeMap<String, Object> out = new TreeMap<>();
        values.keySet().forEach(k -> out.put(k, value));
        return new Properties(Collections.unmodifiableSortedMap(out));
    }

    public Map<String, Object> values() {
        return values;
    }

    public String toJson() {
        // Immutable, so computed once: a batch asks for it several times per node (hash, storage, audit).
        String j = json;
        if (j == null) {
            try {
                j = CANONICAL.writeValueAsString(values);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            json = j;
        }
        return j;
    }

    /** The searchable native copies: top-level scalars and lists of scalars, under {@code p.<name>}. */
    public Map<String, Object> nativeValues() {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (isScalar(v)) {
                out.put(NATIVE_PREFIX + k, v);
            } else if (v instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Properties::isScalar)
                    && list.stream().map(x -> x instanceof Number ? Number.class : x.getClass()).distinct().count() == 1) {
                out.put(NATIVE_PREFIX + k, list);
            }
        });
        return out;
    }

    /** Names whose values differ between this and {@code other}, with both values. */
    public List<Map<String, Object>> differences(Properties other) {
        TreeMap<String, Object> names = new TreeMap<>(values);
        names.putAll(other.values);
        return names.keySet().stream()
                .filter(k -> !java.util.Objects.equals(canonical(values.get(k)), canonical(other.values.get(k))))
                .map(k -> {
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("property", k);
                    d.put("recorded", values.get(k));
                    d.put("given", other.values.get(k));
                    return d;
                })
                .toList();
    }

    /** SHA-256 over the canonical JSON of a key and these properties: the identity of a node's content. */
    public String contentHash(String key) {
        String[] last = lastHash;
        if (last != null && last[0].equals(key)) {
            return last[1];
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(key.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(toJson().getBytes(StandardCharsets.UTF_8));
            String hash = HexFormat.of().formatHex(md.digest());
            lastHash = new String[] {key, hash};
            return hash;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Properties p && toJson().equals(p.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    private static String canonical(Object v) {
        try {
            return CANONICAL.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isScalar(Object v) {
        return v instanceof String || v instanceof Number || v instanceof Boolean;
    }

    private static void check(String field, Object v, Limits limits, int depth) {
        if (depth > 16) {
            throw new InvalidInput(field, "Property values may nest at most 16 levels deep");
        }
        if (v == null) {
            throw new InvalidInput(field, "Property values may not be null; leave the property out instead");
        } else if (v instanceof String s) {
            limits.checkText(field, s);
        } else if (v instanceof Double d && !Double.isFinite(d)) {
            throw new InvalidInput(field, "Numbers must be finite; NaN and infinities are not JSON numbers");
        } else if (v instanceof BigInteger || v instanceof BigDecimal) {
            throw new InvalidInput(field, "Numbers must fit a 64-bit integer or a double");
        } else if (v instanceof Number || v instanceof Boolean) {
            return;
        } else if (v instanceof List<?> list) {
            if (list.size() > limits.maxStringLength()) {
                throw new PayloadTooLarge(field, "Lists may hold at most " + limits.maxStringLength() + " items");
            }
            for (int i = 0; i < list.size(); i++) {
                check(field + "[" + i + "]", list.get(i), limits, depth + 1);
            }
        } else if (v instanceof Map<?, ?> map) {
            if (map.size() > limits.maxProperties()) {
                throw new PayloadTooLarge(field, "Objects may hold at most " + limits.maxProperties() + " entries");
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                limits.checkText(field + "." + e.getKey(), String.valueOf(e.getKey()));
                check(field + "." + e.getKey(), e.getValue(), limits, depth + 1);
            }
        } else {
            throw new InvalidInput(field, "Unsupported property value type " + v.getClass().getSimpleName());
        }
    }
}
