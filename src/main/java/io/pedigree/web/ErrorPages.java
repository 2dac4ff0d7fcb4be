package io.pedigree.web;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/** Shows an error on a page route as a readable page, keeping its status; the API answers problem+json. */
final class ErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

    void render(Context ctx, int status, String title, String detail) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("status", status);
        model.put("title", title);
        model.put("detail", status == 401 ? "Sign in with an API token to see this page." : detail);
        model.put("next", Guard.here(ctx));
        ctx.status(status);
        try {
            ctx.render("error", model);
        } catch (RuntimeException e) {
            LOG.error("The error page for {} {} could not be rendered", status, ctx.path(), e);
            ctx.contentType("text/plain; charset=utf-8").result(status + " " + title);
        }
    }
}
