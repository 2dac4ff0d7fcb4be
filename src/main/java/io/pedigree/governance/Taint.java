package io.pedigree.governance;

import java.util.List;

/** A quarantined asset upstream of a version: which quarantine, why, and the path from the version to it. */
public record Taint(String quarantine, String asset, String reason, List<String> path) {
}
