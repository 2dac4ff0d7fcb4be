package io.pedigree.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A registered model: its description, owner, tags and policy, its aliases and its version in production. */
public record RegisteredModel(String name, String key, String description, String owner, Map<String, String> tags,
                              Policy policy, Map<String, Integer> aliases, Integer productionVersion,
                              int latestVersion, Instant createdAt, String createdBy) {
}
