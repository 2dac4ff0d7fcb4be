package io.pedigree.audit;

/**
 * The answer of a walk along the audit chain: whether every event checked holds, how many were checked, the head
 * as recorded, the first broken link (null when there is none), and how many signed checkpoints it was held
 * against.
 */
public record Verification(boolean ok, long checked, Head head, Broken firstBroken, int checkpoints) {

    /** The sequence number and hash of the last event, as the log's head node records them. */
    public record Head(long seq, String hash) {
    }

    /** Where the chain first fails, and what that most likely means. */
    public record Broken(long seq, String problem) {
    }

    static Verification passed(long checked, Head head) {
        return new Verification(true, checked, head, null, 0);
    }

    static Verification broken(long checked, Head head, long seq, String problem) {
        return new Verification(false, checked, head, new Broken(seq, problem), 0);
    }

    Verification withCheckpoints(int count) {
        return new Verification(ok, checked, head, firstBroken, count);
    }
}
