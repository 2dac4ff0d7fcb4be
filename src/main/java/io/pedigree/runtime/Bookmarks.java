package io.pedigree.runtime;

import io.pedigree.store.Database;

import java.util.List;
import java.util.Set;

/**
 * Read-your-writes across instances, as plain strings: the HTTP side passes on the bookmarks a client sent and
 * hands back those of this instance's writes, without knowing how the store keeps them.
 */
public final class Bookmarks {

    private final Database db;

    public Bookmarks(Database db) {
        this.db = db;
    }

    /**
     * Runs {@code body} so that its reads see at least what {@code values} mark; a value this service did not
     * hand out is refused as invalid input named {@code source}.
     */
    public void within(String source, Set<String> values, Runnable body) {
        db.withClientBookmarks(source, values, body);
    }

    /** The bookmarks of everything this instance has written. */
    public List<String> current() {
        return db.currentBookmarks();
    }
}
