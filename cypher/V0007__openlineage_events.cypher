// OpenLineage events as received, content-addressed by the SHA-256 of the canonical event: sending one again
// finds it here and changes nothing.
CREATE CONSTRAINT ol_event_digest IF NOT EXISTS FOR (e:OlEvent) REQUIRE e.digest IS UNIQUE;

// Listing the events of a run or a job, and the producers that sent them.
CREATE INDEX ol_event_run IF NOT EXISTS FOR (e:OlEvent) ON (e.runKey);
CREATE INDEX ol_event_run_id IF NOT EXISTS FOR (e:OlEvent) ON (e.runId);
CREATE INDEX ol_event_job IF NOT EXISTS FOR (e:OlEvent) ON (e.jobKey);
CREATE INDEX ol_event_producer IF NOT EXISTS FOR (e:OlEvent) ON (e.producer);

// Recent failed runs for the home page, and a run found by its OpenLineage run id alone.
CREATE INDEX ol_run_state IF NOT EXISTS FOR (n:Run) ON (n.olState, n.olEndedAt);
CREATE INDEX ol_run_id IF NOT EXISTS FOR (n:Run) ON (n.olRunId);
