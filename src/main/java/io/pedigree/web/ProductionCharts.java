package io.pedigree.web;

import io.pedigree.governance.ServingPeriod;
import io.pedigree.observability.Alert;
import io.pedigree.observability.Alerts;
import io.pedigree.observability.Incident;
import io.pedigree.observability.Incidents;
import io.pedigree.observability.Measurements;
import io.pedigree.observability.MetricInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The production section of a deployment's page: a chart per latency, error, cost and drift metric over the last
 * week measured, with the serving versions as bands and the incidents and alerts marked, and its alerts.
 */
final class ProductionCharts {

    static final Duration WINDOW = Duration.ofDays(7);
    static final int CHARTS = 8;
    static final int EVENTS = 200;
    /** The families the issue asks to chart, in the order they are drawn; other metrics follow. */
    private static final List<String> FAMILIES = List.of("latency", "error", "cost", "drift");

    /** One drawn chart. */
    record Chart(String metric, String svg) {
    }

    /** What the page shows: the charts, the colour of each version, the window and the deployment's alerts. */
    record View(List<Chart> charts, Map<String, String> colours, Instant from, Instant to, List<Alert> alerts) {
    }

    private final Measurements measurements;
    private final Incidents incidents;
    private final Alerts alerts;
    private final Clock clock;

    ProductionCharts(Measurements measurements, Incidents incidents, Alerts alerts, Clock clock) {
        this.measurements = measurements;
        this.incidents = incidents;
        this.alerts = alerts;
        this.clock = clock;
    }

    View of(String deployment, List<ServingPeriod> periods) {
        List<MetricInfo> metrics = new ArrayList<>(measurements.metrics(deployment));
        metrics.sort(Comparator.comparingInt((MetricInfo m) -> family(m.metric())).thenComparing(MetricInfo::metric));
        // The week up to the last hour measured, so a deployment that stopped reporting still shows its last week.
        Instant last = metrics.stream().map(MetricInfo::lastHour).max(Comparator.naturalOrder()).orElse(null);
        Instant now = clock.instant();
        Instant to = last == null || last.plus(Duration.ofHours(1)).isAfter(now) ? now : last.plus(Duration.ofHours(1));
        Instant from = to.minus(WINDOW);
        List<Alert> raised = alerts.list(null, deployment, null, null, EVENTS);
        List<Charts.Marker> markers = new ArrayList<>();
        for (Incident i : incidents.list(null, deployment, null, null, EVENTS)) {
            markers.add(new Charts.Marker("incident", i.startedAt(), "incident " + i.id() + " (" + i.severity()
                    + "): " + i.title(), node(i.key())));
        }
        for (Alert a : raised) {
            markers.add(new Charts.Marker("alert", a.from(), "alert " + a.id() + " (" + a.severity() + ", "
                    + a.status() + "): " + a.metric() + " crossed " + a.rule(), node(a.key())));
        }
        Map<String, String> colours = Charts.colours(periods);
        List<Chart> charts = new ArrayList<>();
        for (MetricInfo m : metrics.subList(0, Math.min(CHARTS, metrics.size()))) {
            charts.add(new Chart(m.metric(), Charts.svg(measurements.series(deployment, m.metric(), from, to),
                    periods, colours, markers)));
        }
        return new View(charts, colours, from, to, raised);
    }

    private static String node(String key) {
        return "/node?key=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
    }

    private static int family(String metric) {
        for (int i = 0; i < FAMILIES.size(); i++) {
            if (metric.startsWith(FAMILIES.get(i))) {
                return i;
            }
        }
        return FAMILIES.size();
    }
}
