-- Accounts. An API token acts with the roles its owner held when it was made, and stops
-- working once the owner no longer holds every one of them (a role taken away ends it; a role
-- given later does not widen it). Tokens made before this migration are recorded with the
-- roles their owners hold now.
CREATE TABLE api_token_roles (
  id INTEGER PRIMARY KEY,
  token_id INTEGER NOT NULL REFERENCES api_tokens (id),
  role TEXT NOT NULL,
  school_id INTEGER REFERENCES schools (id)
);
CREATE INDEX api_token_roles_token ON api_token_roles (token_id);
INSERT INTO api_token_roles (token_id, role, school_id)
  SELECT t.id, r.role, r.school_id FROM api_tokens t JOIN user_roles r ON r.user_id = t.user_id
  WHERE t.revoked_at IS NULL;

-- A sign-in attempt is counted as a failure before its password is checked (a reservation,
-- so that parallel guesses cannot outrun the limit); checked_at is set once the password was
-- checked and found wrong. A correct password deletes the account's failures.
ALTER TABLE login_failures ADD COLUMN checked_at INTEGER;
CREATE INDEX login_failures_address_email ON login_failures (client_address, email, at);
