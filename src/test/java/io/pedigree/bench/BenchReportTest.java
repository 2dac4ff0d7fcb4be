package io.pedigree.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

    private static Latencies ms(int size, double... millis) {
        Latencies l = new Latencies();
        for (double m : millis) {
            l.add((long) (m * 1_000_000), size);
        }
        return l;
    }

    private static BenchReport.Row row(String name, BenchReport.Role role, Latencies http, Latencies service,
                                       Latencies floor) {
        return new BenchReport.Row(name, role, http, service, floor, true, 0, null);
    }

    @Test
    void percentilesAreNearestRankOverTheSamples() {
        Latencies l = new Latencies();
        for (int i = 100; i >= 1; i--) {
            l.add(i * 1_000_000L, 3);
        }
        assertThat(l.percentileMillis(50)).isEqualTo(50.0);
        assertThat(l.percentileMillis(95)).isEqualTo(95.0);
        assertThat(l.percentileMillis(99)).isEqualTo(99.0);
        assertThat(l.percentileMillis(100)).isEqualTo(100.0);
        assertThat(ms(1, 7).percentileMillis(99)).isEqualTo(7.0);
        assertThat(ms(1, 1, 2, 3).percentileMillis(50)).isEqualTo(2.0);
        assertThat(l.meanNodes()).isEqualTo(3.0);
        assertThat(new Latencies().percentileMillis(50)).isNaN();
    }

    @Test
    void tableShowsTheThreeWaysWithTheirRatios() {
        List<String> table = BenchReport.table(List.of(
                row("upstream lineage, depth 10", BenchReport.Role.DEPTH_10, ms(66, 6, 6, 6), ms(66, 5, 5, 5),
                        ms(66, 2, 2, 2)),
                new BenchReport.Row("taint", BenchReport.Role.OTHER, ms(1, 9), ms(1, 3), ms(1, 3), false, 0, null)));
        assertThat(table).hasSize(4);
        assertThat(table.get(2)).isEqualTo("| upstream lineage, depth 10 | 66 | 6.0 / 6.0 / 6.0 ms | 5.0 / 5.0 / 5.0 ms"
                + " | 2.0 / 2.0 / 2.0 ms | 2.50 | 1.20 |");
        assertThat(table.get(3)).endsWith("| 1.00 | n/a |");
    }

    @Test
    void answerSizesThatVaryAcrossRootsShowTheirMean() {
        Latencies l = new Latencies();
        l.add(1_000_000, 2);
        l.add(1_000_000, 3);
        assertThat(BenchReport.table(List.of(row("x", BenchReport.Role.OTHER, l, l, l))).get(2))
                .startsWith("| x | 2.5 (mean) |");
    }

    @Test
    void targetsSayMetOrMissedWithTheFigures() {
        List<String> lines = BenchReport.targets(List.of(
                row("depth 10", BenchReport.Role.DEPTH_10, ms(66, 7.1), ms(66, 5), ms(66, 4.5)),
                row("hub", BenchReport.Role.HUB_IMPACT, ms(10_000, 120), ms(10_000, 90), ms(10_000, 40))));
        assertThat(lines).contains(
                "met    service within 1.2x floor (p50): depth 10 1.11x",
                "MISSED service within 1.2x floor (p50): hub 2.25x",
                "MISSED HTTP p50 <= 1.2x service + 1 ms: depth 10 7.1 ms against 7.0 ms",
                "met    depth 10 p99 < 20 ms: HTTP 7.1 ms (service 5.0 ms)",
                "MISSED hub p99 < 100 ms: HTTP 120.0 ms (service 90.0 ms)");
        // Answers over 1,000 nodes are not held to the HTTP target, nor routes that do more than the service.
        assertThat(lines).noneMatch(l -> l.contains("HTTP p50") && l.contains("hub"));
    }

    @Test
    void fieldImpactIsHeldToItsOwnP99TargetOf300Ms() {
        List<String> lines = BenchReport.targets(List.of(
                row("field impact", BenchReport.Role.FIELD_IMPACT, ms(2177, 250, 310), ms(2177, 240, 290),
                        ms(2177, 200, 250)),
                row("field upstream", BenchReport.Role.OTHER, ms(12, 400), ms(12, 400), ms(12, 400))));
        assertThat(lines).contains("MISSED field impact p99 < 300 ms: HTTP 310.0 ms (service 290.0 ms)");
        assertThat(lines).noneMatch(l -> l.contains("field upstream p99"));
    }

    @Test
    void differingAnswerSizesAreReportedLoudly() {
        List<String> lines = BenchReport.targets(List.of(new BenchReport.Row("path", BenchReport.Role.OTHER,
                ms(1, 1), ms(1, 1), ms(2, 1), true, 1, "iteration 0: HTTP 1, service 1, floor 2")));
        assertThat(lines.get(0)).isEqualTo("!!! MISMATCH: path: HTTP, service and floor answered different sizes in 1"
                + " of 1 runs (first: iteration 0: HTTP 1, service 1, floor 2)");
    }

    @Test
    void residentMemoryIsReadFromTheKernelsStatusText() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t 3145728 kB\nVmRSS:\t 2097152 kB\nThreads:\t40\n";
        assertThat(ProcessMemory.mebibytes(status, "VmRSS")).contains(2048L);
        assertThat(ProcessMemory.mebibytes(status, "VmHWM")).contains(3072L);
        assertThat(ProcessMemory.mebibytes(status, "VmSwap")).isEmpty();
    }
}
