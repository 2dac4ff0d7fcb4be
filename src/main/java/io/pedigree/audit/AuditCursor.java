package io.pedigree.audit;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of audit pages: the sequence number of the last event a page held. Sequence numbers never
 * change and new events only come after, so a cursor stays valid however much is appended meanwhile.
 */
public final class AuditCursor {

    private static final String PREFIX = "audit:";

    private AuditCursor() {
    }

    static String encode(long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + seq).getBytes(StandardCharsets.UTF_8));
    }

    /** The sequence number a cursor stands for; 0 (before the first event) when there is none. */
    public static long decode(String field, String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                long seq = Long.parseLong(text.substring(PREFIX.length()));
                if (seq >= 0) {
                    return seq;
                }
            }
        } catch (IllegalArgumentException e) {
            // Not base64, or not a number inside: the same answer as any other cursor we did not hand out.
        }
        throw new InvalidInput(field, "The cursor is not one this server handed out; pass back a nextCursor"
                + " unchanged");
    }
}
