package io.pedigree.demo;

import io.pedigree.fields.FieldBatch;
import io.pedigree.fields.FieldInput;
import io.pedigree.fields.FieldRef;
import io.pedigree.fields.FieldSpec;
import io.pedigree.fields.FieldWriter;
import io.pedigree.fields.Transformation;
import io.pedigree.fields.TransformationType;
import io.pedigree.lineage.NodeKey;

import java.util.ArrayList;
import java.util.List;

/**
 * The fraud story's columns: the raw export's card number is hashed by the cleaning job, the feature job counts
 * transactions per hashed card (txn_velocity_7d) and scores amounts per card (amount_zscore_30d), and every
 * model version consumes those features, so a question about card_number reaches the production deployment.
 */
public final class DemoFields {

    private static final String RAW = "dataset:transactions-raw";
    private static final String CLEAN = "dataset:transactions-clean";
    private static final String FEATURES = "dataset:fraud-features";
    private static final String SNAPSHOT = "2026-09-01";

    private DemoFields() {
    }

    public static FieldWriter.Summary load(FieldWriter writer) {
        List<FieldBatch.DatasetFields> datasets = List.of(
                fields(RAW, "card_number string PAN as the card network sends it", "amount decimal",
                        "merchant_id string", "event_time timestamp local time of the terminal",
                        "country string"),
                fields(CLEAN, "card_hash string sha256 of card_number", "amount decimal", "merchant_id string",
                        "event_time_utc timestamp"),
                fields(FEATURES, "txn_velocity_7d int transactions per card in 7 days",
                        "amount_zscore_30d double", "merchant_risk double"));
        List<FieldBatch.Derivation> derivations = List.of(
                derive(CLEAN, "card_hash", input(RAW, "card_number", TransformationType.DIRECT, "TRANSFORMATION",
                        "sha256(card_number)", true)),
                derive(CLEAN, "amount", input(RAW, "amount", TransformationType.DIRECT, "IDENTITY", null, false)),
                derive(CLEAN, "merchant_id", input(RAW, "merchant_id", TransformationType.DIRECT, "IDENTITY",
                        null, false)),
                derive(CLEAN, "event_time_utc", input(RAW, "event_time", TransformationType.DIRECT,
                        "TRANSFORMATION", "to UTC", false), input(RAW, "country", TransformationType.DIRECT,
                        "TRANSFORMATION", "time zone of the country", false)),
                derive(FEATURES, "txn_velocity_7d", input(CLEAN, "card_hash", TransformationType.DIRECT,
                        "AGGREGATION", "count per card", false), input(CLEAN, "event_time_utc",
                        TransformationType.INDIRECT, "WINDOW", "7 days", false)),
                derive(FEATURES, "amount_zscore_30d", input(CLEAN, "amount", TransformationType.DIRECT,
                        "AGGREGATION", null, false), input(CLEAN, "card_hash", TransformationType.INDIRECT,
                        "GROUP_BY", null, false)),
                derive(FEATURES, "merchant_risk", input(CLEAN, "merchant_id", TransformationType.DIRECT,
                        "AGGREGATION", "chargeback rate per merchant", false)));
        List<FieldBatch.DatasetDependency> dependencies = List.of(new FieldBatch.DatasetDependency(
                NodeKey.parse("dataset", CLEAN), List.of(input(RAW, "country", TransformationType.INDIRECT,
                        "FILTER", "card-present countries only", false))));
        List<FieldBatch.Features> features = new ArrayList<>();
        for (int v = 2; v <= 5; v++) {
            List<FieldRef> used = new ArrayList<>(List.of(ref(FEATURES, "txn_velocity_7d"),
                    ref(FEATURES, "merchant_risk")));
            if (v >= 4) {
                used.add(ref(FEATURES, "amount_zscore_30d"));
            }
            features.add(new FieldBatch.Features(NodeKey.parse("version", "model:fraud-detector@" + v), used));
        }
        return writer.declare(new FieldBatch(datasets, derivations, dependencies, features), DemoData.ACTOR);
    }

    private static FieldBatch.DatasetFields fields(String dataset, String... columns) {
        List<FieldSpec> specs = new ArrayList<>();
        for (String c : columns) {
            String[] p = c.split(" ", 3);
            specs.add(new FieldSpec(p[0], p[1], p.length > 2 ? p[2] : null, List.of()));
        }
        return new FieldBatch.DatasetFields(NodeKey.parse("version", dataset + "@" + SNAPSHOT), specs);
    }

    private static FieldBatch.Derivation derive(String dataset, String field, FieldInput... inputs) {
        return new FieldBatch.Derivation(ref(dataset, field), List.of(inputs));
    }

    private static FieldInput input(String dataset, String field, TransformationType type, String subtype,
                                    String description, boolean masking) {
        return new FieldInput(ref(dataset, field), new Transformation(type, subtype, description, masking));
    }

    private static FieldRef ref(String dataset, String field) {
        return new FieldRef(NodeKey.parse("dataset", dataset), field);
    }
}
