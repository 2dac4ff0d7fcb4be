package io.pedigree.config;

import io.pedigree.error.PedigreeException.StartupFailure;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of the embedded Neo4j: its page cache (off the Java heap, holding the store files) and the heap its
 * running transactions may hold together ({@code 0}: Neo4j's own limit). Unused with an external Neo4j, whose
 * own configuration decides.
 */
public record EmbeddedMemory(long pageCacheBytes, long transactionBytes) {

    /** The smallest page cache accepted: below this Neo4j spends its time evicting pages. */
    static final long MIN_PAGE_CACHE = 8L << 20;

    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})([kmg]?)");

    static EmbeddedMemory parse(String pageCache, String transactions) {
        long cache = bytes(Setting.EMBEDDED_PAGECACHE, pageCache);
        if (cache < MIN_PAGE_CACHE) {
            throw new StartupFailure(Setting.EMBEDDED_PAGECACHE.env() + " must be at least 8m, not '" + pageCache
                    + "'", null);
        }
        return new EmbeddedMemory(cache, bytes(Setting.EMBEDDED_TX_MEMORY, transactions));
    }

    /** A size as Neo4j writes them: plain bytes, or a number followed by k, m or g (powers of 1024). */
    static long bytes(Setting s, String raw) {
        Matcher m = SIZE.matcher(raw.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new StartupFailure(s.env() + " must be a size in bytes, or a number followed by k, m or g"
                    + " (512m, 4g), not '" + raw + "'", null);
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            default -> 0;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) {
            throw new StartupFailure(s.env() + " is too large: '" + raw + "'", null);
        }
        return n << shift;
    }
}
