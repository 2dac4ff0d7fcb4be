package io.pedigree.audit;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.time.Instant;

/**
 * Which audit events to read, all filters optional and combined with AND: a time range ({@code from} inclusive,
 * {@code to} exclusive), a key the event acted on or touched, an actor, and an action, exact ({@code token.revoke})
 * or, when it ends in a dot, a prefix ({@code token.}). Events come oldest first, after event {@code after}.
 */
public record AuditQuery(Instant from, Instant to, String target, String actor, String action, long after,
                         int limit) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 1000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInput("limit", "'limit' must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidInput("to", "'to' must be after 'from'");
        }
        if (after < 0) {
            throw new IllegalArgumentException("after must not be negative");
        }
    }

    /** Every event, in pages of the default size. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, 0, DEFAULT_LIMIT);
    }

    public AuditQuery withFrom(Instant value) {
        return new AuditQuery(value, to, target, actor, action, after, limit);
    }

    public AuditQuery withTo(Instant value) {
        return new AuditQuery(from, value, target, actor, action, after, limit);
    }

    public AuditQuery withTarget(String value) {
        return new AuditQuery(from, to, value, actor, action, after, limit);
    }

    public AuditQuery withActor(String value) {
        return new AuditQuery(from, to, target, value, action, after, limit);
    }

    public AuditQuery withAction(String value) {
        return new AuditQuery(from, to, target, actor, value, after, limit);
    }

    /** The same filters, continuing after the page that handed out {@code cursor}. */
    public AuditQuery withCursor(String cursor) {
        return new AuditQuery(from, to, target, actor, action, AuditCursor.decode("cursor", cursor), limit);
    }

    public AuditQuery withLimit(int value) {
        return new AuditQuery(from, to, target, actor, action, after, value);
    }

    /** Whether {@code action} names a family of actions ({@code model.}) rather than one. */
    boolean actionIsPrefix() {
        return action != null && action.endsWith(".");
    }
}
