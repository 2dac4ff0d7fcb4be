// The model registry and its governance live beside the lineage graph, linked to its nodes; they never carry the
// Node label, so lineage, impact and search see only the assets themselves.
CREATE CONSTRAINT registered_model_name IF NOT EXISTS FOR (m:RegisteredModel) REQUIRE m.name IS UNIQUE;
CREATE CONSTRAINT model_version_key IF NOT EXISTS FOR (s:ModelVersion) REQUIRE s.key IS UNIQUE;
CREATE CONSTRAINT alias_id IF NOT EXISTS FOR (a:Alias) REQUIRE a.id IS UNIQUE;
CREATE CONSTRAINT quarantine_id IF NOT EXISTS FOR (q:Quarantine) REQUIRE q.id IS UNIQUE;

// Looking up what is in a stage, and which quarantines are in force.
CREATE INDEX model_version_stage IF NOT EXISTS FOR (s:ModelVersion) ON (s.model, s.stage);
CREATE INDEX alias_model IF NOT EXISTS FOR (a:Alias) ON (a.model);
CREATE INDEX quarantine_released IF NOT EXISTS FOR (q:Quarantine) ON (q.releasedAt);
