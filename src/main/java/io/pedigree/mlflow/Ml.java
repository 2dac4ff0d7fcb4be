package io.pedigree.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;

/**
 * The MLflow wire shapes Pedigree answers with (protobuf JSON, snake_case): ids and version numbers are strings as
 * in MLflow's protos, timestamps milliseconds since the epoch.
 */
public final class Ml {

    private Ml() {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Tag(String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Alias(String alias, String version) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelVersion(String name, String version, Long creationTimestamp, Long lastUpdatedTimestamp,
                               String userId, String currentStage, String description, String source, String runId,
                               String status, String runLink, List<Tag> tags, List<String> aliases) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RegisteredModel(String name, Long creationTimestamp, Long lastUpdatedTimestamp, String userId,
                                  String description, List<ModelVersion> latestVersions, List<Tag> tags,
                                  List<Alias> aliases) {
    }

    /** One page of a search; {@code nextPageToken} is null on the last page. */
    public record Page<T>(List<T> items, String nextPageToken) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Experiment(String experimentId, String name, String artifactLocation, String lifecycleStage,
                             Long lastUpdateTime, Long creationTime, List<Tag> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunInfo(String runId, String runUuid, String runName, String experimentId, String userId,
                          String status, Long startTime, Long endTime, String artifactUri, String lifecycleStage) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Metric(String key, double value, long timestamp, long step) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Param(String key, String value) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunData(List<Metric> metrics, List<Param> params, List<Tag> tags) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dataset(String name, String digest, String sourceType, String source, String schema,
                          String profile) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record DatasetInput(List<Tag> tags, Dataset dataset) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunInputs(List<DatasetInput> datasetInputs) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Run(RunInfo info, RunData data, RunInputs inputs) {
    }
}
