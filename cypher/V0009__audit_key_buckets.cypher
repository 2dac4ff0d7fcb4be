// Keys a large batch touched beyond the ones its audit event lists, kept in hash buckets (AuditKeys): the filter
// by key seeks its bucket through this index.
CREATE INDEX audit_keys_bucket IF NOT EXISTS FOR (k:AuditKeys) ON (k.bucket);
