package io.pedigree.evidence;

import io.pedigree.audit.AuditEvent;
import io.pedigree.audit.ChainLink;
import io.pedigree.audit.Checkpoint;
import io.pedigree.governance.Approval;
import io.pedigree.governance.Quarantine;
import io.pedigree.governance.Taint;
import io.pedigree.governance.Transition;
import io.pedigree.lineage.LineageGraph;
import io.pedigree.observability.Incident;
import io.pedigree.registry.Evaluation;
import io.pedigree.registry.ModelVersion;
import io.pedigree.registry.RegisteredModel;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything Pedigree's records say about one model version, for a reviewer or auditor: what it is and what it
 * was made from, how it was evaluated, who approved it, how it moved and where it served, what quarantines touched
 * it, which production incidents were attributed to it, and the audit events behind each section ({@code citations}: section name to event numbers, each event in
 * {@code events} with its hash), with the {@link Proof} that ties those events to a signed checkpoint.
 */
public record EvidencePack(int format, Instant generatedAt, String generatedBy, RegisteredModel model,
                           ModelVersion version, String intendedUse, String riskLevel, List<DataAsset> data,
                           List<String> commits, LineageGraph lineage, List<Evaluation> evaluations,
                           List<Approval> approvals, List<Transition> transitions, List<Served> deployments,
                           List<Quarantine> quarantines, List<Taint> activeTaints, List<Incident> incidents,
                           List<AuditEvent> events,
                           Map<String, List<Long>> citations, Proof proof) {

    /** The version of this layout; a reader refuses a pack of a later one rather than misread it. */
    public static final int FORMAT = 1;

    /** A dataset (or other input) the version was trained or evaluated on, with its owners and licence. */
    public record DataAsset(String key, String kind, String role, List<String> owners, String licence,
                            String description) {
    }

    /** One period in which a deployment served this version. */
    public record Served(String deployment, String environment, Instant validFrom, Instant validTo,
                         String recordedBy, String closedBy, String rolledBack) {
    }

    /**
     * What makes the cited events checkable offline: every event from the first cited one to the checkpoint, each
     * as the text its hash digests (which holds the hash of the one before), and the checkpoint of the chain's head
     * at generation time, signed with the key whose public half is {@code publicKeyPem}.
     */
    public record Proof(Checkpoint checkpoint, String signedText, String publicKeyPem, List<ChainLink> chain) {
    }
}
