package io.pedigree.api;

import io.pedigree.artifacts.Artifacts;
import io.pedigree.audit.AuditLog;
import io.pedigree.auth.TokenService;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Gates;
import io.pedigree.governance.Lifecycle;
import io.pedigree.governance.Quarantines;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeReader;
import io.pedigree.openlineage.OpenLineage;
import io.pedigree.registry.Comparisons;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.Registry;
import io.pedigree.store.Database;

/** The services the HTTP API calls, built by the composition root. */
public record Services(Database db, GraphWriter writer, NodeReader reader, LineageService lineage,
                       TokenService tokens, AuditLog audit, Limits limits, Registry registry, Evaluations evaluations,
                       Comparisons comparisons, Gates gates, Lifecycle lifecycle, Quarantines quarantines,
                       Deployments deployments, Artifacts artifacts, OpenLineage openLineage) {
}
