package io.pedigree.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.mlflow.Ml;
import io.pedigree.registry.ModelName;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The requests of MLflow's REST API (proto 2.17.2), with its snake_case names. */
final class MlflowBodies {

    private MlflowBodies() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ModelArgs(String name, String newName, String description, List<Ml.Tag> tags, String key, String value,
                     String alias, String version, List<String> stages, String filter, Integer maxResults,
                     List<String> orderBy, String pageToken) {
        ModelName model() {
            return ModelName.parse("name", name);
        }

        int number() {
            if (version == null || !version.matches("[0-9]{1,9}")) {
                throw new InvalidInput("version", "version is a version number, like \"3\"");
            }
            return Integer.parseInt(version);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record VersionArgs(String name, String version, String source, String runId, List<Ml.Tag> tags, String runLink,
                       String description, String key, String value, String stage, Boolean archiveExistingVersions,
                       String filter, Integer maxResults, List<String> orderBy, String pageToken) {
        ModelName model() {
            return ModelName.parse("name", name);
        }

        int number() {
            return new ModelArgs(name, null, null, null, null, null, null, version, null, null, null, null, null)
                    .number();
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record ExperimentArgs(String experimentId, String experimentName, String name, String artifactLocation,
                          List<Ml.Tag> tags, String key, String value, Integer maxResults, String pageToken,
                          String filter, Integer viewType, List<String> orderBy) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RunArgs(String runId, String runUuid, String experimentId, List<String> experimentIds, String runName,
                   Long startTime, Long endTime, String status, List<Ml.Tag> tags, String key, String value,
                   Long timestamp, Long step, List<Ml.Metric> metrics, List<Ml.Param> params,
                   List<Ml.DatasetInput> datasets, String metricKey, String filter, Integer maxResults,
                   String pageToken, List<String> orderBy) {
        String id() {
            return runId != null && !runId.isEmpty() ? runId : runUuid;
        }
    }

    static Map<String, String> tags(List<Ml.Tag> tags) {
        Map<String, String> out = new TreeMap<>();
        if (tags != null) {
            for (int i = 0; i < tags.size(); i++) {
                Ml.Tag t = tags.get(i);
                if (t == null || t.key() == null || t.key().isEmpty()) {
                    throw new InvalidInput("tags[" + i + "].key", "Every tag needs a key");
                }
                out.put(t.key(), t.value() == null ? "" : t.value());
            }
        }
        return out;
    }
}
