// Other names of a dataset (the OpenLineage symlinks facet): each alias key resolves to one canonical dataset
// family key. One alias per key; the canonical's aliases are listed for its page and moved when it merges.
CREATE CONSTRAINT dataset_alias_key IF NOT EXISTS FOR (a:DatasetAlias) REQUIRE a.key IS UNIQUE;
CREATE INDEX dataset_alias_canonical IF NOT EXISTS FOR (a:DatasetAlias) ON (a.canonical);
