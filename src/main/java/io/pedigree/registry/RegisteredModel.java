package io.pedigree.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered model: its description, owner, tags and policy, its aliases and its version in production, and the
 * names it had before renames (oldest first), under which audit events up to each rename cite it.
 */
public record RegisteredModel(String name, String key, String description, String owner, Map<String, String> tags,
                              Policy policy, Map<String, Integer> aliases, Integer productionVersion,
                              int latestVersion, Instant createdAt, String createdBy, List<FormerName> formerNames) {

    public RegisteredModel {
        formerNames = formerNames == null ? List.of() : List.copyOf(formerNames);
    }

    /** A name the model had until the rename recorded as audit event {@code renamedAtSeq}. */
    public record FormerName(String name, long renamedAtSeq) {
    }
}
