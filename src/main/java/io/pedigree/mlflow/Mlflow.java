package io.pedigree.mlflow;

import io.pedigree.artifacts.Artifacts;
import io.pedigree.audit.AuditLog;
import io.pedigree.governance.Gates;
import io.pedigree.governance.Lifecycle;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.Limits;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.Models;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Versions;
import io.pedigree.store.Database;

import java.time.Clock;

/** The services behind the MLflow-compatible API, built together from Pedigree's own. */
public record Mlflow(RegisteredModels models, ModelVersions versions, Experiments experiments, Runs runs,
                     ArtifactFiles artifacts) {

    public static Mlflow create(Database db, Registry registry, Models models, Versions versions, Gates gates,
                                Lifecycle lifecycle, GraphWriter writer, AuditLog audit, Limits limits, Clock clock,
                                Artifacts artifacts, Evaluations evaluations) {
        RunMetrics metrics = new RunMetrics(db, evaluations);
        Runs runs = new Runs(db, writer, audit, limits, clock, metrics);
        return new Mlflow(new RegisteredModels(db, registry, models, gates, clock),
                new ModelVersions(db, registry, models, versions, lifecycle, runs, metrics, audit, clock),
                new Experiments(db, audit, clock), runs, new ArtifactFiles(db, artifacts, audit, clock));
    }
}
