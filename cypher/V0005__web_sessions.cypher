// Browser sign-in sessions, stored only as SHA-256 hashes of their cookie value, like API tokens. Every instance
// behind a load balancer reads the same sessions, so none is kept in memory.
CREATE CONSTRAINT web_session_id_hash IF NOT EXISTS FOR (s:WebSession) REQUIRE s.idHash IS UNIQUE;

// Ending the sessions of a token, and clearing expired ones.
CREATE INDEX web_session_token IF NOT EXISTS FOR (s:WebSession) ON (s.tokenId);
CREATE INDEX web_session_expires IF NOT EXISTS FOR (s:WebSession) ON (s.expiresAt);
