package io.pedigree.openlineage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunSummaryTest {

    private static List<OlEvent> events() {
        List<OlEvent> out = new ArrayList<>();
        for (String text : RunStateOrderIT.runEvents()) {
            out.add(EventParser.parse(text));
        }
        return out;
    }

    @Test
    void theFoldedStateIsTheSameForEveryOrderAndDuplicate() {
        List<OlEvent> events = events();
        String expected = null;
        for (List<Integer> order : RunStateOrderIT.permutations(List.of(0, 1, 2, 3))) {
            RunSummary s = RunSummary.read(null);
            order.forEach(i -> s.add(events.get(i)));
            s.add(events.get(order.get(0)));
            String json = s.toJson();
            if (expected == null) {
                expected = json;
            }
            assertThat(json).as("order %s", order).isEqualTo(expected);
            assertThat(s.state()).isEqualTo(RunSummary.State.FAILED);
            assertThat(s.errorMessage()).isEqualTo("division by zero");
        }
    }

    @Test
    void aTerminalEventWinsWheneverItArrives() {
        RunSummary s = RunSummary.read(null);
        s.add(EventParser.parse(Events.run("COMPLETE", "2026-10-01T10:05:00Z", "n", "j", "r").text()));
        s.add(EventParser.parse(Events.run("RUNNING", "2026-10-01T10:06:00Z", "n", "j", "r").text()));
        s.add(EventParser.parse(Events.run("START", "2026-10-01T10:00:00Z", "n", "j", "r").text()));
        assertThat(s.state()).isEqualTo(RunSummary.State.COMPLETED);
        assertThat(s.startedAt()).hasToString("2026-10-01T10:00:00Z");
        assertThat(s.endedAt()).hasToString("2026-10-01T10:05:00Z");
    }
}
