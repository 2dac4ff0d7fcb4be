package io.pedigree.api;

import io.pedigree.artifacts.Artifacts;
import io.pedigree.audit.AuditLog;
import io.pedigree.audit.Checkpoints;
import io.pedigree.evidence.EvidencePacks;
import io.pedigree.export.Backups;
import io.pedigree.auth.TokenService;
import io.pedigree.auth.oidc.SingleSignOn;
import io.pedigree.corrections.PersonalData;
import io.pedigree.corrections.Retractions;
import io.pedigree.fields.FieldQueries;
import io.pedigree.fields.FieldWriter;
import io.pedigree.governance.Deployments;
import io.pedigree.governance.Gates;
import io.pedigree.governance.Lifecycle;
import io.pedigree.governance.Quarantines;
import io.pedigree.governance.Rollbacks;
import io.pedigree.governance.Serving;
import io.pedigree.lineage.GraphWriter;
import io.pedigree.lineage.LineageService;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeReader;
import io.pedigree.mlflow.Mlflow;
import io.pedigree.notify.Webhooks;
import io.pedigree.observability.Alerts;
import io.pedigree.observability.Changes;
import io.pedigree.observability.Incidents;
import io.pedigree.observability.Measurements;
import io.pedigree.openlineage.OpenLineage;
import io.pedigree.prov.Prov;
import io.pedigree.registry.Comparisons;
import io.pedigree.registry.Evaluations;
import io.pedigree.registry.Models;
import io.pedigree.registry.Registry;
import io.pedigree.registry.Versions;
import io.pedigree.runtime.Bookmarks;
import io.pedigree.runtime.Status;

/** The services the HTTP API calls, built by the composition root. */
public record Services(Status status, Bookmarks bookmarks, GraphWriter writer, NodeReader reader, LineageService lineage,
                       TokenService tokens, AuditLog audit, Limits limits, Registry registry, Models models,
                       Versions versions, Evaluations evaluations,
                       Comparisons comparisons, Gates gates, Lifecycle lifecycle, Quarantines quarantines,
                       Deployments deployments, Serving serving, Rollbacks rollbacks,
                       Artifacts artifacts, Retractions retractions, PersonalData personalData,
                       OpenLineage openLineage, FieldWriter fieldWriter, FieldQueries fieldQueries,
                       Mlflow mlflow, Prov prov, Measurements measurements, Incidents incidents,
                       Changes changes, SingleSignOn sso, Checkpoints checkpoints, EvidencePacks evidence,
                       Webhooks webhooks, Alerts alerts, Backups backups) {
}
