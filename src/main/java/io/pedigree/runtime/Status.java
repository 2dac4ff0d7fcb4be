package io.pedigree.runtime;

import io.pedigree.store.Database;
import io.pedigree.store.Migrations;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this instance can serve: it is ready once the composition root says so (after the demo data, if any,
 * is loaded and the admin token printed) and only while Neo4j answers.
 */
public final class Status {

    private final Database db;
    private final String server;
    private final AtomicBoolean ready = new AtomicBoolean();

    public Status(Database db, String server) {
        this.db = db;
        this.server = server;
    }

    /** Marks the instance ready; until then health checks answer that it is starting. */
    public void markReady() {
        ready.set(true);
    }

    /** Checks Neo4j now; the schema version is read only when it answers. */
    public StatusReport check() {
        boolean reachable = db.reachable();
        Integer schema = reachable ? Migrations.currentVersion(db) : null;
        return new StatusReport(ready.get(), reachable, server, schema);
    }
}
