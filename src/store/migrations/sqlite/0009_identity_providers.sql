-- Single sign-on (OpenID Connect): the district's identity providers, configured by district
-- administrators. The client secret is write-only through the API: never returned, never
-- logged, never in the audit log.
CREATE TABLE identity_providers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  button_label TEXT NOT NULL,
  issuer TEXT NOT NULL,
  client_id TEXT NOT NULL,
  client_secret TEXT NOT NULL,
  scopes TEXT NOT NULL,            -- space-separated, always with openid
  allowed_domains TEXT NOT NULL,   -- space-separated, lower case; empty: any domain
  hosted_domain TEXT,              -- Google Workspace hd to require
  tenant_id TEXT,                  -- Microsoft Entra tid to require
  enabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
