// Production thresholds: one watch per deployment, rule and measured metric holds the run of crossing
// measurements so far; one guard per deployment and rule names its open alert, so there is never a second.
CREATE CONSTRAINT alert_watch IF NOT EXISTS FOR (w:AlertWatch) REQUIRE (w.deployment, w.rule, w.metric) IS UNIQUE;
CREATE CONSTRAINT alert_guard IF NOT EXISTS FOR (g:AlertGuard) REQUIRE (g.deployment, g.rule) IS UNIQUE;
