package io.pedigree.openlineage;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Kind;
import io.pedigree.lineage.NodeKey;

/**
 * Pedigree keys for OpenLineage identities: the namespace goes between braces, so
 * {@code (postgres://db:5432, shop.public.orders)} is {@code dataset:{postgres://db:5432}shop.public.orders} and
 * a job {@code (airflow, etl.load)}'s runs are {@code run:{airflow}etl.load@<runId>}.
 */
final class Keys {

    private Keys() {
    }

    static NodeKey of(Kind kind, OlEvent.Identity id, String version, String field) {
        try {
            NodeKey key = new NodeKey(kind, id.namespace(), id.name(), version);
            if (key.toString().length() > NodeKey.MAX_LENGTH) {
                throw new InvalidInput(field, "The namespace and name make a key longer than " + NodeKey.MAX_LENGTH
                        + " characters");
            }
            return key;
        } catch (InvalidInput e) {
            throw new InvalidInput(field, e.detail());
        }
    }

    static NodeKey job(OlEvent.Identity job) {
        return of(Kind.RUN, job, null, "$.job.name");
    }

    static NodeKey run(OlEvent.Identity job, String runId) {
        return of(Kind.RUN, job, runId, "$.run.runId");
    }
}
