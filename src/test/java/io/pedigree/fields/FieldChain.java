package io.pedigree.fields;

import io.pedigree.testing.Api;
import io.pedigree.testing.Registry;

import java.util.List;
import java.util.Map;

import static io.pedigree.testing.Registry.ok;

/**
 * A dbt-style chain declared through the API: raw transactions -> staging (card number hashed, rows filtered on
 * the event time) -> fraud features, and merchants -> features; model fraud version 1 consumes
 * txn_velocity_7d and serves production, version 2 consumes avg_amount_30d, version 3 only merchant_risk.
 */
final class FieldChain {

    static final String RAW = "dataset:raw.transactions";
    static final String STG = "dataset:stg_transactions";
    static final String FEAT = "dataset:fraud_features";
    static final String MERCH = "dataset:merchants";
    static final String M = "fraud";

    private FieldChain() {
    }

    static Map<String, Object> field(String name, String type) {
        return Map.of("name", name, "type", type);
    }

    static Map<String, Object> ref(String dataset, String field) {
        return Map.of("dataset", dataset, "field", field);
    }

    static Map<String, Object> in(String dataset, String field, String type, String subtype) {
        return Map.of("dataset", dataset, "field", field, "transformations",
                List.of(Map.of("type", type, "subtype", subtype)));
    }

    static Map<String, Object> derive(String dataset, String field, Object... inputs) {
        return Map.of("dataset", dataset, "field", field, "inputs", List.of(inputs));
    }

    static void declare(Api api) {
        Registry reg = new Registry(api);
        reg.lineage(RAW + "@1", STG + "@1", FEAT + "@1", MERCH + "@1", "run:train-fraud@r1", "run:train-fraud@r2",
                "run:train-fraud@r3");
        ok(api.post("/api/v1/fields", Map.of(
                "datasets", List.of(
                        Map.of("version", RAW + "@1", "fields", List.of(field("card_number", "string"),
                                field("amount", "decimal"), field("merchant_id", "bigint"),
                                field("event_time", "timestamp"))),
                        Map.of("version", STG + "@1", "fields", List.of(field("card_hash", "string"),
                                field("amount", "decimal"), field("merchant_id", "bigint"))),
                        Map.of("version", MERCH + "@1", "fields", List.of(field("merchant_id", "bigint"),
                                field("risk", "double"))),
                        Map.of("version", FEAT + "@1", "fields", List.of(field("txn_velocity_7d", "int"),
                                field("avg_amount_30d", "decimal"), field("merchant_risk", "double")))),
                "derivations", List.of(
                        derive(STG, "card_hash", Map.of("dataset", RAW, "field", "card_number", "transformations",
                                List.of(Map.of("type", "DIRECT", "subtype", "TRANSFORMATION", "description",
                                        "sha256(card_number)", "masking", true)))),
                        derive(STG, "amount", in(RAW, "amount", "DIRECT", "IDENTITY")),
                        derive(STG, "merchant_id", in(RAW, "merchant_id", "DIRECT", "IDENTITY")),
                        derive(FEAT, "txn_velocity_7d", in(STG, "card_hash", "DIRECT", "AGGREGATION")),
                        derive(FEAT, "avg_amount_30d", in(STG, "amount", "DIRECT", "AGGREGATION"),
                                in(STG, "card_hash", "INDIRECT", "GROUP_BY")),
                        derive(FEAT, "merchant_risk", in(MERCH, "risk", "DIRECT", "IDENTITY"))),
                "datasetDependencies", List.of(Map.of("dataset", STG, "inputs",
                        List.of(in(RAW, "event_time", "INDIRECT", "FILTER")))))));
        reg.model(M, Map.of("production", Map.of("approvals", 0)));
        reg.deployment("fraud-prod", "production");
        reg.deployment("fraud-shadow", "staging");
        ok(reg.register(M, Map.of("run", "run:train-fraud@r1", "inputs", List.of(FEAT + "@1"),
                "card", Registry.FULL_CARD, "features", List.of(ref(FEAT, "txn_velocity_7d")))));
        reg.version(M, "run:train-fraud@r2", List.of(FEAT + "@1"));
        reg.version(M, "run:train-fraud@r3", List.of(FEAT + "@1"));
        ok(api.post("/api/v1/fields", Map.of("features", List.of(
                Map.of("version", "model:fraud@2", "fields", List.of(ref(FEAT, "avg_amount_30d"))),
                Map.of("version", "model:fraud@3", "fields", List.of(ref(FEAT, "merchant_risk")))))));
    }
}
