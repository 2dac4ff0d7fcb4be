// Sign-ins through the identity provider on their way back: found by the SHA-256 of the id the browser holds in a
// cookie, deleted as the callback reads them, cleared in batches once expired.
CREATE CONSTRAINT oidc_login_id_hash IF NOT EXISTS FOR (l:OidcLogin) REQUIRE l.idHash IS UNIQUE;
CREATE INDEX oidc_login_expires IF NOT EXISTS FOR (l:OidcLogin) ON (l.expiresAt);
