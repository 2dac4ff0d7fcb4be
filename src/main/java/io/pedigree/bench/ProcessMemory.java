package io.pedigree.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * This process's resident memory as Linux reports it in {@code /proc/self/status}: {@code VmRSS} now and
 * {@code VmHWM}, the peak. The bench runs the server, its embedded Neo4j and the client in one JVM, so the figure
 * covers all three.
 */
final class ProcessMemory {

    private ProcessMemory() {
    }

    /** The field's value in MiB, when the status text has it (kB, as the kernel writes it). */
    static Optional<Long> mebibytes(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                return Optional.of(Long.parseLong(parts[0]) / 1024);
            }
        }
        return Optional.empty();
    }

    /** "resident 1,234 MiB, peak 2,345 MiB", or why it is unknown. */
    static String describe() {
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            Optional<Long> rss = mebibytes(status, "VmRSS");
            Optional<Long> peak = mebibytes(status, "VmHWM");
            if (rss.isEmpty() || peak.isEmpty()) {
                return "unknown (no VmRSS in /proc/self/status)";
            }
            return String.format("resident %,d MiB now, peak %,d MiB", rss.get(), peak.get());
        } catch (IOException | RuntimeException e) {
            return "unknown (/proc/self/status unreadable: " + e.getMessage() + ")";
        }
    }
}
