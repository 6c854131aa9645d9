-- E-mail for notifications: a transactional outbox. A message is written, whole, in the same
-- transaction as the action that causes it, and a delivery worker sends it afterwards with
-- retries. A worker leases a message before sending it (lease_until), so that several servers
-- on one database send each message once; a lease left by a stopped server runs out and the
-- message is tried again, under the same Message-ID.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  notification_id INTEGER REFERENCES notifications (id),
  recipient_id INTEGER NOT NULL REFERENCES users (id),
  recipient TEXT NOT NULL,         -- the address, as it was when the message was written
  message_id TEXT NOT NULL UNIQUE, -- <...@...>, the same on every attempt
  message TEXT NOT NULL,           -- the whole RFC 5322 message, headers and MIME body
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  sent_at INTEGER,
  failed_at INTEGER,               -- given up after the last attempt
  last_error TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
