package io.pedigree.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registered version: what produced it (run, inputs, base model, parameters, artifacts), fixed once registered,
 * and what may change (stage, description, tags, model card), each change audited.
 */
public record ModelVersion(String model, int number, String key, Stage stage, String description,
                           Map<String, String> tags, ModelCard card, String registeredBy, Instant registeredAt,
                           Instant stageChangedAt, String run, List<String> inputs, String baseModel,
                           Map<String, Object> parameters, List<Map<String, Object>> artifacts) {
}
