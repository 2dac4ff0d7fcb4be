package io.pedigree.config;

/**
 * Bounds on an export zip uploaded to {@code POST /api/v1/admin/import}: its size as sent, what its files inflate
 * to all together, and how many files it holds; so an upload (or a zip bomb) cannot fill the disk or run for ever.
 */
public record ImportLimits(long maxBytes, long maxInflatedBytes, int maxEntries) {
}
