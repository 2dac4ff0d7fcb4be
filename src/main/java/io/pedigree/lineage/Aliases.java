package io.pedigree.lineage;

import org.neo4j.driver.TransactionContext;

/**
 * Which key answers for a key a client named: for a dataset a symlinks facet made an alias, its canonical dataset.
 * It runs in the caller's transaction, so that a lineage answer costs one transaction however its key is named.
 */
@FunctionalInterface
public interface Aliases {

    /** Every key answers for itself: for a service with no aliases to resolve (tests, tools). */
    Aliases NONE = (tx, key) -> key;

    NodeKey canonical(TransactionContext tx, NodeKey key);
}
