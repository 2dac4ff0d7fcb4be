package io.pedigree.api;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.pedigree.corrections.PersonalData;
import io.pedigree.corrections.Retractions;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.RelationType;

/** Corrections: retracting what was recorded in error (writers), erasing a person's data on request (admins). */
final class CorrectionRoutes {

    /** A node ({@code key}) or a relation to retract, and why. */
    record RetractionBody(String key, RelationRef relation, String reason) {
    }

    /** A recorded relation: without {@code validFrom}, the open one. */
    record RelationRef(String from, String type, String to, String validFrom) {
    }

    /** The person whose data to erase, and the request's reference. */
    record ErasureBody(String key, String reason) {
    }

    private final Retractions retractions;
    private final PersonalData personalData;
    private final JsonBody body;
    private final Consistency consistency;

    CorrectionRoutes(Retractions retractions, PersonalData personalData, JsonBody body, Consistency consistency) {
        this.retractions = retractions;
        this.personalData = personalData;
        this.body = body;
        this.consistency = consistency;
    }

    void register(JavalinConfig config) {
        config.routes.post("/api/v1/retractions", consistency.wrap(this::retract), Access.WRITER);
        config.routes.post("/api/v1/admin/erasures", consistency.wrap(this::erase), Access.ADMIN);
    }

    private void retract(Context ctx) throws Exception {
        RetractionBody b = body.read(ctx, RetractionBody.class);
        String actor = Access.principal(ctx).name();
        Object done;
        if ((b.key() == null) == (b.relation() == null)) {
            throw new InvalidInput("key", "Name either a node (key) or a relation (relation) to retract");
        } else if (b.key() != null) {
            done = retractions.retractNode(NodeKey.parse("key", b.key()), b.reason(), actor);
        } else {
            RelationRef r = b.relation();
            done = retractions.retractRelation(NodeKey.parse("relation.from", r.from()),
                    RelationType.parse("relation.type", r.type()), NodeKey.parse("relation.to", r.to()),
                    r.validFrom() == null ? null : Params.instant("relation.validFrom", r.validFrom()), b.reason(),
                    actor);
        }
        consistency.bookmark(ctx);
        ctx.json(done);
    }

    private void erase(Context ctx) throws Exception {
        ErasureBody b = body.read(ctx, ErasureBody.class);
        var done = personalData.erase(NodeKey.parse("key", b.key()), b.reason(), Access.principal(ctx).name());
        consistency.bookmark(ctx);
        ctx.json(done);
    }
}
