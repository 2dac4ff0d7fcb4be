package io.pedigree.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recorded event of the audit log. {@code hash} is the SHA-256 of the event's fixed fields (number, time,
 * action, state digests, {@code prevHash}) and of {@code contentDigest}, the SHA-256 of its erasable content
 * (actor, target keys, reason and the details exactly as stored), so changing any event, or removing one, breaks
 * the chain from there on, while erasing personal data replaces content and leaves every hash standing.
 *
 * <p>Events written before content digests existed have no {@code contentDigest}; their hash covers the content
 * itself, re-serialised as canonical JSON (see {@link #expectedHash()}). {@code erasedBy} is the number of the
 * erasure event that replaced personal data in this event's content, or null.
 */
public record AuditEvent(long seq, Instant at, String actor, String action, String target, List<String> targets,
                         String before, String after, String reason, Map<String, Object> details, String prevHash,
                         String hash, String contentDigest, Long erasedBy) {

    /** The hash of the first event's predecessor. */
    public static final String GENESIS = "0".repeat(64);

    /** The hash this event should carry, computed from its other fields. */
    public String expectedHash() {
        return Digest.sha256(hashedText(null));
    }

    /**
     * The hash this event should carry given its details as stored. Events written before content digests hashed
     * canonical JSON with the details object inside; that text is rebuilt around the stored details, never from a
     * re-serialisation of them, so a chain written on one JDK verifies on any other.
     */
    public String expectedHash(String storedDetails) {
        return Digest.sha256(hashedText(storedDetails));
    }

    /** The exact text {@link #expectedHash(String)} digests: what an auditor hashes with sha256sum. */
    String hashedText(String storedDetails) {
        String placeholder = contentDigest == null && storedDetails != null
                ? "details-" + java.util.UUID.randomUUID() : null;
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("seq", seq);
        content.put("at", at.toString());
        if (contentDigest == null) {
            content.put("actor", actor);
        }
        content.put("action", action);
        if (contentDigest != null) {
            // Only strings and a long: the same text on every JDK, whatever the details hold.
            content.put("before", before);
            content.put("after", after);
            content.put("contentDigest", contentDigest);
        } else {
            content.put("target", target);
            content.put("targets", targets);
            content.put("before", before);
            content.put("after", after);
            content.put("reason", reason);
            content.put("details", placeholder == null ? details : placeholder);
        }
        content.put("prevHash", prevHash);
        String text = Digest.canonicalJson(content);
        return placeholder == null ? text : text.replace('"' + placeholder + '"', storedDetails);
    }

    /**
     * The digest of an event's erasable content: its actor (a principal may be a person's e-mail address), its
     * target keys, its reason and its details as the stored JSON text. The details go in as a string, never re-serialised, so numbers print the same on every JDK.
     */
    public static String contentDigest(String actor, String target, List<String> targets, String reason,
                                       String storedDetails) {
        return Digest.sha256(contentText(actor, target, targets, reason, storedDetails));
    }

    /** The exact text {@link #contentDigest} digests. */
    static String contentText(String actor, String target, List<String> targets, String reason,
                              String storedDetails) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("actor", actor);
        content.put("target", target);
        content.put("targets", targets == null ? List.of() : targets);
        content.put("reason", reason);
        content.put("details", storedDetails);
        return Digest.canonicalJson(content);
    }
}
