package io.pedigree.governance;

import io.pedigree.lineage.Impact;

import java.util.List;

/** A quarantine with everything downstream of its asset: the versions and deployments affected, and the impact. */
public record QuarantineImpact(Quarantine quarantine, List<String> affectedVersions,
                               List<Impact.AffectedDeployment> affectedDeployments, Impact impact) {

    public QuarantineImpact {
        affectedVersions = List.copyOf(affectedVersions);
        affectedDeployments = List.copyOf(affectedDeployments);
    }
}
