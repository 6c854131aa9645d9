-- Single sign-on (OpenID Connect), the sign-in itself.
-- A sign-in under way between Trellis and the provider: found again by its state (stored as a
-- SHA-256 hash, like session tokens), used once, good for 10 minutes. The nonce and the PKCE
-- verifier are kept because the callback must present them.
CREATE TABLE oidc_logins (
  state_hash TEXT PRIMARY KEY,
  provider_id INTEGER NOT NULL REFERENCES identity_providers (id),
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  return_to TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX oidc_logins_created_at ON oidc_logins (created_at);

-- Which staff account a provider's subject signs in as: remembered on the first sign-in (found
-- by verified e-mail), matched by subject afterwards. One per account and provider.
CREATE TABLE staff_identities (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id),
  provider_id INTEGER NOT NULL REFERENCES identity_providers (id),
  subject TEXT NOT NULL,
  email TEXT NOT NULL,             -- the verified e-mail it was first matched by
  created_at INTEGER NOT NULL,
  last_sign_in_at INTEGER NOT NULL,
  UNIQUE (provider_id, subject),
  UNIQUE (provider_id, user_id)
);
