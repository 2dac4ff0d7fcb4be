package io.pedigree.governance;

import java.util.List;

/** Every gate of entering {@code stage}, met or not; {@code passed} when all are met. */
public record GateReport(String version, String stage, boolean passed, List<Gate> gates) {

    public List<Gate> unmet() {
        return gates.stream().filter(g -> !g.passed()).toList();
    }
}
