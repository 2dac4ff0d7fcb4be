package io.pedigree.audit;

/**
 * An external, append-only place checkpoints are pushed to as they are signed (a file, a WORM blob container).
 * A push that fails is logged and retried with the next checkpoint; the checkpoint itself is kept regardless.
 */
public interface CheckpointSink {

    /** Appends {@code line}, one checkpoint as JSON, never replacing anything written before. */
    void append(Checkpoint checkpoint, String line) throws java.io.IOException;

    /** Where it writes, for logs and the status answer. */
    String describe();
}
