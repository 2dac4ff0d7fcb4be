// The audit log is a hash chain of events, numbered without gaps from 1. One head node holds the number and hash
// of the last event; every append locks it, so events are strictly ordered.
CREATE CONSTRAINT audit_event_seq IF NOT EXISTS FOR (e:AuditEvent) REQUIRE e.seq IS UNIQUE;
CREATE CONSTRAINT audit_head_id IF NOT EXISTS FOR (h:AuditHead) REQUIRE h.id IS UNIQUE;

// Filters of the audit reader: by time, by target, by actor, by action.
CREATE INDEX audit_event_at IF NOT EXISTS FOR (e:AuditEvent) ON (e.at);
CREATE INDEX audit_event_target IF NOT EXISTS FOR (e:AuditEvent) ON (e.target);
CREATE INDEX audit_event_actor IF NOT EXISTS FOR (e:AuditEvent) ON (e.actor);
CREATE INDEX audit_event_action IF NOT EXISTS FOR (e:AuditEvent) ON (e.action);
