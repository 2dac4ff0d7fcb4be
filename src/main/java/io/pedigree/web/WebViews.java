package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The server-rendered pages and their static assets. */
public final class WebViews {

    private final Supplier<Map<String, Object>> status;

    /** {@code status} supplies what the home page shows about the server (Neo4j, schema, auth mode). */
    public WebViews(Supplier<Map<String, Object>> status) {
        this.status = status;
    }

    public void register(JavalinConfig config) {
        config.fileRenderer(new ThymeleafRenderer());
        config.staticFiles.add(s -> {
            s.hostedPath = "/static";
            s.directory = "/static";
            s.location = Location.CLASSPATH;
        });
        config.routes.get("/", this::home);
    }

    private void home(Context ctx) {
        Map<String, Object> model = new LinkedHashMap<>(status.get());
        ctx.header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        ctx.render("home", model);
    }
}
