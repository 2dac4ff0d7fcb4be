// API tokens are stored only as SHA-256 hashes of their secret part.
CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE;
CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.hash IS UNIQUE;

// Guards one-time bootstrap steps (the first admin token) when several instances start at once.
CREATE CONSTRAINT bootstrap_id IF NOT EXISTS FOR (b:Bootstrap) REQUIRE b.id IS UNIQUE;
