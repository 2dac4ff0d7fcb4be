package io.pedigree.audit;

import java.util.List;

/** One page of audit events, oldest first; pass {@code nextCursor} back for the next page, null on the last. */
public record AuditPage(List<AuditEvent> items, String nextCursor) {

    public AuditPage {
        items = List.copyOf(items);
    }
}
