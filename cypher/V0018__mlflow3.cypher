// Run searches compare and sort latest metrics as numbers under metric.<key> on the run. Runs whose metrics were
// all logged before those properties existed have none, so metrics.<key> filters missed them: each gets them here
// from its metric history, per key the point MLflow calls latest (highest step, then latest timestamp). Runs that
// have any metric.<key> were written since and hold all their latest metrics already, so running this again
// changes nothing.
MATCH (r:MlflowRun)
WHERE r.metrics IS NOT NULL AND r.metrics <> '{}' AND none(k IN keys(r) WHERE k STARTS WITH 'metric.')
CALL (r) {
    MATCH (m:MlflowMetric {run: r.id})
    WITH m ORDER BY m.step DESC, m.timestamp DESC
    WITH m.key AS key, collect(m.value)[0] AS value
    SET r['metric.' + key] = value
};
