package io.pedigree.api;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.pedigree.store.Database;

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

    private final Database db;

    Consistency(Database db) {
        this.db = db;
    }

    Handler wrap(Handler h) {
        return ctx -> {
            Set<String> marks = new HashSet<>();
            var headers = ctx.req().getHeaders(BOOKMARK_HEADER);
            for (String header : headers == null ? List.<String>of() : Collections.list(headers)) {
                Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(marks::add);
            }
            Exception[] failure = new Exception[1];
            db.withClientBookmarks(BOOKMARK_HEADER, marks, () -> {
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
        List<String> marks = db.currentBookmarks();
        if (!marks.isEmpty()) {
            ctx.header(BOOKMARK_HEADER, String.join(",", marks));
        }
    }
}
