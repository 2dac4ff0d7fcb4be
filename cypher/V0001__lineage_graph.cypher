// Every node carries the label Node plus its kind's label, and a unique, canonical key.
CREATE CONSTRAINT node_key IF NOT EXISTS FOR (n:Node) REQUIRE n.key IS UNIQUE;

// Listing and search: by kind and name, by family (versions of a model, dataset, ...), by lowercase name text.
CREATE INDEX node_kind_name IF NOT EXISTS FOR (n:Node) ON (n.kind, n.name);
CREATE INDEX node_family IF NOT EXISTS FOR (n:Node) ON (n.family);
CREATE TEXT INDEX node_name_text IF NOT EXISTS FOR (n:Node) ON (n.nameLower);
