package io.pedigree.lineage;

import io.pedigree.error.PedigreeException.Conflict;
import org.neo4j.driver.TransactionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A retracted key stays taken and out of answers: nothing new may be written to it or linked to it. */
final class Retracted {

    private static final int MAX_REPORTED = 20;

    private static final String RETRACTED_KEYS = """
            UNWIND $keys AS key
            MATCH (n:Node {key: key}) WHERE n.retractedAt IS NOT NULL
            RETURN collect(key) AS retracted
            """;

    private Retracted() {
    }

    /** Refuses the batch if it writes, owns or links any retracted key. */
    static void refuse(TransactionContext tx, Batch batch, int chunkSize) {
        Set<String> keys = new TreeSet<>();
        batch.nodes().forEach(n -> {
            keys.add(n.key().toString());
            if (n.owner() != null) {
                keys.add(n.owner().toString());
            }
        });
        batch.relations().forEach(r -> {
            keys.add(r.from().toString());
            keys.add(r.to().toString());
        });
        List<String> retracted = new ArrayList<>();
        for (List<String> chunk : Chunks.of(new ArrayList<>(keys), chunkSize)) {
            retracted.addAll(tx.run(RETRACTED_KEYS, Map.of("keys", chunk)).single().get("retracted")
                    .asList(v -> v.asString()));
        }
        if (!retracted.isEmpty()) {
            throw new Conflict(retracted.size() + " key(s) were retracted, first " + retracted.get(0)
                    + "; nothing was written. A retracted key stays taken: record the correction under a new key",
                    retracted.stream().limit(MAX_REPORTED)
                            .map(k -> Map.<String, Object>of("key", k, "retracted", true)).toList());
        }
    }
}
