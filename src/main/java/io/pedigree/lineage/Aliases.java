package io.pedigree.lineage;

import java.util.HashMap;
import java.util.Map;

/**
 * Which key answers for a key a client named. With {@link #DATASET_SYMLINKS}, a dataset that a symlinks facet made
 * an alias (a {@code DatasetAlias} node, docs/openlineage.md#symlinks) answers with its canonical dataset, or the
 * same version of it. The lookup is part of the answer's own query, so a lineage answer costs one statement
 * however its key is named.
 */
public enum Aliases {

    /** Every key answers for itself: for a service with no aliases to resolve (tests, tools). */
    NONE,

    /** A dataset key recorded as an alias answers with its canonical dataset family, keeping the version asked. */
    DATASET_SYMLINKS;

    // Looks up $<name>Alias (the family of a dataset key, null otherwise: it matches nothing) among the aliases;
    // the key that answers is then the canonical family followed by $<name>Version (the version asked, or
    // nothing), or $<name> itself when it is no alias.
    private static final String RESOLVE = "OPTIONAL MATCH (%1$sAlias:DatasetAlias {key: $%1$sAlias})\n";

    private static final String NAMED = "coalesce(%1$sAlias.canonical + $%1$sVersion, $%1$s) AS %1$sCanonical";

    /** The lines that start a query binding {@code <name>Canonical} to the key that answers for {@code $<name>}. */
    String resolve(String... names) {
        StringBuilder q = new StringBuilder();
        StringBuilder with = new StringBuilder("WITH ");
        for (int i = 0; i < names.length; i++) {
            if (this == DATASET_SYMLINKS) {
                q.append(RESOLVE.formatted(names[i]));
                with.append(NAMED.formatted(names[i]));
            } else {
                with.append('$').append(names[i]).append(" AS ").append(names[i]).append("Canonical");
            }
            with.append(i < names.length - 1 ? ", " : "\n");
        }
        return q.append(with).toString();
    }

    /** The parameters {@link #resolve} reads for {@code key} named {@code name}. */
    Map<String, Object> params(String name, NodeKey key) {
        Map<String, Object> p = new HashMap<>();
        p.put(name, key.toString());
        if (this == DATASET_SYMLINKS) {
            boolean dataset = key.kind() == Kind.DATASET;
            String family = key.family().orElse(key).toString();
            // A version keeps its version under the canonical name: the key with its family's text replaced.
            p.put(name + "Alias", dataset ? family : null);
            p.put(name + "Version", key.toString().substring(family.length()));
        }
        return p;
    }
}
