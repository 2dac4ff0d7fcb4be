package io.pedigree.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.pedigree.openlineage.OpenLineage;

import java.time.Duration;

/**
 * Read-your-writes for OpenLineage events, which are applied just after they are accepted: a request waits until
 * the events this instance accepted before it are applied, so a client that posted an event sees it applied in
 * its next request. Posting events does not wait, and the wait is bounded: past it the request is answered from
 * what is applied, with a header saying how many events are still pending. When nothing is pending the check is
 * two reads of memory and no database round trip.
 */
final class AppliedFirst {

    /** As long as a query may run by default: a full backlog on a loaded machine can take that long to apply. */
    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final String PENDING_HEADER = "Pedigree-Pending-Events";

    private final OpenLineage ol;

    AppliedFirst(OpenLineage ol) {
        this.ol = ol;
    }

    void check(Context ctx) {
        String path = ctx.path();
        if (ctx.method() == HandlerType.POST && (path.equals("/api/v1/lineage")
                || path.equals("/api/v1/lineage/batch"))) {
            return;
        }
        if (path.startsWith("/static/") || path.equals("/api/v1/health")) {
            return;
        }
        if (!ol.awaitApplied(PATIENCE)) {
            ctx.header(PENDING_HEADER, Long.toString(ol.backlog()));
        }
    }
}
