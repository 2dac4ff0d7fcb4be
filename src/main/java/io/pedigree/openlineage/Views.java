package io.pedigree.openlineage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the OpenLineage service answers: ingest outcomes, stored events, runs and jobs. */
public final class Views {

    private Views() {
    }

    /** The outcome of one event: {@code created} or {@code duplicate}, by the digest of the canonical event. */
    public record Ingested(String status, String digest, String key) {
        public boolean created() {
            return status.equals("created");
        }
    }

    /** The outcome of one event of a batch, by its index; {@code retriable} says whether sending it again can help. */
    public record BatchItem(int index, String status, String digest, String reason, String field,
                            boolean retriable) {
    }

    /** An event as received, with what Pedigree read from it. */
    public record StoredEvent(String digest, String type, String eventType, Instant eventTime, String producer,
                              String runId, String job, Instant receivedAt, String receivedBy, String event,
                              String state, String refused) {
    }

    /**
     * A dataset a run read or wrote: the version it stands for, its OpenLineage identity, readable statistics,
     * and the input or output facets with the column lineage as sent.
     */
    public record DatasetRef(String key, String namespace, String name, String version, Instant at,
                             Map<String, Object> properties, Map<String, Object> facets) {
    }

    /** A run in a list: enough for a job page's table. */
    public record RunRow(String key, String runId, String jobNamespace, String jobName, String state,
                         Instant startedAt, Instant endedAt, Double durationSeconds, String errorMessage,
                         List<String> inputs, List<String> outputs) {
    }

    /** A run with its facets, parent, children, datasets and events. */
    public record RunView(String key, String runId, String jobKey, String jobNamespace, String jobName, String state,
                          Instant startedAt, Instant endedAt, Double durationSeconds, String errorMessage,
                          List<String> producers, Map<String, Object> facets, RunRow parent, List<RunRow> children,
                          List<DatasetRef> inputs, List<DatasetRef> outputs, List<StoredEvent> events,
                          long eventCount) {
    }

    /** A job with its properties, facets and latest runs, failures first. */
    public record JobView(String key, String namespace, String name, Map<String, Object> properties,
                          Map<String, Object> facets, List<String> owners, List<RunRow> runs, long runCount) {
    }

    /** A job in a list of jobs, with how many runs it has. */
    public record JobRow(String key, String namespace, String name, long runCount) {
    }

    /** A producer that has sent events, by its {@code producer} URI. */
    public record Producer(String producer, long events, Instant lastReceivedAt) {
    }

    /** What a replay re-applied. */
    public record Replay(long events, long runs) {
    }
}
