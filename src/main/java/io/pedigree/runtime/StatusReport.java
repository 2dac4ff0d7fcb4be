package io.pedigree.runtime;

/** What a health check found: started, Neo4j reachable, which server, and its schema version (when reachable). */
public record StatusReport(boolean started, boolean reachable, String server, Integer schemaVersion) {

    public boolean ready() {
        return started && reachable;
    }
}
