package io.pedigree.observability;

import io.pedigree.testing.Api;
import io.pedigree.testing.MutableClock;
import io.pedigree.testing.PedigreeIT;
import io.pedigree.testing.TestApp;
import io.pedigree.testing.WebClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.pedigree.testing.Registry.ok;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production in the browser. fraud-prod serves version 1 from 01:00 and version 2 from 04:00; latency, errors,
 * cost and drift are measured at half past each hour; incidents start at 02:00 and 04:30, and latency above 250 ms
 * alerts from 04:30.
 * The clock stands at 06:00.
 */
class ProductionPagesIT extends PedigreeIT {

    private static final Instant DAY = Instant.parse("2026-11-24T00:00:00Z");

    private final MutableClock clock = new MutableClock(DAY);
    private Api ana;
    private WebClient web;

    @Override
    protected Clock clock() {
        return clock;
    }

    @BeforeEach
    void measuredThroughTwoVersionsWithAnIncidentAndAnAlert() {
        ana = admin.withNewToken("ana", "writer");
        TwoServedVersions.record(ana, clock, DAY);
        clock.advance(Duration.ofHours(2));
        ok(admin.put("/api/v1/models/fraud/policy", Map.of("production", Map.of("approvals", 0),
                "monitoring", Map.of("thresholds", List.of(Map.of("metric", "latency_p95", "op", ">", "value", 250))),
                "reason", "alert on latency")));
        List<Map<String, Object>> ms = new ArrayList<>();
        for (int h = 1; h < 6; h++) {
            ms.add(m("latency_p95", h < 4 ? 120 : 300, at(h, 30), "ms"));
            ms.add(m("error_rate", h < 4 ? 0.01 : 0.05, at(h, 30), "1"));
            ms.add(m("cost_per_1k", 0.4, at(h, 30), "USD"));
            ms.add(m("drift.amount", h < 4 ? 0.1 : 0.2, at(h, 30), "1"));
        }
        ok(ana.post("/api/v1/measurements", Map.of("measurements", ms)));
        ok(ana.post("/api/v1/deployments/fraud-prod/incidents", Map.of("severity", "high", "title",
                "checkout times out", "start", at(4, 30))));
        ok(ana.post("/api/v1/deployments/fraud-prod/incidents", Map.of("severity", "low", "title",
                "a slow hour", "start", at(2, 0))));
        web = new WebClient(app);
        web.signIn(TestApp.ADMIN_TOKEN);
    }

    @Test
    void theDeploymentPageChartsEachMetricWithTheServingVersionsAsBandsAndMarksIncidentsAndAlerts() {
        String page = web.get("/deployment?name=fraud-prod").body();

        assertThat(page.split("<svg class=\"chart\"", -1)).hasSize(5);
        assertThat(List.of("latency-p95", "error-rate", "cost-per-1k", "drift-amount").stream()
                .map(id -> page.indexOf("<title id=\"chart-" + id + "-t\">")).toList())
                .as("latency, errors, cost, drift, in that order").doesNotContain(-1).isSorted();
        assertThat(page).contains("class=\"band\" data-version=\"model:fraud@1\"",
                "class=\"band\" data-version=\"model:fraud@2\"", "<polyline class=\"line\"",
                "class=\"marker marker--incident\"", "class=\"marker marker--alert\"",
                "latency_p95 &gt; 250.0 for PT0S");
        assertThat(page.split("marker marker--incident", -1)).as("each of 4 charts marks both incidents")
                .hasSize(9);
        String alertKey = ok(ana.get("/api/v1/alerts")).get(0).get("key").asText();
        assertThat(page).contains("href=\"/node?key=" + Api.q(alertKey) + "\"");
        assertThat(web.get("/node?key=" + Api.q(alertKey)).status()).isEqualTo(200);
        String charts = page.substring(page.indexOf("<svg class=\"chart\""), page.lastIndexOf("</svg>"));
        assertThat(charts).as("drawn by the server, read without JavaScript").doesNotContain("<script");
    }

    @Test
    void theModelPageComparesItsVersionsOnProductionMetrics() {
        String page = web.get("/model?name=fraud").body();

        String table = page.substring(page.indexOf("production-compare"));
        assertThat(table).contains("latency_p95", "error_rate", "cost_per_1k", "drift.amount");
        assertThat(table.indexOf("model:fraud@2")).isLessThan(table.indexOf("model:fraud@1"));
        assertThat(table).contains("120.00 ms", "300.00 ms", "n=3", "n=2");
        assertThat(page).contains("latency_p95 &gt; 250.0 for PT0S");
    }

    @Test
    void theIncidentsPageFiltersByStateSeverityDeploymentAndModel() {
        String high = ok(ana.get("/api/v1/incidents?severity=high")).get(0).get("id").asText();
        ok(ana.post("/api/v1/incidents/" + high + "/resolve", Map.of("resolution", "fixed")));

        assertThat(web.get("/incidents").body()).contains("checkout times out", "a slow hour");
        assertThat(web.get("/incidents?severity=low").body()).contains("a slow hour")
                .doesNotContain("checkout times out");
        assertThat(web.get("/incidents?status=resolved").body()).contains("checkout times out")
                .doesNotContain("a slow hour");
        assertThat(web.get("/incidents?model=fraud&deployment=fraud-prod").body())
                .contains("checkout times out", "a slow hour");
        assertThat(web.get("/incidents?model=other").body()).contains("No incidents match.");
        assertThat(web.get("/incidents?deployment=elsewhere").body()).contains("No incidents match.");
        assertThat(ok(ana.get("/api/v1/incidents?model=fraud&severity=low")).findValuesAsText("version"))
                .containsExactly("model:fraud@1");
    }

    @Test
    void theHomePageListsOpenAlertsUntilTheyAreResolved() {
        assertThat(web.get("/").body()).contains("Open alerts", "latency_p95 crossed latency_p95 &gt; 250.0");

        String id = ok(ana.get("/api/v1/alerts")).get(0).get("id").asText();
        ok(ana.post("/api/v1/alerts/" + id + "/resolve", Map.of("resolution", "scaled out")));

        assertThat(web.get("/").body()).contains("No open alerts.");
    }

    private static String at(int hour, int minute) {
        return DAY.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute)).toString();
    }

    private static Map<String, Object> m(String metric, double value, String start, String unit) {
        return Map.of("deployment", "fraud-prod", "metric", metric, "value", value, "unit", unit, "start", start);
    }
}
