package io.pedigree.api;

import io.pedigree.lineage.NodeKey;
import io.pedigree.registry.EvaluationInput;
import io.pedigree.registry.ModelCard;
import io.pedigree.registry.Monitoring;
import io.pedigree.registry.Policy;
import io.pedigree.registry.VersionInput;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the registry and governance API, parsed into domain input at the edge. */
final class RegistryBodies {

    private RegistryBodies() {
    }

    record ModelBody(String name, String description, String owner, Map<String, String> tags, Policy policy) {
    }

    record ModelPatch(String description, String owner, Map<String, String> tags) {
    }

    record RenameBody(String newName, String reason) {
    }

    record PolicyBody(Policy.StageRules staging, Policy.StageRules production, List<String> governedAliases,
                      Monitoring monitoring, String reason) {
        Policy policy() {
            return new Policy(staging, production, governedAliases, monitoring);
        }
    }

    record VersionBody(String run, List<String> inputs, String baseModel, Map<String, Object> parameters,
                       List<VersionInput.ArtifactRef> artifacts, Map<String, Object> card, String description,
                       Map<String, String> tags, List<FieldBodies.FieldRefBody> features) {
        VersionInput toInput() {
            List<NodeKey> in = new ArrayList<>();
            List<String> raw = inputs == null ? List.of() : inputs;
            for (int i = 0; i < raw.size(); i++) {
                in.add(NodeKey.parse("inputs[" + i + "]", raw.get(i)));
            }
            return new VersionInput(key("run", run), in, key("baseModel", baseModel), parameters, artifacts,
                    ModelCard.parse("card", card), description, tags,
                    features == null ? List.of() : FieldBodies.refs(features, "features", new int[1]));
        }
    }

    record AdoptBody(Integer version, String description, Map<String, String> tags, Map<String, Object> card) {
    }

    record VersionPatch(String description, Map<String, String> tags, Map<String, Object> card, String reason) {
    }

    record AliasBody(Integer version, String reason) {
    }

    record EvaluationBody(String suite, String dataset, List<EvaluationInput.MetricInput> metrics, String notes,
                          String reviewer) {
        EvaluationInput toInput() {
            return new EvaluationInput(suite, key("dataset", dataset), metrics, notes, reviewer);
        }
    }

    record DecisionBody(String stage, String decision, String comment) {
    }

    record TransitionBody(String to, String reason, List<String> deployments, Integer replaces, Boolean override) {
    }

    record QuarantineBody(String key, String field, String reason) {
    }

    record ReasonBody(String reason) {
    }

    record DeploymentBody(String environment, String endpoint, String description, String owner) {
    }

    record ServeBody(String version, String reason) {
    }

    static NodeKey key(String field, String raw) {
        return raw == null || raw.isBlank() ? null : NodeKey.parse(field, raw);
    }
}
