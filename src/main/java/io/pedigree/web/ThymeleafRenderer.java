package io.pedigree.web;

import io.javalin.http.Context;
import io.javalin.rendering.FileRenderer;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import java.util.Locale;
import java.util.Map;

/**
 * Renders Thymeleaf templates from {@code templates/} on the class path (javalin-rendering-thymeleaf has no
 * release for Javalin 7 that resolves here). Thymeleaf escapes every {@code th:text} value.
 */
public final class ThymeleafRenderer implements FileRenderer {

    private final TemplateEngine engine = new TemplateEngine();

    public ThymeleafRenderer() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        engine.setTemplateResolver(resolver);
    }

    @Override
    public String render(String template, Map<String, ?> model, Context ctx) {
        org.thymeleaf.context.Context context = new org.thymeleaf.context.Context(Locale.ENGLISH);
        model.forEach(context::setVariable);
        return engine.process(template, context);
    }
}
