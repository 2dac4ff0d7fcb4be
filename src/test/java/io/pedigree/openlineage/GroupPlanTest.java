package io.pedigree.openlineage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GroupPlanTest {

    private static final GroupPlan.Stored NOTHING = new GroupPlan.Stored(Map.of(), Map.of(), Map.of(), Map.of());
    private static final String PG = "postgres://db:5432";

    private static List<OlEvent> run() {
        return List.of(
                EventParser.parse(Events.run("START", "2026-10-01T10:00:00Z", "dbt", "model.orders", "r1")
                        .input(PG, "raw.orders").output(PG, "mart.orders").outputSchema("id bigint").text()),
                EventParser.parse(Events.run("COMPLETE", "2026-10-01T10:05:00Z", "dbt", "model.orders", "r1")
                        .input(PG, "raw.orders").output(PG, "mart.orders").outputSchema("id bigint").text()),
                EventParser.parse(Events.run("START", "2026-10-01T10:10:00Z", "dbt", "model.report", "r2")
                        .input(PG, "mart.orders").text()));
    }

    @Test
    void aGroupPlansTheSameWritesInEveryOrder() {
        List<OlEvent> events = run();
        String expected = null;
        for (List<Integer> order : RunStateOrderIT.permutations(List.of(0, 1, 2))) {
            List<OlEvent> shuffled = new ArrayList<>();
            order.forEach(i -> shuffled.add(events.get(i)));
            GroupPlan.Plan plan = GroupPlan.plan(shuffled, NOTHING);
            String text = plan.ensures().stream().sorted(java.util.Comparator.comparing(e -> e.key().toString()))
                    .toList() + "\n" + plan.links().stream().sorted(java.util.Comparator.comparing(Object::toString))
                    .toList() + "\n" + new java.util.TreeMap<>(plan.properties().entrySet().stream().collect(
                    java.util.stream.Collectors.toMap(e -> e.getKey().toString(), e -> e.getValue().values())));
            if (expected == null) {
                expected = text;
            }
            assertThat(text).as("order %s", order).isEqualTo(expected);
        }
    }

    @Test
    void runsNamingTheSameVersionWithTheSameSchemaMarkItOnce() {
        List<OlEvent> events = new ArrayList<>();
        for (String run : List.of("r1", "r2", "r3")) {
            events.add(EventParser.parse(Events.run("COMPLETE", "2026-10-01T10:05:00Z", "dbt", "model.orders", run)
                    .input(PG, "raw.orders").output(PG, "mart.orders").outputSchema("id bigint").text()));
        }

        GroupPlan.Plan plan = GroupPlan.plan(events, NOTHING);

        assertThat(plan.marks()).extracting(m -> m.key().toString()).containsExactly(
                "dataset:{" + PG + "}mart.orders@" + Events.version("id bigint"),
                "dataset:{" + PG + "}raw.orders@unversioned");
        assertThat(plan.links()).hasSize(6);
    }

    @Test
    void aMentionResolvedByTimeUsesAVersionTheSameGroupCreates() {
        GroupPlan.Plan plan = GroupPlan.plan(run(), NOTHING);
        String version = "dataset:{" + PG + "}mart.orders@" + Events.version("id bigint");
        assertThat(plan.links()).anySatisfy(l -> {
            assertThat(l.type()).isEqualTo("USED");
            assertThat(l.from()).isEqualTo("run:{dbt}model.report@r2");
            assertThat(l.to()).isEqualTo(version);
            assertThat(l.byTime()).isTrue();
        });
        // The input no run ever versioned stands for one shared placeholder.
        assertThat(plan.marks()).anySatisfy(m -> {
            assertThat(m.key()).hasToString("dataset:{" + PG + "}raw.orders@unversioned");
            assertThat(m.placeholder()).isTrue();
        });
        assertThat(plan.realign()).containsExactly("dataset:{" + PG + "}mart.orders");
    }

    @Test
    void aTerminalEventAlreadyStoredStillWinsOverAStartInTheGroup() {
        List<OlEvent> events = run();
        RunSummary stored = RunSummary.read(null);
        stored.add(events.get(1));
        GroupPlan.Plan plan = GroupPlan.plan(List.of(events.get(0)), new GroupPlan.Stored(
                Map.of("run:{dbt}model.orders@r1", stored.toJson()), Map.of(), Map.of(), Map.of()));
        NodeProperties run = plan.properties().entrySet().stream()
                .filter(e -> e.getKey().toString().equals("run:{dbt}model.orders@r1")).findFirst().orElseThrow()
                .getValue();
        assertThat(run.values()).containsEntry("state", "completed").containsEntry("startedAt",
                "2026-10-01T10:00:00Z");
    }
}
