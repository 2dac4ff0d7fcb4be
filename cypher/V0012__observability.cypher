// Hourly roll-ups of production measurements, one per deployment, metric, hour and serving version. The
// uniqueness constraint's index also serves chart queries: equality on deployment and metric, a range of hours.
CREATE CONSTRAINT measurement_bucket IF NOT EXISTS FOR (m:MeasurementBucket) REQUIRE (m.deployment, m.metric, m.bucket, m.version) IS UNIQUE;
// Pruning what is older than the retention.
CREATE INDEX measurement_bucket_time IF NOT EXISTS FOR (m:MeasurementBucket) ON (m.bucket);
// The metrics each deployment has, for its page, without reading its buckets.
CREATE CONSTRAINT metric_series IF NOT EXISTS FOR (s:MetricSeries) REQUIRE (s.deployment, s.metric) IS UNIQUE;
