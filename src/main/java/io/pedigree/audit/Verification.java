package io.pedigree.audit;

/**
 * The answer of a walk along the audit chain: whether every event checked holds, how many were checked, the head
 * as recorded, and the first broken link (null when there is none).
 */
public record Verification(boolean ok, long checked, Head head, Broken firstBroken) {

    /** The sequence number and hash of the last event, as the log's head node records them. */
    public record Head(long seq, String hash) {
    }

    /** Where the chain first fails, and what that most likely means. */
    public record Broken(long seq, String problem) {
    }

    static Verification passed(long checked, Head head) {
        return new Verification(true, checked, head, null);
    }

    static Verification broken(long checked, Head head, long seq, String problem) {
        return new Verification(false, checked, head, new Broken(seq, problem));
    }
}
