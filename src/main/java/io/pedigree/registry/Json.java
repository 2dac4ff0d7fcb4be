package io.pedigree.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.List;
import java.util.Map;

/** The JSON stored in registry properties (tags, cards, policies, metrics): canonical, keys sorted. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write registry JSON", e);
        }
    }

    static <T> T read(String json, Class<T> type, T orElse) {
        return read(json, MAPPER.getTypeFactory().constructType(type), orElse);
    }

    static Map<String, Object> map(String json) {
        return read(json, new TypeReference<Map<String, Object>>() { }, Map.of());
    }

    static Map<String, String> strings(String json) {
        return read(json, new TypeReference<Map<String, String>>() { }, Map.of());
    }

    static List<Map<String, Object>> list(String json) {
        return read(json, new TypeReference<List<Map<String, Object>>>() { }, List.of());
    }

    private static <T> T read(String json, TypeReference<T> type, T orElse) {
        return read(json, MAPPER.getTypeFactory().constructType(type), orElse);
    }

    private static <T> T read(String json, JavaType type, T orElse) {
        if (json == null || json.isEmpty()) {
            return orElse;
        }
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored registry JSON does not parse", e);
        }
    }
}
