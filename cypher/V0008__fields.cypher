// Fields belong to a dataset family, not to each version: a table written every minute keeps one node per column.
// A field is named by its dataset family key and its path (nested fields joined with '.'); path '' stands for
// the whole dataset and carries dataset-wide dependencies (joins, filters).
CREATE CONSTRAINT field_identity IF NOT EXISTS FOR (f:Field) REQUIRE (f.dataset, f.path) IS UNIQUE;

// A schema is shared by every version that has it (names and types, in order), so a new version with the same
// schema adds one relation, not one per field.
CREATE CONSTRAINT schema_id IF NOT EXISTS FOR (s:Schema) REQUIRE s.id IS UNIQUE;
