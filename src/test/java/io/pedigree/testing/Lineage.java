package io.pedigree.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Builds batch bodies for fixtures: {@code Lineage.of().node("dataset:tx@1").rel(...).writeWith(api)}. */
public final class Lineage {

    private final List<Map<String, Object>> nodes = new ArrayList<>();
    private final List<Map<String, Object>> relations = new ArrayList<>();

    private Lineage() {
    }

    public static Lineage of() {
        return new Lineage();
    }

    public Lineage node(String... keys) {
        for (String key : keys) {
            nodes.add(Map.of("key", key));
        }
        return this;
    }

    public Lineage node(String key, Map<String, Object> properties) {
        return nodeBody(Map.of("key", key, "properties", properties));
    }

    /** Several nodes recorded as valid from {@code validFrom}, for back-filled history. */
    public Lineage nodesValidFrom(String validFrom, String... keys) {
        for (String key : keys) {
            nodeBody(Map.of("key", key, "validFrom", validFrom));
        }
        return this;
    }

    public Lineage nodeBody(Map<String, Object> body) {
        nodes.add(body);
        return this;
    }

    public Lineage rel(String from, String type, String to) {
        relations.add(Map.of("from", from, "type", type, "to", to));
        return this;
    }

    /** A relation valid over an interval; {@code validTo} may be null for one still open. */
    public Lineage rel(String from, String type, String to, String validFrom, String validTo) {
        Map<String, Object> r = new LinkedHashMap<>(Map.of("from", from, "type", type, "to", to,
                "validFrom", validFrom));
        if (validTo != null) {
            r.put("validTo", validTo);
        }
        relations.add(r);
        return this;
    }

    public Map<String, Object> body() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!nodes.isEmpty()) {
            out.put("nodes", nodes);
        }
        if (!relations.isEmpty()) {
            out.put("relations", relations);
        }
        return out;
    }

    /** Posts the batch and fails the test unless it was accepted. */
    public Api.Response writeWith(Api api) {
        Api.Response r = api.post("/api/v1/batch", body());
        assertThat(r.status()).as("batch answer %s", r.body()).isEqualTo(200);
        return r;
    }
}
