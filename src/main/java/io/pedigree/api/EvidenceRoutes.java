package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.evidence.EvidencePack;
import io.pedigree.evidence.EvidencePacks;
import io.pedigree.evidence.ProofText;
import io.pedigree.registry.ModelName;

import java.util.function.UnaryOperator;

import static io.pedigree.api.RequestRules.params;

/**
 * The evidence pack of a model version, {@code /api/v1/models/{name}/versions/{version}/evidence}: the pack as
 * JSON, or its proof as the plain lines an auditor's script checks ({@code format=proof}).
 */
final class EvidenceRoutes {

    private final EvidencePacks packs;
    private final UnaryOperator<Handler> consistent;

    EvidenceRoutes(EvidencePacks packs, UnaryOperator<Handler> consistent) {
        this.packs = packs;
        this.consistent = consistent;
    }

    void register(JavalinConfig config) {
        config.routes.get("/api/v1/models/{name}/versions/{version}/evidence", consistent.apply(this::pack),
                Access.READER, params("format"));
    }

    private void pack(Context ctx) {
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format").trim();
        if (!format.equals("json") && !format.equals("proof")) {
            throw new InvalidInput("format", "format is json (the pack) or proof (its proof as plain lines)");
        }
        ModelName name = ModelName.parse("name", ctx.pathParam("name"));
        EvidencePack pack = packs.build(name, ctx.pathParam("version"), Access.principal(ctx).name());
        String file = ("evidence-" + name.value() + "-v" + pack.version().number()).replaceAll("[^A-Za-z0-9._-]", "_");
        if (format.equals("proof")) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + file + ".proof.txt\"");
            ctx.contentType("text/plain; charset=utf-8").result(ProofText.of(pack));
        } else {
            ctx.header("Content-Disposition", "inline; filename=\"" + file + ".json\"");
            ctx.json(pack);
        }
    }
}
