package io.pedigree.mlflow;

import io.pedigree.error.PedigreeException.InvalidInput;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Paging of MLflow searches: the page token is an opaque offset into the ordered answer. */
final class Pages {

    static final int MAX_RESULTS = 1000;

    private Pages() {
    }

    /** The page size asked for: 100 when not given, at most {@link #MAX_RESULTS}. */
    static int max(Integer maxResults) {
        int max = maxResults == null || maxResults == 0 ? 100 : maxResults;
        if (max < 1 || max > MAX_RESULTS) {
            throw new InvalidInput("max_results", "max_results is between 1 and " + MAX_RESULTS);
        }
        return max;
    }

    /**
     * A page read from the database with {@code SKIP from LIMIT max + 1}: the extra row, when there is one, only
     * says that another page follows.
     */
    static <T> Ml.Page<T> of(List<T> rows, int from, int max) {
        List<T> items = rows.size() > max ? List.copyOf(rows.subList(0, max)) : List.copyOf(rows);
        return new Ml.Page<>(items, rows.size() > max ? token(from + max) : null);
    }

    static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("o:" + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    static int offset(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (s.startsWith("o:")) {
                int n = Integer.parseInt(s.substring(2));
                if (n >= 0) {
                    return n;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new InvalidInput("page_token", "page_token is not one this server gave out");
    }
}
