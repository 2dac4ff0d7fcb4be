package io.pedigree.audit;

import java.time.Instant;

/**
 * A signed statement that the audit chain's head was event {@code seq} with hash {@code hash} at time {@code at}.
 * {@code signature} is the Ed25519 signature (base64) of {@link #signedText()}, by the key named {@code keyId}.
 * Held anywhere outside the graph, it pins the chain up to {@code seq}: a rewrite of any event up to there gives
 * that event another hash, and a consistent rewrite from some event on gives the checkpointed one another hash.
 */
public record Checkpoint(long seq, String hash, Instant at, String keyId, String signature) {

    /** The exact text signed: one line, so a shell script can rebuild it with printf and check it with openssl. */
    public String signedText() {
        return signedText(seq, hash, at);
    }

    static String signedText(long seq, String hash, Instant at) {
        return "pedigree-audit-checkpoint v1 seq=" + seq + " hash=" + hash + " at=" + at;
    }
}
