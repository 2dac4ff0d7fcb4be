package io.pedigree.demo;

import io.pedigree.lineage.NodeKey;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static io.pedigree.demo.DemoGraph.at;
import static io.pedigree.demo.DemoGraph.key;
import static io.pedigree.demo.DemoGraph.latest;
import static io.pedigree.demo.DemoGraph.round;
import static io.pedigree.lineage.RelationType.DERIVED_FROM;
import static io.pedigree.lineage.RelationType.EVALUATES;
import static io.pedigree.lineage.RelationType.OWNED_BY;
import static io.pedigree.lineage.RelationType.USED;
import static io.pedigree.lineage.RelationType.WAS_GENERATED_BY;

/**
 * Story one, a credit-fraud classifier: weekly transaction snapshots are cleaned and turned into features, five
 * model versions are tuned, trained and evaluated, and staging and production serve them in turn. Production
 * served {@code @2}, replaced it with {@code @3}, and serves {@code @4}, trained on every week since the card
 * network's schema change of 2026-09-01; staging already runs {@code @5}, a warm start from {@code @4}.
 */
final class FraudStory {

    static final NodeKey PROD = key("deployment:fraud-api-prod");
    static final NodeKey STAGING = key("deployment:fraud-api-staging");

    private static final NodeKey TRANSACTIONS_TABLE =
            key("dataset:{postgres://payments-db.acme.internal:5432}public.card_transactions");
    private static final NodeKey CHARGEBACKS_TABLE =
            key("dataset:{postgres://payments-db.acme.internal:5432}public.chargebacks");
    private static final LocalDate FIRST_SNAPSHOT = LocalDate.parse("2026-08-04");
    private static final int SNAPSHOTS = 15;
    private static final LocalDate SCHEMA_CHANGE = LocalDate.parse("2026-09-01");

    /** A model version: when it was trained, on which weekly feature snapshots, and how it scored. */
    private record Version(int number, String trained, String firstWeek, String lastWeek, boolean warmStart,
                           String holdout, double auc, double recall, double ece, String note) {
        LocalDate day() {
            return LocalDate.parse(trained);
        }
    }

    private static final List<Version> VERSIONS = List.of(
            new Version(1, "2026-08-19", "2026-08-04", "2026-08-18", false, "2026-08", 0.871, 0.52, 0.041,
                    "Baseline; misses the recall gate, so it never left staging"),
            new Version(2, "2026-09-02", "2026-08-11", "2026-09-01", false, "2026-08", 0.903, 0.61, 0.028,
                    "Class weights for the 0.3% fraud rate"),
            new Version(3, "2026-09-23", "2026-09-01", "2026-09-22", false, "2026-08", 0.912, 0.64, 0.031,
                    "Calibrated scores; its velocity features carried the local-time bug"),
            new Version(4, "2026-10-14", "2026-09-01", "2026-10-13", false, "2026-10", 0.927, 0.69, 0.019,
                    "Every week since the schema change, with the UTC velocity fix"),
            new Version(5, "2026-11-03", "2026-10-20", "2026-11-03", true, "2026-10", 0.931, 0.71, 0.018,
                    "Warm start from @4 on the three newest weeks"));

    private static final List<DemoGraph.Step> STAGING_ROLLOUT = List.of(
            step("2026-08-20T14:00", 1), step("2026-09-04T14:00", 2), step("2026-09-24T14:00", 3),
            step("2026-10-15T14:00", 4), step("2026-11-04T14:00", 5));
    private static final List<DemoGraph.Step> PROD_ROLLOUT = List.of(
            step("2026-09-09T14:00", 2), step("2026-09-30T14:00", 3), step("2026-10-20T14:00", 4));

    private final DemoGraph g;
    private final Map<LocalDate, NodeKey> clean = new TreeMap<>();
    private final Map<LocalDate, NodeKey> features = new TreeMap<>();
    private final Map<String, NodeKey> holdouts = new TreeMap<>();
    private NavigableMap<Instant, NodeKey> pipelineCode;
    private NavigableMap<Instant, NodeKey> featureCode;
    private NavigableMap<Instant, NodeKey> modelCode;

    private FraudStory(DemoGraph g) {
        this.g = g;
    }

    static void addTo(DemoGraph g) {
        FraudStory s = new FraudStory(g);
        s.sources();
        s.code();
        for (int week = 0; week < SNAPSHOTS; week++) {
            s.snapshot(week, FIRST_SNAPSHOT.plusWeeks(week));
        }
        s.holdout("2026-08", "2026-08-12", "2026-08-04", "2026-08-11");
        s.holdout("2026-10", "2026-10-07", "2026-09-15", "2026-10-06");
        VERSIONS.forEach(s::version);
        s.deployments();
        s.backtests();
    }

    private static DemoGraph.Step step(String at, int version) {
        return new DemoGraph.Step(at(at), model(version));
    }

    private static NodeKey model(int version) {
        return key("model:fraud-detector@" + version);
    }

    private void sources() {
        g.add(TRANSACTIONS_TABLE, DemoGraph.EARLIEST, "system", "postgres",
                "description", "Card transactions as the payments service records them");
        g.add(CHARGEBACKS_TABLE, DemoGraph.EARLIEST, "system", "postgres",
                "description", "Chargebacks filed by issuers; the fraud labels");
        Instant first = at(FIRST_SNAPSHOT, 1, 40);
        g.own(People.BEN, TRANSACTIONS_TABLE, CHARGEBACKS_TABLE,
                g.add("dataset:transactions-raw", first, "description",
                        "Weekly snapshot of card transactions, exported from the payments database"),
                g.add("dataset:chargeback-labels", first, "description", "Weekly export of chargeback labels"),
                g.add("dataset:transactions-clean", first, "description",
                        "Deduplicated transactions without test merchants"),
                g.add("dataset:transactions-holdout", at("2026-08-12T08:40"), "description",
                        "Cardholders held out of training, for offline evaluation"));
        g.own(People.ANA,
                g.add("dataset:fraud-features", first, "description", "Per-transaction fraud features"),
                g.add("model:fraud-detector", at("2026-08-19T11:00"), "description",
                        "Scores card transactions for fraud; the fraud API blocks above the decision threshold",
                        "task", "binary-classification"));
    }

    private void code() {
        pipelineCode = g.commits("github.com/acme/fraud-pipelines", People.BEN,
                "2026-08-02T11:05", "Clean card transactions: drop test merchants, dedupe retries",
                "2026-08-31T16:40", "Map the card network's schema v2 (issuer_country moved to issuer.country)",
                "2026-10-05T10:15", "Quarantine rows with negative amounts instead of dropping them");
        featureCode = g.commits("github.com/acme/fraud-features", People.ANA,
                "2026-08-03T15:20", "Initial feature set: amount, merchant category, 1h and 24h velocity",
                "2026-08-14T09:45", "Add device fingerprint features",
                "2026-08-27T17:10", "Merchant risk score from 90 days of chargebacks",
                "2026-09-16T13:30", "Read issuer country from the schema v2 column",
                "2026-09-29T11:00", "Fix 24h velocity window computed in local time instead of UTC",
                "2026-10-09T15:55", "Shared-device features across accounts",
                "2026-10-27T10:20", "Pin numpy and pandas for reproducible builds",
                "2026-11-02T14:05", "Merchant embedding features");
        modelCode = g.commits("github.com/acme/fraud-model", People.ANA,
                "2026-08-10T14:00", "XGBoost training with a four-trial hyperparameter sweep",
                "2026-08-31T09:30", "Class weights for the 0.3% fraud rate",
                "2026-09-21T16:45", "Calibrate scores with isotonic regression",
                "2026-10-12T12:10", "Train on all weeks since the schema change",
                "2026-10-30T15:00", "Warm-start from the serving model");
    }

    /** One weekly snapshot: export, clean, build features, each a run with its output. */
    private void snapshot(int week, LocalDate day) {
        long rows = 4_100_000L + 37_000L * week + 11_000L * (week % 3);
        NodeKey ingest = g.add("run:ingest-transactions@" + day, at(day, 1, 0),
                "status", "succeeded", "trigger", "schedule", "durationSeconds", 1_480 + 13 * week);
        g.link(ingest, USED, TRANSACTIONS_TABLE, CHARGEBACKS_TABLE);
        NodeKey raw = g.add("dataset:transactions-raw@" + day, at(day, 1, 40),
                "rows", rows, "format", "parquet", "schemaVersion", day.isBefore(SCHEMA_CHANGE) ? 1 : 2,
                "location", "s3://acme-lake/raw/transactions/dt=" + day + "/");
        NodeKey labels = g.add("dataset:chargeback-labels@" + day, at(day, 1, 45),
                "rows", 12_000 + 150 * week, "format", "parquet",
                "location", "s3://acme-lake/raw/chargebacks/dt=" + day + "/");
        g.link(raw, WAS_GENERATED_BY, ingest);
        g.link(labels, WAS_GENERATED_BY, ingest);

        NodeKey cleaning = g.add("run:clean-transactions@" + day, at(day, 3, 0),
                "status", "succeeded", "trigger", "schedule");
        g.link(cleaning, USED, raw, latest(pipelineCode, at(day, 3, 0)));
        NodeKey cleaned = g.add("dataset:transactions-clean@" + day, at(day, 3, 30),
                "rows", rows - 9_000 - 400L * week, "format", "parquet",
                "location", "s3://acme-lake/clean/transactions/dt=" + day + "/");
        g.link(cleaned, WAS_GENERATED_BY, cleaning);
        g.link(cleaned, DERIVED_FROM, raw);
        clean.put(day, cleaned);

        NodeKey building = g.add("run:build-fraud-features@" + day, at(day, 5, 0),
                "status", "succeeded", "trigger", "schedule");
        g.link(building, USED, cleaned, labels, latest(featureCode, at(day, 5, 0)));
        NodeKey built = g.add("dataset:fraud-features@" + day, at(day, 5, 40),
                "rows", rows - 9_000 - 400L * week, "columns", 38 + 4 * featureCode.headMap(at(day, 5, 0)).size(),
                "location", "s3://acme-lake/features/fraud/dt=" + day + "/");
        g.link(built, WAS_GENERATED_BY, building);
        g.link(built, DERIVED_FROM, cleaned, labels);
        features.put(day, built);
    }

    private void holdout(String version, String built, String fromWeek, String toWeek) {
        LocalDate day = LocalDate.parse(built);
        NodeKey run = g.add("run:build-holdout@" + built, at(day, 8, 0), "status", "succeeded",
                "sampling", "10% of cardholders by hash of card id");
        List<NodeKey> used = weeks(clean, fromWeek, toWeek);
        g.link(run, USED, used.toArray(NodeKey[]::new));
        NodeKey holdout = g.add("dataset:transactions-holdout@" + version, at(day, 8, 40),
                "rows", 410_000 * used.size(), "weeks", fromWeek + ".." + toWeek,
                "location", "s3://acme-lake/holdout/fraud/" + version + "/");
        g.link(holdout, WAS_GENERATED_BY, run);
        g.link(holdout, DERIVED_FROM, used.toArray(NodeKey[]::new));
        holdouts.put(version, holdout);
    }

    /** A model version: a four-trial sweep, the training run, its export, and an evaluation on the holdout. */
    private void version(Version v) {
        LocalDate day = v.day();
        List<NodeKey> window = weeks(features, v.firstWeek(), v.lastWeek());
        NodeKey code = latest(modelCode, at(day, 6, 0));
        double[] rates = {0.03, 0.05, 0.1, 0.2};
        int[] depths = {4, 6, 8, 6};
        double[] shortfall = {0.006, 0.0, 0.004, 0.011};
        for (int t = 0; t < rates.length; t++) {
            Instant start = at(day, 6, 0).plusSeconds(1_800L * t);
            NodeKey trial = g.add("run:tune-fraud-detector@" + day + "-t" + (t + 1), start,
                    "status", "succeeded", "learning_rate", rates[t], "max_depth", depths[t],
                    "val_auc", round(v.auc() - 0.004 - shortfall[t]));
            g.link(trial, USED, window.toArray(NodeKey[]::new));
            g.link(trial, USED, code);
        }
        NodeKey training = g.add("run:train-fraud-detector@" + day, at(day, 9, 0),
                "status", "succeeded", "bestTrial", day + "-t2", "learning_rate", 0.05, "max_depth", 6,
                "trainingWeeks", v.firstWeek() + ".." + v.lastWeek(), "gpu", false);
        g.link(training, USED, window.toArray(NodeKey[]::new));
        g.link(training, USED, code);
        NodeKey model = g.add(model(v.number()), at(day, 11, 0),
                "framework", "xgboost 2.1", "decisionThreshold", 0.82, "note", v.note(),
                "trainingWeeks", v.firstWeek() + ".." + v.lastWeek());
        g.link(model, WAS_GENERATED_BY, training);
        if (v.warmStart()) {
            g.link(training, USED, model(v.number() - 1));
            g.link(model, DERIVED_FROM, model(v.number() - 1));
        }
        NodeKey onnx = g.add("artifact:s3://acme-ml-models/fraud-detector/" + v.number() + "/model.onnx",
                at(day, 11, 30), "sha256", DemoGraph.digest("SHA-256", model.toString()),
                "sizeBytes", 18_400_000 + 350_000 * v.number(), "mediaType", "application/onnx");
        g.link(onnx, DERIVED_FROM, model);

        LocalDate next = day.plusDays(1);
        NodeKey holdout = holdouts.get(v.holdout());
        NodeKey evaluating = g.add("run:eval-fraud-detector@" + next + "-v" + v.number(), at(next, 9, 0),
                "status", "succeeded");
        g.link(evaluating, USED, model, holdout);
        evaluation(model, holdout, evaluating, v, "auc", v.auc(), "auc >= 0.85", v.auc() >= 0.85);
        evaluation(model, holdout, evaluating, v, "recall-at-1pct-fpr", v.recall(), "recall_at_1pct_fpr >= 0.55",
                v.recall() >= 0.55);
        evaluation(model, holdout, evaluating, v, "ece", v.ece(), "ece <= 0.05", v.ece() <= 0.05);
    }

    private void evaluation(NodeKey model, NodeKey holdout, NodeKey run, Version v, String metric, double value,
                            String gate, boolean passed) {
        NodeKey e = g.add("evaluation:fraud-detector-v" + v.number() + "-holdout-" + v.holdout() + "-" + metric,
                at(v.day().plusDays(1), 10, 0), "metric", metric.replace('-', '_'), "value", value,
                "gate", gate, "passed", passed);
        g.link(e, EVALUATES, model);
        g.link(e, USED, holdout);
        g.link(e, WAS_GENERATED_BY, run);
    }

    private void deployments() {
        NodeKey staging = g.add(STAGING, at("2026-08-20T12:00"), "environment", "staging",
                "endpoint", "https://fraud-api.staging.acme.internal/v1/score", "region", "eu-west-1",
                "replicas", 2);
        NodeKey prod = g.add(PROD, at("2026-09-09T12:00"), "environment", "production",
                "endpoint", "https://fraud-api.acme.com/v1/score", "region", "eu-west-1", "replicas", 6);
        g.rollout(staging, STAGING_ROLLOUT);
        g.rollout(prod, PROD_ROLLOUT);
        // Ana ran staging herself until platform took it over.
        g.during(staging, OWNED_BY, People.ANA, g.validFrom(staging), at("2026-09-15T09:00"));
        g.during(staging, OWNED_BY, People.CHEN, at("2026-09-15T09:00"), null);
        g.own(People.CHEN, prod);
        g.own(People.ANA, prod);
    }

    /** Every Tuesday from mid-September, the model then in production is scored on that week's features. */
    private void backtests() {
        for (LocalDate day = LocalDate.parse("2026-09-15"); !day.isAfter(LocalDate.parse("2026-11-10"));
                day = day.plusWeeks(1)) {
            Instant when = at(day, 9, 0);
            NodeKey served = DemoGraph.live(PROD_ROLLOUT, when);
            Version v = VERSIONS.get(Integer.parseInt(served.version()) - 1);
            long weeksOld = ChronoUnit.WEEKS.between(v.day(), day);
            // Scores decay as fraud patterns drift; @3's local-time velocity bug cost it two more points.
            double auc = round(v.auc() - 0.006 - 0.003 * weeksOld - (v.number() == 3 ? 0.02 : 0.0));
            NodeKey e = g.add("evaluation:fraud-api-prod-backtest-" + day, when, "metric", "auc", "value", auc,
                    "deployment", PROD.toString(), "served", served.toString());
            g.link(e, EVALUATES, served);
            g.link(e, USED, features.get(day));
        }
    }

    private static List<NodeKey> weeks(Map<LocalDate, NodeKey> byWeek, String from, String to) {
        List<NodeKey> out = new ArrayList<>();
        byWeek.forEach((day, k) -> {
            if (!day.isBefore(LocalDate.parse(from)) && !day.isAfter(LocalDate.parse(to))) {
                out.add(k);
            }
        });
        if (out.isEmpty()) {
            throw new IllegalStateException("No weekly snapshot between " + from + " and " + to);
        }
        return out;
    }
}
