package io.pedigree.lineage;

/**
 * Filters for listing nodes, all optional and combined with AND: kind, name substring (case-insensitive), key
 * prefix, a property value, an owner; {@code after} is the last key of the previous page.
 */
public record NodeQuery(Kind kind, String nameContains, String keyPrefix, String property, String value,
                        NodeKey owner, String after, int limit) {
}
