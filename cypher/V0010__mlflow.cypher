// The MLflow-compatible API: experiments and runs are found by their MLflow ids, metric points by run and key.
CREATE CONSTRAINT mlflow_experiment_id IF NOT EXISTS FOR (e:MlflowExperiment) REQUIRE e.id IS UNIQUE;
CREATE CONSTRAINT mlflow_experiment_name IF NOT EXISTS FOR (e:MlflowExperiment) REQUIRE e.name IS UNIQUE;
CREATE CONSTRAINT mlflow_run_id IF NOT EXISTS FOR (r:MlflowRun) REQUIRE r.id IS UNIQUE;
CREATE INDEX mlflow_metric_run_key IF NOT EXISTS FOR (m:MlflowMetric) ON (m.run, m.key);
CREATE CONSTRAINT mlflow_artifact_path IF NOT EXISTS FOR (f:MlflowArtifactFile) REQUIRE f.path IS UNIQUE;
