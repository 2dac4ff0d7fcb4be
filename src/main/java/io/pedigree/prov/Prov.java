package io.pedigree.prov;

import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.registry.Registry;
import io.pedigree.store.Database;

import java.time.Clock;

/** PROV-JSON in and out, built by the composition root. */
public record Prov(ProvExports exports, ProvImport imports) {

    public static Prov create(Database db, LineageService lineage, Registry registry, GraphWriter writer,
                              Limits limits, Clock clock) {
        return new Prov(new ProvExports(lineage, registry, db, clock, limits.maxDepth()),
                new ProvImport(writer, limits));
    }
}
