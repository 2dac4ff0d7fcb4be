package io.pedigree.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.pedigree.runtime.Bookmarks;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Read-your-writes across instances: handlers run with the bookmarks a client sent in {@code Pedigree-Bookmark},
 * and writes hand back the bookmark of what this instance has written.
 */
final class Consistency {

    static final String BOOKMARK_HEADER = "Pedigree-Bookmark";

    private final Bookmarks bookmarks;

    Consistency(Bookmarks bookmarks) {
        this.bookmarks = bookmarks;
    }

    Handler wrap(Handler h) {
        return ctx -> {
            Set<String> marks = new HashSet<>();
            var headers = ctx.req().getHeaders(BOOKMARK_HEADER);
            for (String header : headers == null ? List.<String>of() : Collections.list(headers)) {
                Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(marks::add);
            }
            Exception[] failure = new Exception[1];
            bookmarks.within(BOOKMARK_HEADER, marks, () -> {
                try {
                    h.handle(ctx);
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        };
    }

    void bookmark(Context ctx) {
        List<String> marks = bookmarks.current();
        if (!marks.isEmpty()) {
            ctx.header(BOOKMARK_HEADER, String.join(",", marks));
        }
    }
}
