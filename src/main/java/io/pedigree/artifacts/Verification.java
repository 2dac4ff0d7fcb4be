package io.pedigree.artifacts;

/** The outcome of re-hashing a stored blob. */
public enum Verification {
    /** The stored bytes hash to the blob's name. */
    OK,
    /** The blob exists but its bytes (or recorded digest) no longer match its name. */
    CORRUPT,
    /** No blob has that digest. */
    MISSING,
    /**
     * The store holds something under that name that is not its own regular file (a symbolic link, or a directory
     * on the way that is one), so it is never read.
     */
    UNSAFE
}
