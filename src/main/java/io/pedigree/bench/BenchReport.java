package io.pedigree.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bench's query table and its targets, as text: the same answer timed three ways (HTTP, the service in-process
 * over Bolt, the one-query Cypher floor over Bolt), the ratios, and whether each target was met.
 */
final class BenchReport {

    /** Service within this factor of the floor, at p50. */
    static final double SERVICE_OVER_FLOOR = 1.2;
    /** HTTP p50 at most this factor of the service's p50, plus {@link #HTTP_SLACK_MS}, for small answers. */
    static final double HTTP_OVER_SERVICE = 1.2;
    static final double HTTP_SLACK_MS = 1.0;
    static final int SMALL_ANSWER = 1_000;
    static final double HUB_IMPACT_P99_MS = 100;
    static final double DEPTH_10_P99_MS = 20;
    static final double FIELD_IMPACT_P99_MS = 300;

    /** What a row is, for the targets that concern only some rows. */
    enum Role { OTHER, DEPTH_10, HUB_IMPACT, FIELD_IMPACT }

    /**
     * One query timed three ways. {@code httpSameCall} is false where the HTTP route does more than the service
     * call timed beside it, so their ratio is no measure of HTTP's own cost; {@code mismatches} counts iterations
     * whose three answer sizes differed.
     */
    record Row(String name, Role role, Latencies http, Latencies service, Latencies floor, boolean httpSameCall,
               int mismatches, String firstMismatch) {
    }

    private BenchReport() {
    }

    static List<String> table(List<Row> rows) {
        List<String> out = new ArrayList<>();
        out.add("| query | answer size | HTTP p50 / p95 / p99 | service p50 / p95 / p99 | floor p50 / p95 / p99 "
                + "| service/floor p50 | HTTP/service p50 |");
        out.add("|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            out.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %s |", r.name(),
                    size(r), three(r.http()), three(r.service()), three(r.floor()), serviceOverFloor(r),
                    r.httpSameCall() ? String.format(Locale.ROOT, "%.2f", httpOverService(r)) : "n/a"));
        }
        return out;
    }

    /** One line per target, saying met or MISSED with the figure, and a loud line per answer-size mismatch. */
    static List<String> targets(List<Row> rows) {
        List<String> out = new ArrayList<>();
        for (Row r : rows) {
            if (r.mismatches() > 0) {
                out.add(String.format(Locale.ROOT, "!!! MISMATCH: %s: HTTP, service and floor answered different"
                        + " sizes in %d of %d runs (first: %s)", r.name(), r.mismatches(), r.http().count(),
                        r.firstMismatch()));
            }
        }
        for (Row r : rows) {
            double ratio = serviceOverFloor(r);
            out.add(verdict(ratio <= SERVICE_OVER_FLOOR, String.format(Locale.ROOT,
                    "service within %.1fx floor (p50): %s %.2fx", SERVICE_OVER_FLOOR, r.name(), ratio)));
        }
        for (Row r : rows) {
            if (r.httpSameCall() && r.http().meanNodes() <= SMALL_ANSWER) {
                double limit = HTTP_OVER_SERVICE * r.service().percentileMillis(50) + HTTP_SLACK_MS;
                double http = r.http().percentileMillis(50);
                out.add(verdict(http <= limit, String.format(Locale.ROOT,
                        "HTTP p50 <= %.1fx service + %.0f ms: %s %.1f ms against %.1f ms", HTTP_OVER_SERVICE,
                        HTTP_SLACK_MS, r.name(), http, limit)));
            }
            if (r.role() == Role.HUB_IMPACT) {
                out.add(p99(r, HUB_IMPACT_P99_MS));
            }
            if (r.role() == Role.DEPTH_10) {
                out.add(p99(r, DEPTH_10_P99_MS));
            }
            if (r.role() == Role.FIELD_IMPACT) {
                out.add(p99(r, FIELD_IMPACT_P99_MS));
            }
        }
        return out;
    }

    static double serviceOverFloor(Row r) {
        return r.service().percentileMillis(50) / r.floor().percentileMillis(50);
    }

    static double httpOverService(Row r) {
        return r.http().percentileMillis(50) / r.service().percentileMillis(50);
    }

    private static String p99(Row r, double target) {
        double http = r.http().percentileMillis(99);
        double service = r.service().percentileMillis(99);
        return verdict(http < target, String.format(Locale.ROOT, "%s p99 < %.0f ms: HTTP %.1f ms (service %.1f ms)",
                r.name(), target, http, service));
    }

    private static String verdict(boolean met, String what) {
        return (met ? "met    " : "MISSED ") + what;
    }

    private static String size(Row r) {
        double mean = r.http().meanNodes();
        return mean == Math.rint(mean) ? String.format(Locale.ROOT, "%,.0f", mean)
                : String.format(Locale.ROOT, "%,.1f (mean)", mean);
    }

    private static String three(Latencies l) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f ms", l.percentileMillis(50), l.percentileMillis(95),
                l.percentileMillis(99));
    }
}
