package io.pedigree.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recorded event of the audit log. {@code hash} is the SHA-256 of every other field, {@code prevHash} included,
 * so changing any event, or removing one, breaks the chain from there on.
 */
public record AuditEvent(long seq, Instant at, String actor, String action, String target, List<String> targets,
                         String before, String after, String reason, Map<String, Object> details, String prevHash,
                         String hash) {

    /** The hash of the first event's predecessor. */
    public static final String GENESIS = "0".repeat(64);

    /** The hash this event should carry, computed from its other fields. */
    public String expectedHash() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("seq", seq);
        content.put("at", at.toString());
        content.put("actor", actor);
        content.put("action", action);
        content.put("target", target);
        content.put("targets", targets);
        content.put("before", before);
        content.put("after", after);
        content.put("reason", reason);
        content.put("details", details);
        content.put("prevHash", prevHash);
        return Digest.sha256(Digest.canonicalJson(content));
    }
}
