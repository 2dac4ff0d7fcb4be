package io.pedigree.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.evidence.EvidencePack;
import io.pedigree.evidence.EvidencePacks;
import io.pedigree.governance.Quarantine;
import io.pedigree.registry.ModelName;
import io.pedigree.web.graph.Diagram;
import io.pedigree.web.graph.LineageDiagram;
import io.pedigree.web.graph.Links;
import io.pedigree.web.graph.Marks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The evidence pack of a model version as a printable page ({@code /model/evidence}) and as a PDF of the same
 * page ({@code /model/evidence.pdf}); the JSON and the proof lines are API answers the page links to.
 */
final class EvidencePages {

    private final EvidencePacks packs;
    private final ThymeleafRenderer renderer;
    // The whole drawing, never collapsed into groups: a printed page has no buttons to open them.
    private final LineageDiagram diagram = new LineageDiagram(Integer.MAX_VALUE, 400);
    private final String css;

    EvidencePages(EvidencePacks packs, Map<String, Object> site) {
        this.packs = packs;
        this.renderer = new ThymeleafRenderer(site);
        this.css = resource("/static/evidence.css");
    }

    void register(JavalinConfig config) {
        config.routes.get("/model/evidence", this::page, PageRole.READER);
        config.routes.get("/model/evidence.pdf", this::pdf, PageRole.READER);
    }

    private void page(Context ctx) {
        ctx.html(html(ctx, false));
    }

    private void pdf(Context ctx) {
        String html = html(ctx, true);
        EvidencePack pack = ctx.attribute("pack");
        String file = ("evidence-" + pack.model().name() + "-v" + pack.version().number())
                .replaceAll("[^A-Za-z0-9._-]", "_");
        ctx.header("Content-Disposition", "attachment; filename=\"" + file + ".pdf\"");
        ctx.contentType("application/pdf").result(EvidencePdf.render(html));
    }

    private String html(Context ctx, boolean pdf) {
        ModelName name = ModelName.parse("name", ctx.queryParam("name"));
        String ref = ctx.queryParam("version");
        if (ref == null || ref.isBlank()) {
            throw new io.pedigree.error.PedigreeException.InvalidInput("version",
                    "version is a version number or alias, like 3 or champion");
        }
        Viewer viewer = ctx.attribute(Viewer.ATTRIBUTE);
        EvidencePack pack = packs.build(name, ref.trim(), viewer.principal().name());
        ctx.attribute("pack", pack);
        Set<String> quarantined = pack.quarantines().stream().filter(Quarantine::active)
                .filter(q -> q.field() == null).map(Quarantine::key).collect(Collectors.toSet());
        Diagram drawn = diagram.draw(pack.lineage(), new Marks(quarantined, Set.of()), Set.of(),
                new Links(k -> "/node?key=" + NodeGraphs.enc(k), g -> "#"));
        Map<Long, io.pedigree.audit.AuditEvent> events = new HashMap<>();
        pack.events().forEach(e -> events.put(e.seq(), e));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("pack", pack);
        model.put("drawing", pdf ? EvidencePdf.printable(drawn.svg()) : drawn.svg());
        model.put("events", events);
        model.put("pdf", pdf);
        model.put("css", pdf ? css : "");
        String api = "/api/v1/models/" + NodeGraphs.enc(name.value()).replace("+", "%20") + "/versions/"
                + pack.version().number() + "/evidence";
        model.put("jsonUrl", api);
        model.put("proofUrl", api + "?format=proof");
        model.put("pdfUrl", "/model/evidence.pdf?name=" + NodeGraphs.enc(name.value()) + "&version="
                + pack.version().number());
        return renderer.render("evidence", model, ctx);
    }

    private static String resource(String path) {
        try (InputStream in = EvidencePages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
