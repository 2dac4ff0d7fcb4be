package io.pedigree.api;

import io.javalin.http.Context;

/**
 * Shows an error to a person in a browser. Errors are still mapped to a status once, in {@link Problems}; only
 * requests outside {@code /api} see them as a page instead of {@code application/problem+json}.
 */
@FunctionalInterface
public interface ErrorPage {

    void render(Context ctx, int status, String title, String detail);
}
