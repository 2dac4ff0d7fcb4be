package io.pedigree.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Locale;
import java.util.Map;

/**
 * Renders Thymeleaf templates from {@code templates/} on the class path (javalin-rendering-thymeleaf has no
 * release for Javalin 7 that resolves here). Thymeleaf escapes every {@code th:text} value.
 *
 * <p>Besides a page's own model, every template sees what the layout needs: {@code site} (version, auth mode),
 * {@code viewer} (who is signed in, the form token), {@code here} (this page's path and query) and {@code fmt}.
 */
public final class ThymeleafRenderer implements FileRenderer {

    private final TemplateEngine engine = new TemplateEngine();
    private final Map<String, Object> site;

    public ThymeleafRenderer(Map<String, Object> site) {
        this.site = Map.copyOf(site);
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
        engine.setLinkBuilder(new StandardLinkBuilder() {
            // Pages live at the server root, so @{/node(key=...)} needs no servlet context to resolve against.
            @Override
            protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> parameters) {
                return "";
            }
        });
    }

    @Override
    public String render(String template, Map<String, ?> model, Context ctx) {
        org.thymeleaf.context.Context context = new org.thymeleaf.context.Context(Locale.ENGLISH);
        context.setVariable("site", site);
        context.setVariable("viewer", ctx.attribute(Viewer.ATTRIBUTE));
        context.setVariable("here", Guard.here(ctx));
        context.setVariable("fmt", Format.INSTANCE);
        model.forEach(context::setVariable);
        return engine.process(template, context);
    }
}
