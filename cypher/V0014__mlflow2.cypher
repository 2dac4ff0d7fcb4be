// A retried runs/create finds the run its lost answer described by the request's digest.
CREATE INDEX mlflow_run_request IF NOT EXISTS FOR (r:MlflowRun) ON (r.request);

// The versions a run produced, whose evaluations follow the run's metrics.
CREATE INDEX mlflow_version_run IF NOT EXISTS FOR (s:ModelVersion) ON (s.mlflowRunId);

// MLflow clients assume experiment "0" (Default) exists; made here once so that reading it writes nothing.
MERGE (e:MlflowExperiment {id: '0'})
ON CREATE SET e.name = 'Default', e.artifactLocation = '', e.lifecycleStage = 'active',
    e.createdAt = timestamp(), e.updatedAt = timestamp(), e.tags = '{}';
